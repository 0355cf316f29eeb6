# policy: default
# expect: {"existing":null,"parents":null,"new":"PolicyViolation","exists_err":"FileExistsError","read":"first line of notes"}
from pathlib import Path
# A step's usual preamble, `out.mkdir(parents=True, exist_ok=True)`, where the directory is
# already there but the policy lets the run write nothing: python3 gets EEXIST from the
# kernel (checked before the right to write) and exist_ok makes it a no-op.
def attempt(fn):
    try:
        fn()
    except OSError as e:
        return type(e).__name__
def main(inputs):
    return {"existing": attempt(lambda: Path("out").mkdir(exist_ok=True)),
            "parents": attempt(lambda: Path("out").mkdir(parents=True, exist_ok=True)),
            "new": attempt(lambda: Path("new_dir").mkdir(exist_ok=True)),
            "exists_err": attempt(lambda: Path("out").mkdir()),
            "read": Path("notes.txt").read_text().splitlines()[0]}
