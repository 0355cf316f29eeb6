# A report header listing more violations than the child ever keeps (100). Code that can read
# its own memory (the audit hook off, as under "trusted") finds the report nonce and writes a
# header of 1000 small violations, within its 4096 values: every one reached the answer,
# which lists at most 100. Such a header is now "the run sent a malformed report".
# prelude: report_nonce (it finds `nonce`; os is imported there)

header = b'{"violations":[' + b",".join(b'{"event":"x"}' for _ in range(1000)) + b"]}"
os.write(3, nonce + b"\n" + header + b"\n1")
os._exit(0)
