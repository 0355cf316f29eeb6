# A read-only grant inside a writable one (write_paths ["."], read_paths ["data.txt"]): the
# hook and the view keep the inner one read-only ("the deepest one decides"), but Landlock's
# rights add up along a path, so with Landlock alone (the view skipped: user namespaces
# refused) the input took the append (What still gets through). Reports the exception class
# of the refusal.
try:
    with open("data.txt", "a") as f:
        f.write("tampered\n")
    result = "appended"
except OSError as e:
    result = type(e).__name__
