# Load a blocked built-in module through the original _imp.create_builtin, which raises no
# audit event: pywarden's wrapper around it held the original as its __self__, so
# create_builtin.__self__(spec) skipped the wrapper (under strict too), and _posixsubprocess
# (fork_exec, no event either) loaded. The wrappers no longer hand out what they wrap.
import sys
import types

try:
    original = sys.modules["_imp"].create_builtin.__self__
    m = original(types.SimpleNamespace(name="_posixsubprocess"))
    loaded = m.__name__
except (TypeError, ImportError):
    loaded = False
result = {"loaded": loaded}
