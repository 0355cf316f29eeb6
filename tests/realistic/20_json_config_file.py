# policy: default
# inputs: {"env": "prod"}
# expect: {"debug":false,"retries":3,"timeout":30}
import json

def main(inputs):
    with open("config.json") as f:
        config = json.load(f)
    merged = {**config["defaults"], **config.get(inputs["env"], {})}
    return dict(sorted(merged.items()))
