# policy: data
# inputs: {"base": "defaults: &d\n  retries: 3\n  timeout: 1.5\nprod:\n  <<: *d\n  timeout: 10\n  hosts: [a.example, b.example]\n  since: 2024-01-02\n", "override": {"prod": {"retries": 5}}}
# expect: {"prod":{"retries":5,"timeout":10,"hosts":["a.example","b.example"],"since":"2024-01-02"},"date_type":true,"dump":"hosts:\n- a.example\n- b.example\nretries: 5\nsince: '2024-01-02'\ntimeout: 10\n","unsafe":"ConstructorError","bad":["expected ',' or ']', but got ':'",1],"docs":[{"a":1},{"b":2}],"c_loader":true}
import datetime

import yaml


def main(inputs):
    cfg = yaml.safe_load(inputs["base"])
    cfg["prod"].update(inputs["override"]["prod"])
    since = cfg["prod"]["since"]
    try:
        yaml.safe_load("!!python/object/apply:os.system ['true']")
        unsafe = None
    except yaml.YAMLError as e:
        unsafe = type(e).__name__
    try:
        yaml.safe_load("a: [1, 2\nb: 3")
        bad = None
    except yaml.MarkedYAMLError as e:
        bad = [e.problem, e.problem_mark.line]
    cfg["prod"]["since"] = since.isoformat()
    docs = list(yaml.safe_load_all("---\na: 1\n---\nb: 2\n"))
    return {"prod": cfg["prod"], "date_type": type(since) is datetime.date,
            "dump": yaml.safe_dump(cfg["prod"], sort_keys=True, default_flow_style=False),
            "unsafe": unsafe, "bad": bad, "docs": docs,
            "c_loader": hasattr(yaml, "CSafeLoader")}
