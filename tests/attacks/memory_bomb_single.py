# One allocation bigger than the limit.
x = bytearray(8 << 30)
result = len(x)
