# A result far over max_result_bytes.
result = "x" * (40 << 20)
