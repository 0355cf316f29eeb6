# Progress records that flood the supervisor. Code that can read its own memory (the audit
# hook off, as under "trusted"; under "data" numpy's __array_interface__ reads it with every
# layer on) finds the report nonce and writes records of its own. The supervisor made each
# record a cJSON tree and appended every violation to the answer: one record of 8 M zeros
# (16 MB of text, within the channel's cap) held 1.8 GB of the supervisor's memory (serve's,
# shared by every run), and 1000 records listed 1000 violations where the child lists 100. A
# record is now held to 64 values (this huge one is dropped) and the answer to 100 violations.
# prelude: report_nonce (it finds `nonce`; os is imported there)

huge = b'{"violation":{"event":"x","detail":[' + b"0," * 999999 + b"0]}}"
records = [huge] + [b'{"violation":{"event":"x","detail":"r%d","origin":"user"}}' % i
                    for i in range(101)]
os.write(3, b"".join(nonce + b":" + r + b"\n" for r in records) + nonce + b"\n{}\n1")
os._exit(0)
