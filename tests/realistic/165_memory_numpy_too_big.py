# policy: data
# expect: {"caught":"MemoryError","is_memory_error":true}
def main(inputs):
    import numpy as np
    try:
        np.zeros((200000, 200000))
        return "allocated"
    except MemoryError as e:
        return {"caught": type(e).__name__, "is_memory_error": isinstance(e, MemoryError)}
