# policy: default
# inputs: {"cmdline": "--top 3 --format csv --exclude 'a b' --exclude c -v input.txt", "bad": "--top x", "help": "--help"}
# expect: {"args":{"paths":["input.txt"],"top":3,"format":"csv","exclude":["a b","c"],"verbose":1},"bad":"argument --top: invalid int value: 'x'","help":["usage: report [-h] [--top TOP] [--format {csv,json}] [--exclude EXCLUDE] [-v]","              [paths ...]",""],"code":0,"fmt_err":["ArgumentError","argument --format: invalid choice: 'xml' (choose from 'csv', 'json')"],"stderr":"","prog":"-c","quoted":"cp 'my file.txt' dest/"}
import argparse
import io
import shlex
from contextlib import redirect_stderr, redirect_stdout


def parser():
    p = argparse.ArgumentParser(prog="report", description="Make a report.", exit_on_error=False)
    p.add_argument("paths", nargs="*")
    p.add_argument("--top", type=int, default=10)
    p.add_argument("--format", choices=["csv", "json"], default="json")
    p.add_argument("--exclude", action="append", default=[])
    p.add_argument("-v", "--verbose", action="count", default=0)
    return p


def main(inputs):
    args = parser().parse_args(shlex.split(inputs["cmdline"]))
    try:
        parser().parse_args(shlex.split(inputs["bad"]))
    except argparse.ArgumentError as e:
        bad = str(e)
    buf, err = io.StringIO(), io.StringIO()
    with redirect_stdout(buf), redirect_stderr(err):
        try:
            parser().parse_args(shlex.split(inputs["help"]))
        except SystemExit as e:
            code = e.code
    with redirect_stderr(err):
        try:
            parser().parse_args(["--format", "xml"])
        except (SystemExit, argparse.ArgumentError) as e:
            fmt_err = [type(e).__name__, str(e)]
    default_prog = argparse.ArgumentParser().prog
    return {"args": vars(args), "bad": bad, "help": buf.getvalue().splitlines()[:3], "code": code,
            "fmt_err": fmt_err, "stderr": err.getvalue(), "prog": default_prog,
            "quoted": shlex.join(["cp", "my file.txt", "dest/"])}
