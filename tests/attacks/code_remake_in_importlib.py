# Remaking a code object (code.replace: bytecode or constants of one's choosing, a crash or
# worse, code_replace_oob_const) by a lazy chain of C callables run from importlib's frames,
# which the hook took for an import's own: importlib's globals rewritten (_imp) and one of
# its functions called directly, and a loader of the user's whose create_module is such a
# chain, in a genuine import.
import functools
import importlib._bootstrap_external as external
import importlib.machinery as machinery
import itertools
import operator
import sys


def victim():
    return 1


def remade(codes):
    return [c.co_name for c in codes if type(c) is type(victim.__code__)]


got = {}
made = []


class Imp:
    extension_suffixes = functools.partial(
        made.extend,
        itertools.starmap(functools.partial(victim.__code__.replace, co_name="remade"), [()]),
    )


real, external._imp = external._imp, Imp()
try:
    external._get_supported_file_loaders()
    got["globals"] = remade(made)
except PermissionError as e:
    got["globals"] = type(e).__name__
finally:
    external._imp = real


class Loader:
    create_module = functools.partial(
        dict.fromkeys, map(operator.methodcaller("replace", co_name="remade"), [victim.__code__])
    )

    def exec_module(self, module):
        made.append(module)


class Finder:
    def find_spec(self, name, path=None, target=None):
        return machinery.ModuleSpec(name, Loader()) if name == "pw_remade" else None


sys.meta_path.insert(0, Finder())
try:
    import pw_remade

    got["loader"] = remade(pw_remade)
except PermissionError as e:
    got["loader"] = type(e).__name__
result = got
