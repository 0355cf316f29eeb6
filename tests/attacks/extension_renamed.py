# A library extension module loaded under another name: CPython's create_dynamic runs the
# PyInit_ named after the spec's last component, and the import event names the spec, so
# "x.readline" loaded the stdlib's readline (a fresh instance, whose read_history_file reads
# any file with no event) and "x._ctypes" the blocked _ctypes, under a name no policy lists.
import importlib.machinery as machinery
import sys

imp = sys.modules["_imp"]
dynload = next(p for p in sys.path if p.endswith("lib-dynload"))
suffix = machinery.EXTENSION_SUFFIXES[0]
got = {}
for name in ("readline", "_ctypes"):
    spec = machinery.ModuleSpec("x." + name, None, origin=dynload + "/" + name + suffix)
    try:
        module = imp.create_dynamic(spec)
        imp.exec_dynamic(module)
        got[name] = "loaded"
        if name == "readline":
            module.read_history_file(inputs["secret"])
            got["secret"] = module.get_history_item(1)
    except ImportError as e:
        got[name] = type(e).__name__
result = got
