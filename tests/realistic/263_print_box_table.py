# policy: default
# inputs: {"rows": [["Widget", 3, 9.99], ["Gadget with a long name", 12, 120.0], ["Ünï ✓", 0, 0.5]]}
# stdout: "┌─────────────────────────┬──────┬──────────┐\n│ Widget                  │    3 │     9.99 │\n│ Gadget with a long name │   12 │   120.00 │\n│ Ünï ✓                   │    0 │     0.50 │\n└─────────────────────────┴──────┴──────────┘\nWidget | Gadget with a long name | Ünï ✓ <-\nprogress: 0.1.2\nraw write\n\nNone True 1e+100 0.3333333333333333 -0.0 100000000000000000000 b'bytes' [1, 'a'] {'k': (1,)}\n\"quote's\" '\\xfc' 1,234,567.9 1.2e-05 0x2a 00101010 +350.0%\na\nb\n"
# expect: {"written":10,"enc":"utf-8","tty":false,"errors":"surrogateescape","stderr_enc":"utf-8"}
import sys


def main(inputs):
    rows = inputs["rows"]
    w = max(len(r[0]) for r in rows)
    print("┌" + "─" * (w + 2) + "┬──────┬──────────┐")
    for name, qty, price in rows:
        print(f"│ {name:<{w}} │ {qty:>4} │ {price:>8.2f} │")
    print("└" + "─" * (w + 2) + "┴──────┴──────────┘")
    print(*[r[0] for r in rows], sep=" | ", end=" <-\n")
    print("progress:", end=" ")
    for i in range(3):
        print(f"{i}", end="." if i < 2 else "\n", flush=True)
    n = sys.stdout.write("raw write\n")
    print("to stderr", file=sys.stderr)
    print()
    print(None, True, 1e100, 1 / 3, -0.0, 10**20, b"bytes", [1, "a"], {"k": (1,)})
    print(repr("quote's"), ascii("ü"), format(1234567.891, ",.1f"), f"{0.000012:g}", f"{42:#x} {42:08b} {3.5:+.1%}")
    sys.stdout.writelines(["a\n", "b\n"])
    return {"written": n, "enc": sys.stdout.encoding, "tty": sys.stdout.isatty(), "errors": sys.stdout.errors,
            "stderr_enc": sys.stderr.encoding}
