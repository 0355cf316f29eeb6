# _dbm.open opens its database in C with no audit event. default blocks importing dbm, but
# shelve's `import dbm` (a library import statement) loads it, and dbm's own loads _dbm;
# sys.modules then hands it out. With only the hook in force a run created a database in the
# host's directory (dbm_create_outside goes through dbm.dumb, which open() checks).
import shelve
import sys

try:
    shelve.open("nowhere")  # loads dbm.gnu, dbm.ndbm (_dbm) and dbm.dumb; the open is refused
except OSError:
    pass
got = {}
try:
    db = sys.modules["_dbm"].open(inputs["host"] + "/pwned", "c")
    db[b"k"] = b"v"
    db.close()
    got["dbm"] = "written"
except OSError as e:
    got["dbm"] = type(e).__name__
result = got
