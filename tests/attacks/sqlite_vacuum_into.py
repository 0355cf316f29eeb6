# sqlite VACUUM INTO writes a new file outside the roots.
import sqlite3
db = sqlite3.connect(":memory:")
db.execute("CREATE TABLE t(x)")
db.execute("VACUUM INTO ?", (inputs["host"] + "/pwned.db",))
result = "written"
