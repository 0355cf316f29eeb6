# policy: default
# expect: {"text":"a,b\n","in_tmp":true}
import tempfile


def main(inputs):
    fd, path = tempfile.mkstemp(suffix=".csv")
    with open(fd, "w") as f:
        f.write("a,b\n")
    with open(path) as f:
        return {"text": f.read(), "in_tmp": path.startswith("/tmp/")}
