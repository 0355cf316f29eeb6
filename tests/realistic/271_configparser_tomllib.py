# policy: default
# inputs: {"ini": "[DEFAULT]\nretries = 3\n\n[db]\nhost = localhost\nport = 5432\ndebug = yes\npath = /var/%(host)s\n\n[cache]\nttl = 1.5\n", "toml": "title = \"demo\"\n[owner]\nname = \"Tom\"\ndob = 1979-05-27T07:32:00-08:00\n[[items]]\nid = 1\n[[items]]\nid = 2\n"}
# expect: {"sections":["db","cache","x"],"port":5432,"debug":true,"path":"/var/localhost","raw_path":"/var/%(host)s","retries":"3","read":[],"bad":"invalid literal for int() with base 10: '1.5'","dup":"While reading from '<string>' [line  3]: option 'a' in section 'x' already exists","toml":{"title":"demo","dob":"1979-05-27T07:32:00-08:00","ids":[1,2]},"tbad":"Invalid value (at end of document)","merged":{"retries":3,"timeout":30,"debug":false},"plist":{"a":1,"b":[true,"x"]},"plist_head":"<?xml version=\"1.0\" encoding=\"UTF-8\"?>"}
import configparser
import json
import plistlib
import tomllib
from pathlib import Path


def main(inputs):
    cp = configparser.ConfigParser()
    cp.read_string(inputs["ini"])
    read = cp.read(["missing.ini"])  # python3 skips files it cannot open
    db = cp["db"]
    try:
        cp.getint("cache", "ttl")
    except ValueError as e:
        bad = str(e)
    try:
        cp.read_string("[x]\na=1\na=2\n")
    except configparser.DuplicateOptionError as e:
        dup = str(e)
    raw = configparser.RawConfigParser()
    raw.read_string(inputs["ini"])
    t = tomllib.loads(inputs["toml"])
    try:
        tomllib.loads("a = ")
    except tomllib.TOMLDecodeError as e:
        tbad = str(e)
    cfg = json.loads(Path("config.json").read_text())
    merged = {**cfg["defaults"], **cfg["prod"]}
    pl = plistlib.dumps({"a": 1, "b": [True, "x"]})
    return {"sections": cp.sections(), "port": db.getint("port"), "debug": db.getboolean("debug"), "path": db["path"],
            "raw_path": raw["db"]["path"], "retries": cp["cache"]["retries"], "read": read, "bad": bad, "dup": dup,
            "toml": {"title": t["title"], "dob": t["owner"]["dob"].isoformat(), "ids": [i["id"] for i in t["items"]]},
            "tbad": tbad, "merged": merged, "plist": plistlib.loads(pl), "plist_head": pl[:38].decode()}
