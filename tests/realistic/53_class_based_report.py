# policy: default
# inputs: {"expenses": [["rent", 1200], ["food", 340.5], ["rent", 1200], ["fun", 99.99]]}
# expect: {"food":{"n":1,"total":340.5},"fun":{"n":1,"total":99.99},"rent":{"n":2,"total":2400}}
class Ledger:
    def __init__(self):
        self.entries = {}

    def add(self, category, amount):
        self.entries.setdefault(category, []).append(amount)

    def summary(self):
        return {c: {"n": len(a), "total": round(sum(a), 2)} for c, a in sorted(self.entries.items())}

def main(inputs):
    ledger = Ledger()
    for category, amount in inputs["expenses"]:
        ledger.add(category, amount)
    return ledger.summary()
