# policy: default
# inputs: {"formula": "price * qty * (1 - discount)", "rows": [{"price": 10, "qty": 3, "discount": 0.1}, {"price": 2.5, "qty": 4, "discount": 0}], "literal": "{'a': [1, 2, (3, 4)], 'b': None, 'c': 1e3}"}
# expect: {"vals":[27.0,10.0],"f":49,"names":["discount","price","qty"],"literal":{"a":[1,2,[3,4]],"b":null,"c":1000.0},"dump":"BinOp(left=Name(id='x', ctx=Load()), op=Add(), right=Constant(value=1))","unparse":"price * qty * (1 - discount)","simple_eval":1024}
import ast
def main(inputs):
    code = compile(inputs["formula"], "<formula>", "eval")
    vals = [eval(code, {"__builtins__": {}}, r) for r in inputs["rows"]]
    ns = {}
    exec("def f(x):\n    return x ** 2\n", ns)
    tree = ast.parse(inputs["formula"], mode="eval")
    names = sorted({n.id for n in ast.walk(tree) if isinstance(n, ast.Name)})
    return {"vals": vals, "f": ns["f"](7), "names": names, "literal": ast.literal_eval(inputs["literal"]), "dump": ast.dump(ast.parse("x+1", mode="eval").body), "unparse": ast.unparse(tree), "simple_eval": eval("2**10")}
