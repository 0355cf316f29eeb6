# policy: strict
# inputs: {"formula": "round(price * qty * (1 - discount) + max(fee, 2), 2)", "rows": [{"price": 19.99, "qty": 3, "discount": 0.15, "fee": 1.5}, {"price": 5, "qty": 10, "discount": 0, "fee": 4}], "bad": "__import__('os').system('id')", "literal": "[1, 2.5, 'ü', None, (True, -3)]"}
# expect: {"values":[52.97,54],"names":["discount","fee","price","qty"],"bad":"ValueError: not allowed: Call","literal":[1,2.5,"ü",null,[true,-3]]}
import ast
import operator
# A formula field's evaluator: parse with ast, walk only the node types it allows.
OPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv, ast.USub: operator.neg}
FUNCS = {"round": round, "max": max, "min": min, "abs": abs}
def evaluate(node, env):
    if isinstance(node, ast.Expression): return evaluate(node.body, env)
    if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)): return node.value
    if isinstance(node, ast.Name) and node.id in env: return env[node.id]
    if isinstance(node, ast.BinOp) and type(node.op) in OPS: return OPS[type(node.op)](evaluate(node.left, env), evaluate(node.right, env))
    if isinstance(node, ast.UnaryOp) and type(node.op) in OPS: return OPS[type(node.op)](evaluate(node.operand, env))
    if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in FUNCS and not node.keywords:
        return FUNCS[node.func.id](*(evaluate(a, env) for a in node.args))
    raise ValueError(f"not allowed: {type(node).__name__}")
def main(inputs):
    tree = ast.parse(inputs["formula"], mode="eval")
    names = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)} - FUNCS.keys())
    try:
        evaluate(ast.parse(inputs["bad"], mode="eval"), {})
    except ValueError as e:
        bad = f"{type(e).__name__}: {e}"
    return {"values": [evaluate(tree, row) for row in inputs["rows"]], "names": names, "bad": bad,
            "literal": ast.literal_eval(inputs["literal"])}
