# The hook's wrappers sit in a built-in module's dict (posix.mkfifo and mknod, _imp's loaders),
# but posix and _imp are multi-phase modules: each _imp.create_builtin made a fresh instance
# holding the original functions. Once user code dropped os, posix and shutil from sys.modules,
# shutil's own `import os` (a library import statement) made os import a new posix, whose
# mkfifo checked nothing; a meta_path finder of the user's returning a spec whose name is a
# property did the same (reading it would run user code). Only the hook stands between a run
# and a FIFO in the host's directory: create_builtin now gives the wrapped instance, and
# refuses a spec it cannot read while user code runs.
import importlib.machinery as machinery, sys

got = {}


def attempt(name, mkfifo):
    try:
        mkfifo(inputs["host"] + "/fifo-" + name)
        got[name] = "made"
    except OSError as e:
        got[name] = type(e).__name__


def forget():
    for name in ("os", "posix", "shutil"):
        sys.modules.pop(name, None)


forget()
import shutil  # noqa: E402

attempt("stdlib_import", shutil.os.mkfifo)


class Spec(machinery.ModuleSpec):
    @property
    def name(self):
        return "posix"

    @name.setter
    def name(self, value):
        pass


class Finder:
    def find_spec(self, name, path=None, target=None):
        return Spec("posix", machinery.BuiltinImporter) if name == "posix" else None


sys.meta_path.insert(0, Finder())
forget()
try:
    import shutil  # noqa: F811

    attempt("meta_path_spec", shutil.os.mkfifo)
except ImportError as e:
    got["meta_path_spec"] = type(e).__name__
result = got
