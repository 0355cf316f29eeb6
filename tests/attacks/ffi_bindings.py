# Site-packages that call any C function, or talk to the host's services, with no audit event:
# cffi's backend (load_library(None) and any libc function: open and read of /etc/shadow under
# data with only the hook in force), PyGObject (GLib.file_get_contents read it too) and
# dbus-python (libdbus connects to the system bus socket, systemd's, in C). data puts the
# host's dist-packages on sys.path; default, which it extends, blocks these as it blocks
# ctypes. Reports what each import got (a host without the package says ModuleNotFoundError
# only where the hook let the import through).
out = {}
for name in ("_cffi_backend", "cffi", "gi", "dbus"):
    try:
        __import__(name)
        out[name] = "imported"
    except ImportError as e:
        out[name] = type(e).__name__
result = out
