# builtins and sys are single-phase built-in modules: CPython saved their dicts when it made
# them, and _imp.create_builtin of their spec (what importlib.util.module_from_spec calls)
# copies that saved dict over the live one. It put back the originals of the functions
# pywarden wraps: __import__ handed out posix (already imported: no event), compile made
# code named after a stdlib file, settrace set a tracer. Each must stay refused.
import ast
import importlib.machinery
import importlib.util
import json
import sys

for name in ("builtins", "sys"):
    importlib.util.module_from_spec(importlib.machinery.BuiltinImporter.find_spec(name))
routes = {
    "import": lambda: __import__("posix").getpid(),
    "compile_text": lambda: compile(b"import posix", json.__file__, "exec"),
    "compile_ast": lambda: compile(ast.parse("import posix"), json.__file__, "exec"),
    "settrace": lambda: sys.settrace(lambda *a: None),
}
got = []
for name, route in routes.items():
    try:
        route()
        got.append(name)
    except Exception:
        pass
sys.settrace(None)
result = {"bypassed": got}
