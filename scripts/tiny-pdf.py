#!/usr/bin/env python3
"""Writes a one-page PDF by hand, for tests on machines with no PDF maker (scripts/package-test).

    tiny-pdf.py text OUT "words"          a page with a real text layer (Helvetica)
    tiny-pdf.py scan OUT PAGE.jpg W H     a scanned page: the JPEG (W x H pixels, grey) and no text
"""

import sys


def page(resources, draw, extra):
    objs = [b"<< /Type /Catalog /Pages 2 0 R >>",
            b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R /Resources " + resources + b" >>",
            b"<< /Length %d >>\nstream\n" % len(draw) + draw + b"\nendstream",
            extra]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, o in enumerate(objs, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + o + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objs) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objs) + 1, xref)
    return bytes(out)


def main():
    kind, out = sys.argv[1], sys.argv[2]
    if kind == "text":
        draw = b"BT /F1 16 Tf 72 700 Td (" + sys.argv[3].encode("latin-1") + b") Tj ET"
        pdf = page(b"<< /Font << /F1 5 0 R >> >>", draw,
                   b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>")
    elif kind == "scan":
        jpeg, w, h = open(sys.argv[3], "rb").read(), int(sys.argv[4]), int(sys.argv[5])
        image = (b"<< /Type /XObject /Subtype /Image /Width %d /Height %d /ColorSpace /DeviceGray "
                 b"/BitsPerComponent 8 /Filter /DCTDecode /Length %d >>\nstream\n" % (w, h, len(jpeg))
                 + jpeg + b"\nendstream")
        pdf = page(b"<< /XObject << /Im0 5 0 R >> >>", b"q 612 0 0 792 0 0 cm /Im0 Do Q", image)
    else:
        raise SystemExit(__doc__)
    open(out, "wb").write(pdf)


if __name__ == "__main__":
    main()
