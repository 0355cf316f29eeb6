# A report header whose text breaks the answer. Code that can read its own memory (the audit
# hook off, as under "trusted") finds the report nonce (as forge_report_layers does) and
# writes a report of its own. The supervisor parsed its header line with plain cJSON and
# copied its "violations" and "error" into the answer: raw bytes that are not UTF-8 reached
# the answer line (a Python host's line.decode() raised on it) and an error object holding
# "type" twice ("exception", then "timeout": parsers disagree on which one counts), cold and
# warm. The header is now checked as a result text is (UTF-8, RFC 8259, no key twice): this
# one is "the run sent a malformed report".
# prelude: report_nonce (it finds `nonce`; os is imported there)

header = (b'{"violations":[{"event":"x\xff\xfe","detail":"\xc0\x80"}],'
          b'"error":{"type":"exception","message":"m\xff","type":"timeout","exception":"E"}}')
os.write(3, nonce + b"\n" + header + b"\nnull")
os._exit(0)
