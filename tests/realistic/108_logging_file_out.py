# policy: data
# expect: ["INFO:start","ERROR:boom"]
import logging
from pathlib import Path


def main(inputs):
    log = logging.getLogger("job")
    h = logging.FileHandler("out/job.log", mode="w")
    h.setFormatter(logging.Formatter("%(levelname)s:%(message)s"))
    log.addHandler(h)
    log.setLevel(logging.INFO)
    log.info("start")
    log.error("boom")
    h.close()
    return Path("out/job.log").read_text().splitlines()
