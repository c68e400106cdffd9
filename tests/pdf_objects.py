"""Hand-built PDFs for the tests of bad input: a file of numbered objects, a FlateDecode stream, and a
zlib stream that inflates far beyond its size. pytest puts tests/ on sys.path (see support.py), so
``from pdf_objects import ...`` works anywhere in the suite.
"""

from __future__ import annotations

import zlib
from pathlib import Path

MB = 1024 * 1024


def zlib_bomb(megabytes: int) -> bytes:
    """A zlib stream of ``megabytes`` MB of spaces, a few hundred KB long.

    After a full flush deflate forgets what came before, so the block that one compressed megabyte makes is
    the same every time: it is made once and repeated (a zlib header, the blocks, a final empty block and
    the Adler-32 of the whole).
    """
    chunk = b" " * MB
    compressor = zlib.compressobj(9)
    head = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    block = compressor.compress(chunk) + compressor.flush(zlib.Z_FULL_FLUSH)
    checksum = 1
    for _ in range(megabytes):
        checksum = zlib.adler32(chunk, checksum)
    return head + block * (megabytes - 1) + b"\x03\x00" + checksum.to_bytes(4, "big")


def flate_stream(data: bytes, entries: bytes = b"") -> bytes:
    """A stream object holding ``data`` already deflated, with more dictionary ``entries``."""
    return b"<< /Length %d /Filter /FlateDecode %s >>\nstream\n%s\nendstream" % (len(data), entries, data)


def write_pdf(path: Path, objects: list[bytes]) -> Path:
    """A PDF whose objects are ``objects`` numbered from 1 (object 1 the catalog), with its xref table."""
    pdf = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(pdf))
        pdf += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(pdf)
    pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    pdf += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    path.write_bytes(pdf)
    return path
