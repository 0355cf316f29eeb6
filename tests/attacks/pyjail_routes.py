# Pyjail routes to what default refuses, each through a door other attacks do not try: a
# stdlib file name given to compile() as bytes, a PathLike or a str subclass (code named after
# the stdlib passes for it); a blocked module resolved by logging.config (the library's own
# __import__ call, for the user); an import spelled in fullwidth letters (NFKC makes it
# posix); builtins swapped for a dict holding the real __import__; a library function's code
# run as a function of the user's (types.FunctionType); BuiltinImporter.create_module on a
# spec of the user's; importlib's _find_and_load called directly (no import event); and gc's
# object graph. Reports "refused" (the hook's exception, or
# logging's ValueError carrying it) or what got through.
import gc
import importlib.machinery
import json
import logging.config
import pathlib
import types

NAME = json.decoder.__file__
SRC = "import _posixsubprocess\n"


class S(str):
    pass


def attempt(fn):
    try:
        fn()
        return "got through"
    except (ImportError, PermissionError) as e:
        return "refused" if type(e).__module__ == "pywarden" else type(e).__name__
    except ValueError as e:
        return "refused" if "blocks importing" in str(e) else "ValueError"


out = {}
for label, name in (("bytes", NAME.encode()), ("pathlike", pathlib.PurePosixPath(NAME)),
                    ("str_subclass", S(NAME))):
    out["compile_" + label] = attempt(lambda: exec(compile(SRC, name, "exec"), {}))
out["logging_resolve"] = attempt(
    lambda: logging.config.BaseConfigurator({}).resolve("_posixsubprocess"))
out["fullwidth_import"] = attempt(lambda: exec("import \uff50\uff4f\uff53\uff49\uff58"))
out["builtins_swap"] = attempt(
    lambda: exec("import _posixsubprocess", {"__builtins__": {"__import__": __import__}}))
out["function_from_library_code"] = attempt(
    lambda: types.FunctionType(json.dumps.__code__, {"__builtins__": {}})("x"))
out["builtin_create_module"] = attempt(
    lambda: importlib.machinery.BuiltinImporter.create_module(
        importlib.machinery.ModuleSpec("_posixsubprocess", None)))
out["find_and_load"] = attempt(lambda: importlib._bootstrap._find_and_load(
    "subprocess", importlib._bootstrap._gcd_import))
out["gc_get_objects"] = attempt(gc.get_objects)
result = out
