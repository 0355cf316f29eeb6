# dbm.dumb creates files outside the roots.
import dbm.dumb
d = dbm.dumb.open(inputs["host"] + "/pwned", "c")
d[b"k"] = b"v"
d.close()
result = "written"
