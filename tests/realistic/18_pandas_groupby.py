# policy: data
# inputs: {"rows": [{"team": "a", "pts": 3}, {"team": "b", "pts": 5}, {"team": "a", "pts": 4}]}
# expect: {"a":{"sum":7,"mean":3.5,"count":2},"b":{"sum":5,"mean":5.0,"count":1}}
import pandas as pd

def main(inputs):
    df = pd.DataFrame(inputs["rows"])
    g = df.groupby("team")["pts"].agg(["sum", "mean", "count"])
    return {team: {k: (float(v) if k == "mean" else int(v)) for k, v in row.items()} for team, row in g.iterrows()}
