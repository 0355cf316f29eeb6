"""Writes the stdlib's sources into one zip for the bundle (cmake/MakeBundle.cmake).

Sources only: a .pyc keeps the file name it was compiled under, and zipimport does not fix
it up, so frames would not be recognised as the bundle's stdlib once it is moved.
usage: stdlib_zip.py STDLIB_DIR OUT.zip
"""
import os
import sys
import zipfile

SKIP = {"test", "idlelib", "tkinter", "turtledemo", "ensurepip", "lib2to3", "__pycache__",
        "site-packages", "dist-packages", "lib-dynload", "venv"}

def main(root, out):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for dirpath, dirnames, filenames in os.walk(root):
            dirnames[:] = sorted(d for d in dirnames
                                 if d not in SKIP and not d.startswith("config-"))
            for f in sorted(filenames):
                if f.endswith(".py"):
                    path = os.path.join(dirpath, f)
                    z.write(path, os.path.relpath(path, root))

if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
