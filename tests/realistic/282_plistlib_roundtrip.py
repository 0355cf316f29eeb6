# policy: default
# inputs: {"app": {"CFBundleName": "Demo", "Version": "1.2", "Build": 42, "Flags": [true, false], "Scale": 1.5}}
# expect: {"xml_lines":["<dict>","\t<key>Build</key>","\t<integer>42</integer>","\t<key>CFBundleName</key>","\t<string>Demo</string>","\t<key>Flags</key>"],"binary_head":"bplist00","same":true,"released":"2024-03-01T12:00:00","icon":"89504e470d0a"}
import datetime
import plistlib


def main(inputs):
    d = dict(inputs["app"])
    d["Released"] = datetime.datetime(2024, 3, 1, 12, 0, 0)
    d["Icon"] = b"\x89PNG\r\n"
    xml = plistlib.dumps(d, sort_keys=True)
    binary = plistlib.dumps(d, fmt=plistlib.FMT_BINARY)
    back = plistlib.loads(binary)
    return {
        "xml_lines": xml.decode().splitlines()[3:9],
        "binary_head": binary[:8].decode(),
        "same": back == plistlib.loads(xml),
        "released": back["Released"].isoformat(),
        "icon": back["Icon"].hex(),
    }
