# Start threads until something stops us; the count must stay within the policy's bound.
import threading
stop = threading.Event()
n, err = 0, None
try:
    while n < 100000:
        threading.Thread(target=stop.wait, daemon=True).start()
        n += 1
except Exception as e:
    err = type(e).__name__
stop.set()
result = {"bounded": n < inputs["max_threads"], "error": err}
