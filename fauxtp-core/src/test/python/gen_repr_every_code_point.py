"""Generates python-repr-every-code-point.txt for PrintableTableTest: CPython's repr() of every one-character
string, so the test checks the dumper against CPython over all 1,114,112 code points without needing Python.

Run by hand with the CPython the printable table is pinned to (see src/main/python/gen_printable_table.py):

    python3 fauxtp-core/src/test/python/gen_repr_every_code_point.py

repr(chr(cp)) is one of a few shapes; runs of code points with the same shape are written as one line
"first last shape" (hex code points), where shape is raw ('c'), x ('\\xNN'), u ('\\uNNNN') or U ('\\UNNNNNNNN').
Any other repr (quotes, backslash, \\t \\n \\r) is written as "cp = repr" on a line of its own. The shapes are read
from repr() itself, not from str.isprintable(), which is what the table was generated from.
"""
import sys
import unicodedata
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "resources" / "io" / "fauxtp" / "text" / "python-repr-every-code-point.txt"


def shape(cp):
    r = repr(chr(cp))
    if r == "'" + chr(cp) + "'" and chr(cp) not in "'\\":
        return "raw", r
    for kind, width in (("x", 2), ("u", 4), ("U", 8)):
        if r == f"'\\{kind}{cp:0{width}x}'":
            return kind, r
    return None, r


def main():
    lines = [f"# repr(chr(cp)) for every code point, CPython {sys.version.split()[0]}, Unicode {unicodedata.unidata_version}"]
    run = None  # [first, last, shape]
    for cp in range(sys.maxunicode + 1):
        kind, r = shape(cp)
        if kind is not None and run is not None and run[2] == kind and run[1] == cp - 1:
            run[1] = cp
            continue
        if run is not None:
            lines.append(f"{run[0]:x} {run[1]:x} {run[2]}")
            run = None
        if kind is None:
            lines.append(f"{cp:x} = {r}")
        else:
            run = [cp, cp, kind]
    lines.append(f"{run[0]:x} {run[1]:x} {run[2]}")
    OUT.write_text("\n".join(lines) + "\n", encoding="ascii")
    print(f"{OUT}: {len(lines)} lines")


if __name__ == "__main__":
    main()
