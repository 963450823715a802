"""Hostile documents, made on the spot: what the readers' caps and the sandbox must refuse quickly and cheaply.

Used by the tests (tests/importer/test_hostile.py) and by ``tiltak bench --only hostile``, which prints how long
each takes to be refused and how much memory the parse used. Each is built in well under a second.
"""

from __future__ import annotations

import struct
import zlib

A4 = b"[0 0 595 842]"


# -- DOCX -------------------------------------------------------------------------------------------------------

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Default Extension="bin" ContentType="application/octet-stream"/>'
    b'<Override PartName="/word/document.xml" '
    b'ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>'
)
PACKAGE_RELS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
    b'officeDocument" Target="word/document.xml"/></Relationships>'
)
W = b"http://schemas.openxmlformats.org/wordprocessingml/2006/main"


def document_xml(body: bytes) -> bytes:
    return (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:document xmlns:w="' + W + b'"><w:body>'
            + body + b"</w:body></w:document>")


def docx_of(parts: dict[str, bytes]) -> bytes:
    """A Word document of these parts (besides the package's own), deflated."""
    return _zip([(name, _Deflated.of(data), None) for name, data in
                 {"[Content_Types].xml": CONTENT_TYPES, "_rels/.rels": PACKAGE_RELS, **parts}.items()])


def docx_paragraphs(count: int = 300_000) -> bytes:
    """A DOCX of ``count`` empty paragraphs (some 2 MB of XML, 10 kB on disk)."""
    return docx_of({"word/document.xml": document_xml(b"<w:p/>" * count)})


def docx_bomb(inflated: int = 2 * 1024**3, *, declared: int | None = None) -> bytes:
    """A DOCX of about 1 MB per GB with a part that inflates to ``inflated`` bytes of zeros. With ``declared``
    the archive lies and gives that as the part's size."""
    text = document_xml(b"<w:p><w:r><w:t>Tiltak 1</w:t></w:r></w:p>")
    members = [(name, _Deflated.of(data), None) for name, data in
               [("[Content_Types].xml", CONTENT_TYPES), ("_rels/.rels", PACKAGE_RELS), ("word/document.xml", text)]]
    members.append(("word/media/image1.bin", _Deflated.zeros(inflated), declared))
    return _zip(members)


class _Deflated:
    def __init__(self, data: bytes, size: int, crc: int):
        self.data, self.size, self.crc = data, size, crc

    @classmethod
    def of(cls, data: bytes) -> _Deflated:
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        return cls(packer.compress(data) + packer.flush(), len(data), zlib.crc32(data))

    @classmethod
    def zeros(cls, size: int) -> _Deflated:
        """``size`` zero bytes deflated without deflating them all: one MiB's blocks, flushed to a byte boundary
        with a fresh dictionary, repeated (a valid deflate stream), then the final empty block."""
        mib = 1024 * 1024
        packer = zlib.compressobj(9, zlib.DEFLATED, -15)
        block = packer.compress(b"\0" * mib) + packer.flush(zlib.Z_FULL_FLUSH)
        whole, rest = divmod(size, mib)
        tail = zlib.compressobj(9, zlib.DEFLATED, -15)
        data = block * whole + tail.compress(b"\0" * rest) + tail.flush()
        crc, chunk = 0, b"\0" * mib
        for _ in range(whole):
            crc = zlib.crc32(chunk, crc)
        return cls(data, size, zlib.crc32(b"\0" * rest, crc))


def _zip(members: list[tuple[str, _Deflated, int | None]]) -> bytes:
    """A ZIP archive (deflate, ZIP64 sizes where a part is over 4 GB) written by hand, so a part's stated size
    can differ from what it inflates to."""
    out, central = bytearray(), bytearray()
    for name, part, declared in members:
        size = part.size if declared is None else declared
        raw = name.encode()
        big = size >= 0xFFFFFFFF
        extra = struct.pack("<HHQQ", 1, 16, size, len(part.data)) if big else b""
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 45 if big else 20, 0, 8, 0, 0x21, part.crc,
                           0xFFFFFFFF if big else len(part.data), 0xFFFFFFFF if big else size, len(raw), len(extra))
        out += raw + extra + part.data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45 if big else 20, 0, 8, 0, 0x21, part.crc,
                               0xFFFFFFFF if big else len(part.data), 0xFFFFFFFF if big else size, len(raw),
                               len(extra), 0, 0, 0, 0, offset)
        central += raw + extra
    start = len(out)
    out += central
    out += struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(members), len(members), len(central), start, 0)
    return bytes(out)


# -- PDF --------------------------------------------------------------------------------------------------------


def pdf_of(objects: list[bytes]) -> bytes:
    """A PDF of these objects (numbered from 1; the first is the catalog), with its cross-reference table."""
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _stream(content: bytes) -> bytes:
    packed = zlib.compress(content, 9)
    return b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(packed) + packed + b"\nendstream"


def _pages_pdf(contents: list[bytes], page_count: int) -> bytes:
    """``page_count`` pages sharing content stream objects 4…: catalog 1, page tree 2, font 3."""
    first_page = 4 + len(contents)
    kids = b" ".join(b"%d 0 R" % (first_page + i) for i in range(page_count))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % page_count,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    objects += [_stream(content) for content in contents]
    refs = b" ".join(b"%d 0 R" % (4 + i) for i in range(len(contents)))
    page = (b"<< /Type /Page /Parent 2 0 R /MediaBox " + A4 + b" /Resources << /Font << /F1 3 0 R >> >> "
            b"/Contents [" + refs + b"] >>")
    objects += [page] * page_count
    return pdf_of(objects)


def pdf_pages(count: int = 20_000) -> bytes:
    """A PDF of ``count`` pages, each with one line of text (about 100 bytes a page)."""
    return _pages_pdf([b"BT /F1 12 Tf 72 770 Td (Tiltak) Tj ET"], count)


def pdf_glyphs(count: int = 660_000) -> bytes:
    """A one-page PDF whose page shows ``count`` glyphs (a few kB on disk): rows of 1-point text."""
    row = b"(" + b"x" * 1000 + b") Tj T* "
    rows, rest = divmod(count, 1000)
    content = b"BT /F1 1 Tf 1 TL 10 830 Td " + row * rows + b"(" + b"x" * rest + b") Tj ET"
    return _pages_pdf([content], 1)
