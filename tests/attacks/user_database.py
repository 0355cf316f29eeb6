# The host's user database through pwd and grp, which read /etc/passwd and /etc/group via NSS
# with no audit event: default blocks importing them, but posixpath.expanduser and
# pathlib's group() import them for the user, and sys.modules hands them out. With only the
# hook in force getpwall() listed the host's accounts; the kernel layers show an empty one.
import pathlib
import posixpath
import sys

got = {"expanduser": posixpath.expanduser("~root")}
try:
    got["group"] = pathlib.Path(".").group()
except KeyError:
    got["group"] = "KeyError"
got["getpwall"] = [p.pw_name for p in sys.modules["pwd"].getpwall()]
got["getgrall"] = [g.gr_name for g in sys.modules["grp"].getgrall()]
result = got
