# Code named after a stdlib file, compiled from an AST: CPython 3.11 raises compile's audit
# event for an AST with the file name None, so the hook could not judge it, and the frames of
# the code passed for json's: `import posix` under default, no violation. Every route to
# compile an AST is tried; each must be refused.
import ast
import importlib.machinery
import json


class Name:
    """A path that names a user file when asked first and json's file after."""
    calls = 0

    def __fspath__(self):
        Name.calls += 1
        return "<mine>" if Name.calls == 1 else json.__file__


tree = ast.parse("import posix\npid = posix.getpid()")
routes = {
    "positional": lambda: compile(tree, json.__file__, "exec"),
    "keywords": lambda: compile(source=tree, filename=json.__file__.encode(), mode="exec"),
    "pathlike": lambda: compile(tree, Name(), "exec"),
    "source_to_code": lambda: importlib.machinery.SourceFileLoader(
        "json", json.__file__).source_to_code(tree, json.__file__),
}
got = []
for name, make in routes.items():
    try:
        g = {}
        exec(make(), g)
        got.append(name) if "pid" in g else None
    except Exception:
        pass
result = {"bypassed": got}
