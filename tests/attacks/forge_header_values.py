# A report header of a million values. Code that can read its own memory (the audit hook off,
# as under "trusted") finds the report nonce and writes a report of its own whose header holds
# a violation of a million zeros: 2 MB of text, which the supervisor made a cJSON tree twice
# over (~220 MB; 16 MB of it, within the channel's cap, 1.8 GB of serve's memory) and passed
# on. A header is now held to 4096 values, far above the child's own (~600 with 100
# violations): this one is "the run sent a malformed report".
# prelude: report_nonce (it finds `nonce`; os is imported there)

header = b'{"violations":[{"event":"x","detail":[' + b"0," * 999999 + b"0]}]}"
os.write(3, nonce + b"\n" + header + b"\n1")
os._exit(0)
