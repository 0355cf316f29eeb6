# policy: data
# expect: [["CET","CEST"],"14:00 CEST","2024-07-01T14:00:00"]
import os, time
from datetime import datetime
def main(inputs):
    os.environ["TZ"] = "Europe/Paris"
    time.tzset()
    a = [time.tzname, time.strftime("%H:%M %Z", time.localtime(1719835200)), datetime.fromtimestamp(1719835200).isoformat()]
    os.environ["TZ"] = "UTC"
    time.tzset()
    return a
