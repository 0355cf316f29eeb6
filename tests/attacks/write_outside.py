# Create a file in a host directory.
with open(inputs["host"] + "/pwned", "w") as f:
    f.write("pwned")
result = "written"
