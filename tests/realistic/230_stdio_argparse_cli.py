# policy: default
# mode: stdio
# inputs: {"text": "the quick brown fox jumps over the lazy dog the end", "top": 2}
# stdout: "summary: 11 words\n{\"top\": [[\"the\", 3], [\"quick\", 1]], \"prog\": \"-c\", \"argv\": []}\n"
# expect: {"top":[["the",3],["quick",1]],"prog":"-c","argv":[]}
import argparse
import json
import sys
from collections import Counter


def cli(argv=None):
    parser = argparse.ArgumentParser(description="word counts")
    parser.add_argument("--top", type=int, default=3)
    parser.add_argument("--verbose", action="store_true")
    args = parser.parse_args(argv)
    data = json.load(sys.stdin)
    counts = Counter(data["text"].split())
    top = data.get("top", args.top)
    print(f"processing {len(counts)} distinct words", file=sys.stderr)
    print("summary:", sum(counts.values()), "words")
    json.dump({"top": counts.most_common(top), "prog": parser.prog, "argv": sys.argv[1:]}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(cli())
