# policy: strict
# mode: body
# inputs: {"a": 2, "b": 5}
# expect: {"total":32,"log2":5.0}
import math
total = input_data["a"] ** input_data["b"]
return {"total": total, "log2": math.log2(total)}
