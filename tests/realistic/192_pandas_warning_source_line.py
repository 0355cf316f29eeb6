# policy: data
# expect: {"shown":["<code>:13: SettingWithCopyWarning: ","  sub[\"flag\"] = sub[\"amount\"] > 100"]}
import contextlib
import io

import pandas as pd


def main(inputs):
    df = pd.DataFrame({"region": ["n", "s", "n"], "amount": [120.5, 99.9, 15.25]})
    sub = df[df.region == "n"]
    with contextlib.redirect_stderr(io.StringIO()) as err:
        sub["flag"] = sub["amount"] > 100
    lines = err.getvalue().splitlines()
    return {"shown": [lines[0][: lines[0].index("Warning: ") + 9], lines[-1]]}
