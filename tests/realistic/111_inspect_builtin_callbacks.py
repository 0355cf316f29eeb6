# policy: data
# expect: {"print":"(*args, sep=' ', end='\\n', file=None, flush=False)","input":"(prompt='', /)","__import__":"(name, globals=None, locals=None, fromlist=(), level=0)","mkfifo":"(path, mode=438, *, dir_fd=None)","mknod":"(path, mode=384, device=0, *, dir_fd=None)","modules":["builtins","builtins","builtins","sys","posix","posix"],"bound":["builtins","builtins","builtins","sys"],"accepts_sep":["print"]}
# A plugin registry that reads its callbacks' signatures (as click, typer and many dispatchers
# do) and is handed builtins: inspect.signature, __module__ and __self__ read as python3's.
import inspect
import os
import sys

callbacks = {
    "print": print,
    "input": input,
    "__import__": __import__,
    "settrace": sys.settrace,
    "mkfifo": os.mkfifo,
    "mknod": os.mknod,
}
result = {name: str(inspect.signature(fn)) for name, fn in callbacks.items() if fn is not sys.settrace}
result["modules"] = [fn.__module__ for fn in callbacks.values()]
result["bound"] = [fn.__self__.__name__ for fn in list(callbacks.values())[:4]]
result["accepts_sep"] = [
    name
    for name, fn in callbacks.items()
    if fn is not sys.settrace and "sep" in inspect.signature(fn).parameters
]
