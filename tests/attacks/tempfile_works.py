# tempfile writes into the run's private /tmp (TMPDIR), and the file is gone with the run.
import tempfile
with tempfile.NamedTemporaryFile("w+") as f:
    f.write("scratch")
    f.seek(0)
    result = {"dir": tempfile.gettempdir(), "text": f.read()}
