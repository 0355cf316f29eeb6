# policy: default
# inputs: {"config": {"retries": "three"}}
# error: {"type": "exception", "exception": "ValueError", "message": "config 'retries' must be an integer, got 'three'", "line": 10}
# expect: null
def setting(cfg, key):
    raw = cfg[key]
    try:
        return int(raw)
    except ValueError:
        raise ValueError(f"config {key!r} must be an integer, got {raw!r}") from None


def main(inputs):
    return {"retries": setting(inputs["config"], "retries")}
