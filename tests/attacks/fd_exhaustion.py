# Open files until the kernel says no; the count must stay within max_open_files.
files, err = [], None
try:
    while len(files) < 100000:
        files.append(open(inputs["work"] + "/data.txt"))
except OSError as e:
    err = e.errno
result = {"bounded": len(files) < inputs["max_files"], "errno": err}
