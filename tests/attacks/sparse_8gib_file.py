# An 8 GiB sparse file: seek far and write one byte.
with open(inputs["work"] + "/out/sparse", "wb") as f:
    f.seek(8 << 30)
    f.write(b"x")
result = "written"
