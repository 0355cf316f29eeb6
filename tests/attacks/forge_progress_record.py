# A progress record that breaks the answer. Code that can read its own memory (the audit hook
# off, as under "trusted") finds the report nonce (as forge_report_header does) and writes a
# record "<nonce>:{"violation": ...}" whose object holds "detail" twice. Records were parsed
# without the header's check, so the violation went into the answer's "violations" with a
# key twice (parsers disagree on which one counts). Found by fuzz_report. A record is now
# checked as the header is: this one is ignored, and the run's report (no violations) stands.
# prelude: report_nonce (it finds `nonce`; os is imported there)

record = b'{"violation":{"event":"open","detail":"/a","detail":"/b","origin":"user"}}'
os.write(3, nonce + b":" + record + b"\n" + nonce + b"\n{}\n1")
os._exit(0)
