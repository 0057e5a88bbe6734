"""Generates the Python reference vectors used by PythonVectorsTest (run once, by hand: python3 gen_python_vectors.py).

The tests never need Python: the output files are committed. Each line is what CPython's repr() writes, which is
exactly what otf's COMPACT format writes for plain data without shared objects (otf prints constants with repr).
"""
import random
import struct
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "io" / "fauxtp" / "text"
rng = random.Random(20261123)


def floats():
    special = [0.0, -0.0, 1.0, -1.0, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 1e16, 1e15, 9999999999999998.0, 1e-4, 1e-5,
               0.0001, 0.00001, 5e-324, 1e-323, 2.2250738585072014e-308, 1.7976931348623157e308, 123456789.0,
               1e22, 1e23, 2e23, 1.5, 100.0, 1e100, 1e-100, 4.35, 0.1 + 0.2, 9007199254740993.0, 123e-20]
    vals = list(special)
    for _ in range(4000):
        vals.append(struct.unpack("<d", struct.pack("<Q", rng.getrandbits(64)))[0])
    for _ in range(3000):
        digits = rng.randint(1, 17)
        mant = rng.randint(1, 10 ** digits - 1)
        vals.append(float(f"{mant}e{rng.randint(-330, 310)}"))
    for k in range(1, 40):  # small subnormals, where one digit is enough
        vals.append(struct.unpack("<d", struct.pack("<Q", k))[0])
    out = []
    for v in vals:
        if v != v or v in (float("inf"), float("-inf")):
            continue
        out.append(f"{struct.unpack('<Q', struct.pack('<d', v))[0]:016x} {v!r}")
    (OUT / "python-float-repr.txt").write_text("\n".join(out) + "\n", encoding="utf-8")


def assigned(cp):
    return unicodedata.category(chr(cp)) != "Cn"


def strings():
    pools = [range(0x20, 0x7F), range(0, 0x20), range(0x7F, 0x100), range(0x100, 0x3000), range(0xD800, 0xE000),
             range(0xE000, 0xF900), range(0xFE00, 0x10000), range(0x10000, 0x20000), range(0x1F300, 0x1FA00)]
    out = []
    for _ in range(3000):
        n = rng.randint(0, 8)
        cps = []
        for _ in range(n):
            pool = rng.choice(pools)
            cp = rng.choice(pool)
            # Unicode versions differ between CPython 3.11 and the JDK: stay with assigned code points
            # (plus surrogates and private use, which are stable)
            while not (assigned(cp) or 0xD800 <= cp < 0xE000):
                cp = rng.choice(pool)
            # a high surrogate followed by a low one is one character in Java's UTF-16 strings
            if 0xDC00 <= cp < 0xE000 and cps and 0xD800 <= cps[-1] < 0xDC00:
                continue
            cps.append(cp)
        if rng.random() < 0.2:
            cps.insert(rng.randint(0, len(cps)), ord(rng.choice("'\"\\")))
        s = "".join(chr(c) for c in cps)
        r = repr(s)
        out.append(",".join(f"{c:x}" for c in cps) + "\t" + r.encode("utf-8", "surrogatepass").decode("utf-8"))
    (OUT / "python-str-repr.txt").write_text("\n".join(out) + "\n", encoding="utf-8")


def bytes_():
    out = []
    for _ in range(1000):
        b = bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 10)))
        if rng.random() < 0.3:
            b += rng.choice([b"'", b'"', b"'\"", b"\\"])
        out.append(b.hex() + "\t" + repr(b))
    (OUT / "python-bytes-repr.txt").write_text("\n".join(out) + "\n", encoding="utf-8")


def value(depth):
    kinds = ["int", "big", "float", "str", "bytes", "bool", "none"]
    if depth < 4:
        kinds += ["list", "dict", "list", "dict"]
    k = rng.choice(kinds)
    if k == "int":
        return rng.randint(-10 ** 6, 10 ** 6)
    if k == "big":
        return rng.choice([-1, 1]) * rng.randint(2 ** 63, 10 ** 40)
    if k == "float":
        return rng.choice([rng.uniform(-1e6, 1e6), rng.random() * 1e-8, 1e300 * rng.random(), float(rng.randint(0, 99)),
                           float("nan"), float("inf"), -float("inf")])
    if k == "str":
        # short strings only: otf shares equal strings of 32+ characters, which repr does not show
        return "".join(rng.choice("ab'\"\\\n\té€😀 ") for _ in range(rng.randint(0, 12)))
    if k == "bytes":
        return bytes(rng.getrandbits(8) for _ in range(rng.randint(0, 6)))
    if k == "bool":
        return rng.random() < 0.5
    if k == "none":
        return None
    if k == "list":
        return [value(depth + 1) for _ in range(rng.randint(0, 4))]
    d = {}
    for _ in range(rng.randint(0, 4)):
        key = rng.choice([rng.randint(-50, 50), "".join(rng.choice("xyz_'") for _ in range(rng.randint(0, 5)))])
        d[key] = value(depth + 1)
    return d


def documents():
    out = []
    for _ in range(500):
        if rng.random() < 0.5:
            doc = [value(1) for _ in range(rng.randint(1, 4))]
        else:
            doc = {str(i): value(1) for i in range(rng.randint(0, 4))}
        out.append(repr(doc))
    (OUT / "python-plain-documents.txt").write_text("\n".join(out) + "\n", encoding="utf-8")


if __name__ == "__main__":
    floats()
    strings()
    bytes_()
    documents()
    print("written to", OUT, "with Python", sys.version.split()[0])
