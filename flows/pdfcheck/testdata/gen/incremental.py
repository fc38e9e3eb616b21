#!/usr/bin/env python3
"""Append one incremental update (a new /Info dictionary, a new xref section
and a trailer with /Prev) to a PDF with a classic xref table, the way signing
and form-filling tools do. Usage: incremental.py IN.pdf OUT.pdf"""
import re
import sys

src, dst = sys.argv[1], sys.argv[2]
data = open(src, "rb").read()
tail = data[data.rindex(b"trailer"):]
size = int(re.search(rb"/Size\s+(\d+)", tail).group(1))
root = re.search(rb"/Root\s+(\d+\s+\d+\s+R)", tail).group(1)
prev = int(re.findall(rb"startxref\s+(\d+)", data)[-1])

out = bytearray(data)
if not out.endswith(b"\n"):
    out += b"\n"
off = len(out)
out += (b"%d 0 obj\n<< /Title (Contoh pembaruan bertahap) /Producer (incremental.py) >>\nendobj\n" % size)
xref = len(out)
out += b"xref\n%d 1\n%010d 00000 n \n" % (size, off)
out += b"trailer\n<< /Size %d /Root %s /Info %d 0 R /Prev %d >>\n" % (size + 1, root, size, prev)
out += b"startxref\n%d\n%%%%EOF\n" % xref
open(dst, "wb").write(bytes(out))
