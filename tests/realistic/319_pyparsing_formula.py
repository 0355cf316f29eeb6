# policy: data
# inputs: {"exprs": ["2 * (3 + 4)", "price * qty - discount", "10 / (5 - 5)", "2 +"], "vars": {"price": 9.5, "qty": 3, "discount": 1.5}}
# expect: [14,27.0,"division by zero","parse error at col 3"]
import operator

import pyparsing as pp

OPS = {"+": operator.add, "-": operator.sub, "*": operator.mul, "/": operator.truediv}


def build():
    num = pp.pyparsing_common.number
    ident = pp.Word(pp.alphas, pp.alphanums + "_")
    operand = num | ident
    return pp.infix_notation(operand, [(pp.one_of("* /"), 2, pp.OpAssoc.LEFT),
                                       (pp.one_of("+ -"), 2, pp.OpAssoc.LEFT)])


def ev(t, env):
    if isinstance(t, (int, float)):
        return t
    if isinstance(t, str):
        return env[t]
    acc = ev(t[0], env)
    for op, rhs in zip(t[1::2], t[2::2]):
        acc = OPS[op](acc, ev(rhs, env))
    return acc


def main(inputs):
    grammar = build()
    out = []
    for e in inputs["exprs"]:
        try:
            tree = grammar.parse_string(e, parse_all=True)[0]
            out.append(ev(tree, inputs["vars"]))
        except pp.ParseException as x:
            out.append(f"parse error at col {x.column}")
        except ZeroDivisionError as x:
            out.append(str(x))
    return out
