# Read a host file outside the roots with open().
result = open(inputs["secret"]).read()
