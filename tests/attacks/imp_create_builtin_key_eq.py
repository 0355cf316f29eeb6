# Load a blocked built-in module through _imp.create_builtin with a spec whose name reads
# differently twice. The wrapper reads spec.name from the spec's __dict__ before the real
# create_builtin reads it again; two str subclass keys hashing as "name" answer the lookup
# with their own __eq__, the first only once: the wrapper read "json", create_builtin
# "_posixsubprocess" (fork_exec, which raises no audit event). Now a spec whose __dict__ (or
# class) holds a key that is not a str is refused as unusual.
import sys

calls = []


class Key(str):
    def __hash__(self):
        return hash("name")

    def __eq__(self, other):
        if type(other) is not str:
            return False
        calls.append(str(self))
        return str(self) == "second" or calls.count("first") == 1


class Spec:
    pass


spec = Spec()
spec.__dict__[Key("first")] = "json"
spec.__dict__[Key("second")] = "_posixsubprocess"
try:
    m = sys.modules["_imp"].create_builtin(spec)
    loaded = m.__name__
except ImportError as e:
    loaded = False
result = {"loaded": loaded}
