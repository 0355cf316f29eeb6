# readline reads init files in C with no audit event: at its first import the one INPUTRC (or
# HOME's .inputrc) names, and any file an init file's "$include" line names, whether the
# init file is read by read_init_file (of a file in out/, which the hook allowed) or is a
# line given to parse_and_bind. It reports each line it cannot parse on stderr, text
# included: with only the hook in force a run printed the host's secret there.
import os

with open("out/x.inputrc", "w") as f:
    f.write("$include " + inputs["secret"] + "\n")
os.environ["INPUTRC"] = inputs["secret"]
import rlcompleter  # noqa: E402  (hands out readline, whose first import reads INPUTRC)

readline = rlcompleter.readline
got = {}
for name, call in (
    ("read_init_file", lambda: readline.read_init_file("out/x.inputrc")),
    ("parse_and_bind", lambda: readline.parse_and_bind("$include " + inputs["secret"])),
    ("bind", lambda: readline.parse_and_bind("tab: complete")),
):
    try:
        call()
        got[name] = "done"
    except OSError as e:
        got[name] = type(e).__name__
result = got
