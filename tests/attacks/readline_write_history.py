# readline writes a history file outside the roots.
import readline
readline.add_history("pwned")
readline.write_history_file(inputs["host"] + "/history")
result = "written"
