# policy: default
# expect: 16
def main(inputs):
    with open("/dev/urandom", "rb") as f:
        return len(f.read(16))
