# Read /etc/shadow.
result = open("/etc/shadow").read()
