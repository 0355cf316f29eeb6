# policy: data
# expect: {"rows":4,"top":["widget","widget"],"total":535.74}
import pandas as pd

def main(inputs):
    df = pd.read_csv("sales.csv")
    top = df.sort_values("amount", ascending=False).head(2)
    return {"rows": len(df), "top": top["product"].tolist(), "total": round(float(df["amount"].sum()), 2)}
