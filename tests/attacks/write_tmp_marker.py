# Create a file in /tmp.
with open(inputs["marker"], "w") as f:
    f.write("pwned")
result = "written"
