"""Readers: a file's bytes into text (or, for report JSON, the report itself), chosen by content, not by name.

- PDF (``%PDF-``): pdfplumber; ruled tables come out as ``N.| title (MIN) | status`` rows, the rest as lines with
  a blank line where the page leaves a gap between paragraphs.
- DOCX (a ZIP holding ``word/document.xml``): python-docx; paragraphs and real tables, in document order.
- Report JSON (``{"format": "tiltak.report/1", …}``).
- Plain or OCR text: UTF-8, else the encoding charset-normalizer finds (Windows-1252/Latin-1 in practice).

Every failure is an :class:`UnreadableDocument` with a one-line message naming the file.
"""

from __future__ import annotations

import io
import json
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

from .document import FORMAT
from .furniture import PageLine, drop_running_lines, drop_running_text, text_area

DEFAULT_MAX_BYTES = 20 * 1024 * 1024


class UnreadableDocument(ValueError):
    """The file cannot be read as a status report; the message says why."""


@dataclass
class Source:
    """What a reader found: text (with whether its paragraphs are exact) or a report JSON document."""

    kind: str  # "text", "docx", "pdf" or "json"
    text: str = ""
    exact_paragraphs: bool = False
    report: dict | None = None


def read_path(path: str | Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
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
    return read_bytes(data, name=str(path), max_bytes=max_bytes)


def read_bytes(data: bytes, *, name: str = "document", max_bytes: int = DEFAULT_MAX_BYTES) -> Source:
    if len(data) > max_bytes:
        raise UnreadableDocument(f"{name}: {len(data)} bytes is over the size limit of {max_bytes} bytes")
    if not data.strip():
        raise UnreadableDocument(f"{name}: the file is empty")
    suffix = Path(name).suffix.lower()
    if data.startswith(b"%PDF-"):
        return Source("pdf", read_pdf(data, name), exact_paragraphs=True)
    if data.startswith(b"PK\x03\x04"):
        return Source("docx", read_docx(data, name), exact_paragraphs=True)
    if suffix == ".pdf":
        raise UnreadableDocument(f"{name}: named .pdf but is no PDF (no %PDF header)")
    if suffix == ".docx":
        raise UnreadableDocument(f"{name}: named .docx but is no Word document (not a ZIP archive)")
    text = decode_text(data, name)
    stripped = text.lstrip("\ufeff \t\r\n")
    if stripped.startswith("{"):
        try:
            doc = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise UnreadableDocument(f"{name}: looks like JSON but is not valid JSON ({exc.msg}, line {exc.lineno})") \
                from None
        if not isinstance(doc, dict) or doc.get("format") != FORMAT:
            raise UnreadableDocument(f'{name}: JSON, but not a report ("format": "{FORMAT}" missing)')
        return Source("json", report=doc)
    return Source("text", drop_running_text(text))


def decode_text(data: bytes, name: str) -> str:
    """Text from bytes: UTF-8, else the detected single-byte encoding; binary data is refused."""
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
    return text


# -- DOCX ------------------------------------------------------------------------------------------------------


def read_docx(data: bytes, name: str) -> str:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if "word/document.xml" not in archive.namelist():
                raise UnreadableDocument(f"{name}: a ZIP archive, but no Word document")
    except zipfile.BadZipFile:
        raise UnreadableDocument(f"{name}: a broken ZIP/DOCX file") from None
    import docx
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
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
            out.extend(table_lines([[cell.text for cell in row.cells] for row in Table(block, document).rows]))
            out.append("")
    return "\n".join(out)


MINISTRY_CELL = re.compile(r"^\(?\s*[A-ZÆØÅ]{1,5}(?:\s*,\s*[A-ZÆØÅ]{1,5})*\s*\)?$")


def table_lines(rows: list[list[str]]) -> list[str]:
    """Table rows as the pipe layout the structure parser reads: ``N.| title (MIN,MIN) | status``."""
    out: list[str] = []
    for cells in rows:
        cells = [re.sub(r"\s+", " ", c).strip() for c in cells]
        # Merged cells repeat their text in python-docx; keep one of each run.
        dedup = [c for k, c in enumerate(cells) if k == 0 or c != cells[k - 1]]
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


def read_pdf(data: bytes, name: str) -> str:
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
        with pdf:
            if getattr(pdf.doc, "encryption", None) and not pdf.pages:
                raise UnreadableDocument(f"{name}: the PDF is encrypted")
            pages = drop_running_lines([_page_lines(page) for page in pdf.pages])
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
    text = "\n".join(out)
    if not text.strip():
        raise UnreadableDocument(f"{name}: the PDF holds no text (a scan without OCR?)")
    return text


def _is_encryption_error(exc: BaseException) -> bool:
    seen: list[object] = [exc, *exc.args, exc.__cause__, exc.__context__]
    return any(
        isinstance(e, BaseException)
        and ("password" in type(e).__name__.lower() or "encrypt" in type(e).__name__.lower())
        for e in seen
    )


def _page_lines(page) -> list[PageLine]:
    """A page's text in reading order, ruled tables as pipe rows, a blank line at each paragraph gap; each text line
    with its place on the page and what tells whether a paragraph goes on over the page break."""
    ruled = bool(page.rects or page.lines)
    tables = sorted(page.find_tables(), key=lambda t: t.bbox[1]) if ruled else []
    out: list[PageLine] = []
    top = 0.0
    right = max((c["x1"] for c in page.chars), default=page.width)
    for table in tables:
        _, t_top, _, t_bottom = table.bbox
        if t_top > top:
            out.extend(_text_lines(page.crop((0, top, page.width, t_top)), right, page.height))
        out.extend(PageLine(x) for x in table_lines([[c or "" for c in row] for row in table.extract()]))
        out.append(PageLine(""))
        top = t_bottom
    if top < page.height:
        out.extend(_text_lines(page.crop((0, top, page.width, page.height)) if top else page, right, page.height))
    return out


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
