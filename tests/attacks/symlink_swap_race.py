# Race a path check: a thread flips a symlink between an allowed file and the secret.
import os, threading
out = os.path.join(inputs["work"], "out")
ok_file = os.path.join(out, "ok.txt")
with open(ok_file, "w") as f:
    f.write("fine")
link = os.path.join(out, "race")
stop = False
def flip():
    while not stop:
        for target in (ok_file, inputs["secret"]):
            tmp = link + ".tmp"
            try:
                os.symlink(target, tmp)
                os.replace(tmp, link)
            except OSError:
                pass
t = threading.Thread(target=flip)
t.start()
leaked, reads, denied = False, 0, 0
for _ in range(3000):
    try:
        with open(link) as f:
            data = f.read()
            if "HOST-SECRET" in data:
                leaked = data
        reads += 1
    except OSError:
        denied += 1
stop = True
t.join()
result = {"leaked": leaked, "raced": denied > 0}
