"""Readers: a file's bytes into text (or, for report JSON, the report itself), chosen by content, not by name.

- PDF (``%PDF-``): pdfplumber; ruled tables come out as ``N.| title (MIN) | status`` rows, the rest as lines with
  a blank line where the page leaves a gap between paragraphs.
- DOCX (a ZIP holding ``word/document.xml``): python-docx; paragraphs and real tables, in document order.
- Report JSON (``{"format": "tiltak.report/1", …}``).
- A saved web page (HTML): its main content's tables, headings, paragraphs and lists (:mod:`tiltak.importer.html`).
- Plain or OCR text: UTF-8, else the encoding charset-normalizer finds (Windows-1252/Latin-1 in practice).

Every failure is an :class:`UnreadableDocument` with a one-line message naming the file.

Every reader is bounded whatever the file (a hostile upload included): the sizes a DOCX declares are checked
before anything is inflated, and what is inflated is counted as it comes; PDF pages, the content a page holds
and the glyphs on it, DOCX paragraphs and the characters of any text are capped (the ``MAX_*`` below). The
sandbox (:mod:`tiltak.importer.sandbox`) adds limits on memory and time around the whole parse.
"""

from __future__ import annotations

import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from tiltak.lib import report_format

from .document import FORMAT
from .furniture import PageLine, drop_running_lines, drop_running_text, text_area
from .html import looks_like_html, read_html
from .pdftables import find_unruled_table

DEFAULT_MAX_BYTES = 20 * 1024 * 1024

# What no status report comes near (the 35-measure report of 2012: 30 pages, 150 000 characters, 700 paragraphs).
MAX_TEXT_CHARS = 3_000_000  # characters of text out of any reader
MAX_PDF_PAGES = 2_000
MAX_PAGE_CONTENT_BYTES = 2 * 1024 * 1024  # a page's content streams, inflated
MAX_PAGE_GLYPHS = 40_000  # a dense A4 page holds some 5 000
MAX_DOCX_PARAGRAPHS = 60_000
MAX_DOCX_PART_BYTES = 40 * 1024 * 1024  # one part of a DOCX (word/document.xml), inflated
MAX_DOCX_TOTAL_BYTES = 120 * 1024 * 1024  # every part of a DOCX together, inflated
MAX_DOCX_PARTS = 2_000


class UnreadableDocument(ValueError):
    """The file cannot be read as a status report; the message says why."""


@dataclass
class Source:
    """What a reader found: text (with whether its paragraphs are exact) or a report JSON document."""

    kind: str  # "text", "docx", "pdf", "html" or "json"
    text: str = ""
    exact_paragraphs: bool = False
    report: dict | None = None
    title: str = ""  # the title a DOCX's or PDF's metadata gives, if any


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    return read_bytes(load_path(path, max_bytes=max_bytes), name=str(path), max_bytes=max_bytes)


def load_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> bytes:
    """A file's bytes, refused when it is missing, a folder or over ``max_bytes``."""
    path = Path(path)
    if not path.exists():
        raise UnreadableDocument(f"{path}: no such file")
    if path.is_dir():
        raise UnreadableDocument(f"{path}: is a directory, not a file")
    size = path.stat().st_size
    if size > max_bytes:
        raise UnreadableDocument(f"{path}: {size} bytes is over the size limit of {max_bytes} bytes")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableDocument(f"{path}: cannot be read ({exc.strerror})") from None
    return data


def read_bytes(data: bytes, *, name: str = "document", max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    if len(data) > max_bytes:
        raise UnreadableDocument(f"{name}: {len(data)} bytes is over the size limit of {max_bytes} bytes")
    if not data.strip():
        raise UnreadableDocument(f"{name}: the file is empty")
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        meta: dict = {}
        return Source("pdf", read_pdf(data, name, meta), exact_paragraphs=True, title=meta.get("title", ""))
    if data.startswith(b"PK\x03\x04"):
        meta = {}
        return Source("docx", read_docx(data, name, meta), exact_paragraphs=True, title=meta.get("title", ""))
    if suffix == ".pdf":
        raise UnreadableDocument(f"{name}: named .pdf but is no PDF (no %PDF header)")
    if suffix == ".docx":
        raise UnreadableDocument(f"{name}: named .docx but is no Word document (not a ZIP archive)")
    text = decode_text(data, name)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        try:
            doc = report_format.loads(stripped)
        except report_format.ReportFormatError as exc:
            raise UnreadableDocument(f"{name}: looks like JSON but {exc}") from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise UnreadableDocument(f'{name}: JSON, but not a report ("format": "{FORMAT}" missing)')
        return Source("json", report=doc)
    if looks_like_html(stripped, name):
        body, title = read_html(stripped)
        check_text_length(body, name)
        return Source("html", body, exact_paragraphs=True, title=title)
    return Source("text", drop_running_text(text))


def _utf16(data: bytes) -> str | None:
    """The UTF-16 codec of ``data``: by its byte-order mark, or (without one) by the zero bytes that Latin text in
    UTF-16 has in every other place; None when it is no UTF-16 text."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    sample = data[:65536]
    if len(sample) < 4 or len(sample) % 2:
        return None
    even, odd = sample[0::2], sample[1::2]
    half = len(sample) // 2
    if odd.count(0) > 0.6 * half and even.count(0) < 0.05 * half:
        return "utf-16-le"
    if even.count(0) > 0.6 * half and odd.count(0) < 0.05 * half:
        return "utf-16-be"
    return None


def decode_text(data: bytes, name: str) -> str:
    """Text from bytes: UTF-16 (with a byte-order mark, or recognisable without), UTF-8, else the detected
    single-byte encoding; binary data is refused."""
    codec = _utf16(data)
    if codec is not None:
        try:
            data = data.decode(codec).lstrip("\ufeff").encode("utf-8")
        except UnicodeDecodeError:
            raise UnreadableDocument(f"{name}: looks like UTF-16 text but is not valid UTF-16") from None
    if b"\x00" in data[:65536]:
        raise UnreadableDocument(f"{name}: binary data, not a text, PDF or DOCX document")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data, cp_isolation=["cp1252", "latin_1", "iso8859_15", "cp865", "mac_roman"]).best()
        if best is None:
            raise UnreadableDocument(f"{name}: binary data, not a text, PDF or DOCX document") from None
        text = str(best)
    controls = sum(1 for ch in text[:65536] if ord(ch) < 32 and ch not in "\n\r\t\f")
    sample = text[:65536]
    letters = sum(1 for ch in sample if ch.isalpha())
    if controls > len(sample) * 0.01 or letters < len(sample) * 0.3:
        raise UnreadableDocument(f"{name}: binary data, not a text, PDF or DOCX document")
    check_text_length(text, name)
    return text


def check_text_length(text: str, name: str) -> None:
    if len(text) > MAX_TEXT_CHARS:
        raise UnreadableDocument(f"{name}: {len(text):,} characters of text is more than the {MAX_TEXT_CHARS:,} "
                                 f"a status report may hold".replace(",", " "))


# -- DOCX ------------------------------------------------------------------------------------------------------


def read_docx(data: bytes, name: str, meta: dict | None = None) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise UnreadableDocument(f"{name}: a ZIP archive, but no Word document")
            check_docx_archive(archive, name)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, NotImplementedError):
        raise UnreadableDocument(f"{name}: a broken ZIP/DOCX file") from None
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
        if meta is not None:
            meta["title"] = _metadata_text(document.core_properties.title)
    except Exception as exc:  # python-docx raises a zoo of errors on damaged files
        raise UnreadableDocument(f"{name}: a damaged Word document ({type(exc).__name__})") from None
    out: list[str] = []
    for block in document.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            par = Paragraph(block, document)
            text = par.text.strip()
            style = (par.style.name if par.style is not None else "") or ""
            if text and "List" in style and not re.match(r"^[-•–]\s", text):
                text = "- " + text
            out.extend([text, ""] if text else [])
        elif tag == "tbl":
            out.extend(table_lines([_distinct_cells(row) for row in Table(block, document).rows]))
            out.append("")
    text = "\n".join(out)
    check_text_length(text, name)
    return text


def _metadata_text(value) -> str:
    """A metadata title as text: PDF strings may come as bytes (UTF-16 with a BOM, or PDFDocEncoding)."""
    if isinstance(value, bytes):
        value = value.decode("utf-16") if value[:2] in (b"\xfe\xff", b"\xff\xfe") else value.decode("latin-1")
    return re.sub(r"\s+", " ", str(value or "")).strip()[:500]


def _distinct_cells(row) -> list[str]:
    """A row's cells' texts, a merged cell once (python-docx gives a merged cell once for each grid column)."""
    seen: list = []
    for cell in row.cells:
        if not seen or cell._tc is not seen[-1]._tc:
            seen.append(cell)
    return [cell.text for cell in seen]


def check_docx_archive(archive: zipfile.ZipFile, name: str) -> None:
    """Refuse a DOCX whose parts would inflate past the limits: first by the sizes the archive declares, then by
    inflating the main part in pieces and counting (a ZIP may lie about its sizes) — and its paragraphs."""
    members = archive.infolist()
    if len(members) > MAX_DOCX_PARTS:
        raise UnreadableDocument(f"{name}: a Word document of {len(members)} parts (at most {MAX_DOCX_PARTS})")
    declared = sum(m.file_size for m in members)
    biggest = max(members, key=lambda m: m.file_size)
    mb = 1024 * 1024
    if biggest.file_size > MAX_DOCX_PART_BYTES or declared > MAX_DOCX_TOTAL_BYTES:
        raise UnreadableDocument(
            f"{name}: the Word document would inflate to {declared // mb} MB ({biggest.filename}: "
            f"{biggest.file_size // mb} MB); at most {MAX_DOCX_PART_BYTES // mb} MB a part and "
            f"{MAX_DOCX_TOTAL_BYTES // mb} MB in all are read"
        )
    paragraphs = 0
    inflated = 0
    tail = b""
    with archive.open("word/document.xml") as part:
        while chunk := part.read(1024 * 1024):
            inflated += len(chunk)
            if inflated > MAX_DOCX_PART_BYTES:  # more than it declared: Python's zipfile stops at the declared size
                raise UnreadableDocument(f"{name}: word/document.xml inflates past {MAX_DOCX_PART_BYTES // mb} MB")
            window = tail + chunk
            paragraphs += len(_PARAGRAPH_TAG.findall(window)) - len(_PARAGRAPH_TAG.findall(tail))
            tail = window[-16:]
            if paragraphs > MAX_DOCX_PARAGRAPHS:
                raise UnreadableDocument(f"{name}: a Word document of more than {MAX_DOCX_PARAGRAPHS:,} paragraphs; "
                                         f"no status report has that many".replace(",", " "))


# A paragraph element in WordprocessingML, whatever prefix the namespace has: <w:p>, <w:p/>, <w:p w:rsid…>.
_PARAGRAPH_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?p[\s/>]")


MINISTRY_CELL = re.compile(r"^\(?\s*[A-ZÆØÅ]{1,5}(?:\s*,\s*[A-ZÆØÅ]{1,5})*\s*\)?$")


def table_lines(rows: list[list[str]]) -> list[str]:
    """Table rows as the pipe layout the structure parser reads: ``N.| title (MIN,MIN) | status``."""
    out: list[str] = []
    for cells in rows:
        cells = [re.sub(r"\s+", " ", c).strip() for c in cells]
        # Merged cells repeat their text in python-docx; keep one of each run.
        dedup = [c for k, c in enumerate(cells) if k == 0 or c != cells[k - 1] or not c]  # empty cells keep places
        if not dedup or not re.fullmatch(r"\d{1,3}(?:\.\d{1,2})?\.?", dedup[0]):
            if any(dedup):
                out.append(" | ".join(dedup))
            continue
        number = dedup[0].rstrip(".")
        parts = []
        for cell in dedup[1:]:
            if MINISTRY_CELL.match(cell) and not cell.startswith("("):
                cell = f"({cell})"
            parts.append(cell)
        out.append(f"{number}.| " + " | ".join(parts))
    return out


# -- PDF -------------------------------------------------------------------------------------------------------


def read_pdf(data: bytes, name: str, meta: dict | None = None) -> str:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.pdfparser import PDFSyntaxError

    try:
        pdf = pdfplumber.open(io.BytesIO(data))
    except (PDFPasswordIncorrect, PDFEncryptionError):
        raise UnreadableDocument(f"{name}: the PDF is encrypted") from None
    except PDFSyntaxError:
        raise UnreadableDocument(f"{name}: a broken PDF") from None
    except Exception as exc:  # pdfplumber wraps pdfminer's many kinds of errors
        if _is_encryption_error(exc):
            raise UnreadableDocument(f"{name}: the PDF is encrypted") from None
        raise UnreadableDocument(f"{name}: a broken PDF") from None
    out: list[str] = []
    try:
        plumbed = bounded_pages(pdf, name)
        if getattr(pdf.doc, "encryption", None) and not plumbed:
            raise UnreadableDocument(f"{name}: the PDF is encrypted")
        carried: list = [None]  # the columns of an unruled table that runs on from the page before
        pages = drop_running_lines([_page_lines(_checked(page, name), carried) for page in plumbed])
        floor, pitch = text_area(pages)
        previous: PageLine | None = None
        for page in pages:
            # A paragraph running over the page break stays one paragraph.
            goes_on = previous is not None and bool(page) and page[0].continues(previous, floor, pitch)
            if goes_on and out and not out[-1].strip():
                out.pop()
            out.extend(line.text for line in page)
            out.append("")
            previous = page[-1] if page else None
    except UnreadableDocument:
        raise
    except Exception as exc:
        raise UnreadableDocument(f"{name}: a broken PDF ({type(exc).__name__})") from None
    finally:
        _close(pdf)
    text = "\n".join(out)
    if not text.strip():
        raise UnreadableDocument(f"{name}: the PDF holds no text (a scan without OCR?)")
    if meta is not None:
        meta["title"] = _metadata_text(pdf.metadata.get("Title"))
    check_text_length(text, name)
    return text


def _close(pdf) -> None:
    """pdfplumber's own ``close()`` walks ``pdf.pages``, building every page of the file: close only those built."""
    for page in getattr(pdf, "_pages", []):
        page.close()
    pdf.stream.close()


def bounded_pages(pdf, name: str) -> list:
    """pdfplumber's pages, refused past MAX_PDF_PAGES: by the page count the PDF declares, and by counting as
    the page tree is walked (pdfplumber's own ``pdf.pages`` would build every page of a 100 000-page file)."""
    from pdfminer.pdfpage import PDFPage
    from pdfminer.pdftypes import resolve1
    from pdfplumber.page import Page

    pages, doctop = [], 0
    pdf._pages = pages  # what _close() closes
    too_many = f"{name}: a PDF of more than {MAX_PDF_PAGES:,} pages; no status report has that many".replace(",", " ")
    tree = resolve1(pdf.doc.catalog.get("Pages")) if isinstance(pdf.doc.catalog, dict) else None
    declared = resolve1(tree.get("Count")) if isinstance(tree, dict) else None
    if isinstance(declared, int) and declared > MAX_PDF_PAGES:
        raise UnreadableDocument(too_many)
    for number, page in enumerate(PDFPage.create_pages(pdf.doc), start=1):
        if number > MAX_PDF_PAGES:
            raise UnreadableDocument(too_many)
        plumbed = Page(pdf, page, page_number=number, initial_doctop=doctop)
        pages.append(plumbed)
        doctop += plumbed.height
    return pages


def _checked(page, name: str):
    """The page, once its content is known to be of a size a page of text can have: the content streams are
    inflated (at most MAX_PAGE_CONTENT_BYTES) and the bytes of their text strings counted before pdfminer lays
    the page out, glyph by glyph; then the glyphs it found are counted too."""
    import zlib

    from pdfminer.pdftypes import LITERALS_FLATE_DECODE, resolve1

    limit = MAX_PAGE_CONTENT_BYTES
    too_much = (f"{name}: page {page.page_number} holds more than {limit // (1024 * 1024)} MB of content; "
                "no page of a status report does")
    content = bytearray()
    for stream in page.page_obj.contents:
        stream = resolve1(stream)
        if not hasattr(stream, "get_filters"):
            continue
        filters = stream.get_filters()
        if len(filters) == 1 and filters[0][0] in LITERALS_FLATE_DECODE and stream.get_rawdata() is not None:
            try:
                content += zlib.decompressobj().decompress(stream.get_rawdata(), limit - len(content) + 1)
            except zlib.error:
                raise UnreadableDocument(f"{name}: page {page.page_number}: a broken content stream") from None
        else:
            content += stream.get_data() or b""
        if len(content) > limit:
            raise UnreadableDocument(too_much)
    glyphs = sum(len(m) - 2 for m in _LITERAL_STRING.findall(content)) + sum(
        (len(m) - 2) // 2 for m in _HEX_STRING.findall(content))
    if glyphs <= MAX_PAGE_GLYPHS:
        glyphs = len(page.chars)
    if glyphs > MAX_PAGE_GLYPHS:
        raise UnreadableDocument(f"{name}: page {page.page_number} holds some {glyphs:,} glyphs (at most "
                                 f"{MAX_PAGE_GLYPHS:,} are read)".replace(",", " "))
    return page


# Text strings in a content stream: (literal) and <hex> operands of Tj, TJ, ' and ".
_LITERAL_STRING = re.compile(rb"\((?:\\.|[^\\)])*\)", re.DOTALL)
_HEX_STRING = re.compile(rb"<[0-9A-Fa-f\s]*>")


def _is_encryption_error(exc: BaseException) -> bool:
    seen: list[object] = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(
        isinstance(e, BaseException)
        and ("password" in type(e).__name__.lower() or "encrypt" in type(e).__name__.lower())
        for e in seen
    )


def _page_lines(page, carried: list | None = None) -> list[PageLine]:
    """A page's text in reading order, ruled tables as pipe rows, a blank line at each paragraph gap; each text line
    with its place on the page and what tells whether a paragraph goes on over the page break. A table without
    rules is found by its header's columns (``carried[0]``: the columns of one running on from the page before)."""
    ruled = bool(page.rects or page.lines)
    tables = _ruled_tables(page) if ruled else []
    found = []
    for table in tables:
        found.append((table.bbox[1], table.bbox[3],
                      table_lines([[c or "" for c in row] for row in table.extract()])))
    if not tables and carried is not None:
        unruled = find_unruled_table(page, carried[0])
        carried[0] = unruled.columns if unruled and unruled.reaches_bottom else None
        if unruled:
            found.append((unruled.top - 1, unruled.bottom + 1, unruled.lines))
    out: list[PageLine] = []
    top = 0.0
    right = max((c["x1"] for c in page.chars), default=page.width)
    for t_top, t_bottom, rows in found:
        if t_top > top:
            out.extend(_text_lines(page.within_bbox((0, top, page.width, t_top)), right, page.height))
        out.extend(PageLine(x) for x in rows)
        out.append(PageLine(""))
        top = t_bottom
    if top < page.height:
        region = page.within_bbox((0, top, page.width, page.height)) if top else page
        out.extend(_text_lines(region, right, page.height))
    return out


def _ruled_tables(page) -> list:
    """The page's ruled tables, top to bottom. A row cut by the page's end has its column rules but no rule
    below it (Chromium, for one, closes it only on the next page); the rules' common end is taken for its lower
    rule, so that the row is read with its table rather than as loose text."""
    tables = page.find_tables()
    closing = _open_row_ends(page, tables)
    if closing:
        tables = page.find_tables(table_settings={"explicit_horizontal_lines": closing})
    return sorted(tables, key=lambda t: t.bbox[1])


def _open_row_ends(page, tables) -> list[float]:
    """Where the column rules of a table run on below its last row and end together: the bottom of a cut row."""
    ends: list[float] = []
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    for table in tables:
        x0, _top, x1, bottom = table.bbox
        below = [e for e in verticals if x0 - 3 <= e["x0"] <= x1 + 3 and abs(e["top"] - bottom) <= 3
                 and e["bottom"] > bottom + 5]
        common = Counter(round(e["bottom"]) for e in below)
        if common:
            end, rules = common.most_common(1)[0]
            if rules >= 2:
                ends.append(max(e["bottom"] for e in below if round(e["bottom"]) == end))
    return ends


def _text_lines(region, right: float, page_height: float) -> list[PageLine]:
    lines = region.extract_text_lines(layout=False, strip=True, return_chars=True)
    out: list[PageLine] = []
    previous = None
    heights = sorted(line["bottom"] - line["top"] for line in lines) or [10.0]
    height = heights[len(heights) // 2]
    for line in lines:
        if previous is not None and line["top"] - previous["bottom"] > 0.6 * height:
            out.append(PageLine(""))
        letters = [c for c in line["chars"] if c["text"].strip()]
        fonts = Counter((c["fontname"], round(c["size"], 1)) for c in letters)
        word = len(line["text"].split()[0]) if line["text"].split() else 0
        first_word = None
        if letters and word:
            last = letters[min(word, len(letters)) - 1]
            first_word = last["x1"] - letters[0]["x0"] + 0.25 * last["size"]
        out.append(PageLine(line["text"], line["top"], page_height - line["bottom"], right - line["x1"], first_word,
                            fonts.most_common(1)[0][0] if fonts else None))
        previous = line
    return out
