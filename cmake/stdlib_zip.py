"""Writes the stdlib, compiled, into one zip for the bundle (cmake/MakeBundle.cmake).

Only .pyc files (unchecked hash-based, so zipimport uses them without a source to compare):
a cold run would otherwise compile every stdlib module it imports. zipimport does not fix
up the file name a .pyc was compiled under, and the bundle can be moved, so every module is
compiled under one fixed name, ROOT/<module path>.py, which the bundle's pywarden treats as
its stdlib (src/paths.c, PW_BUNDLE_STDLIB_ROOT). Must run on the Python whose libpython the
bundle links: a .pyc is tied to its version.
usage: stdlib_zip.py STDLIB_DIR OUT.zip ROOT MAJOR.MINOR
"""
import importlib.util
import os
import sys
import zipfile
from importlib._bootstrap_external import _code_to_hash_pyc

SKIP = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3", "__pycache__",
        "site-packages", "dist-packages", "lib-dynload", "venv"}


def main(stdlib, out, root, version):
    if "%d.%d" % sys.version_info[:2] != version:
        sys.exit("stdlib_zip.py: run by Python %d.%d, the bundle links %s"
                 % (sys.version_info[:2] + (version,)))
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, dirnames, filenames in os.walk(stdlib):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP and not d.startswith("config-"))
            for f in sorted(filenames):
                if not f.endswith(".py"):
                    continue
                rel = os.path.relpath(os.path.join(dirpath, f), stdlib)
                with open(os.path.join(dirpath, f), "rb") as src:
                    source = src.read()
                code = compile(source, root + "/" + rel, "exec", dont_inherit=True)
                pyc = _code_to_hash_pyc(code, importlib.util.source_hash(source), checked=False)
                z.writestr(rel + "c", bytes(pyc))


if __name__ == "__main__":
    main(*sys.argv[1:5])
