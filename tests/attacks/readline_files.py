# readline reads and writes the files it is named in C, with no audit event. Under default
# `import readline` is refused, but rlcompleter hands the module out: with only the hook in
# force a run read the host's secret into its history and wrote a history file in the host's
# directory. The hook now checks readline's file arguments as open() would, and refuses None
# (a file in the home directory).
import rlcompleter

readline = rlcompleter.readline
history = inputs["host"] + "/history"
got = {}
for name, call in (
    ("read_history_file", lambda: readline.read_history_file(inputs["secret"])),
    ("read_init_file", lambda: readline.read_init_file(inputs["secret"])),
    ("write_history_file", lambda: readline.write_history_file(history)),
    ("append_history_file", lambda: readline.append_history_file(1, history)),
    ("home_history_file", lambda: readline.write_history_file()),
):
    try:
        call()
        got[name] = "done"
    except OSError as e:
        got[name] = type(e).__name__
got["history"] = readline.get_history_item(1)
result = got
