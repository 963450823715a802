"""DOCX with python-docx: Word's own Title and Heading styles (so the navigation pane works), the overview table
with a header row repeated on each page and status cells shaded in the grade's colour, the chart as a PNG with
alt text, and one section per measure as in the PDF.
"""

import io

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.opc.constants import RELATIONSHIP_TYPE
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

from tiltak.lib.language import in_language
from tiltak.reports.chart import chart_alt, distribution_chart
from tiltak.reports.data import GradeData, ReportData
from tiltak.reports.labels import Labels, labels
from tiltak.reports.renderers.common import paragraphs, text_colour_on, web_link
from tiltak.reports.renderers.narrative import narrative_blocks

NO_STATUS_FILL = "#ffffff"
TEXT_LOCALES = {"nb": "nb-NO", "nn": "nn-NO"}


class _TextLanguage:
    """Marks the runs of text people wrote (titles, plan texts, narratives, the introduction) with the plan's
    language where the document is in another, as the PDF and HTML do (WCAG 3.1.2): an English report's
    Norwegian texts are read as Norwegian, a nynorsk plan's as nynorsk."""

    def __init__(self, report: ReportData, document_locale: str):
        locale = TEXT_LOCALES.get(report.language, "nb-NO")
        self.locale = locale if locale != document_locale else None

    def mark(self, run) -> None:
        if self.locale is not None:
            _run_language(run._r.get_or_add_rPr(), self.locale)

    def paragraph(self, paragraph) -> None:
        for run in paragraph.runs:
            self.mark(run)


def _run_language(r_pr, locale: str) -> None:
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), locale)


def _set_language(document, locale: str) -> None:
    """The document's default language, so spell checking and screen readers use the right one."""
    styles = document.styles.element
    r_pr = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    lang = r_pr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        r_pr.append(lang)
    lang.set(qn("w:val"), locale)
    lang.set(qn("w:eastAsia"), locale)
    document.core_properties.language = locale


def _repeat_header(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    tr_pr.append(header)


def _keep_row_together(row) -> None:
    tr_pr = row._tr.get_or_add_trPr()
    cant_split = OxmlElement("w:cantSplit")
    cant_split.set(qn("w:val"), "true")
    tr_pr.append(cant_split)


def _shade(cell, colour: str) -> None:
    tc_pr = cell._tc.get_or_add_tcPr()
    shading = OxmlElement("w:shd")
    shading.set(qn("w:val"), "clear")
    shading.set(qn("w:color"), "auto")
    shading.set(qn("w:fill"), colour.lstrip("#").upper())
    tc_pr.append(shading)


def _status_cell(cell, grade: GradeData | None, text: str) -> None:
    fill = grade.colour if grade else NO_STATUS_FILL
    _shade(cell, fill)
    run = cell.paragraphs[0].add_run(text)
    run.font.color.rgb = RGBColor.from_string(text_colour_on(fill).lstrip("#").upper())


def _table(document, header: list[str], widths: list[float] | None = None):
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.LEFT
    row = table.rows[0]
    _repeat_header(row)
    for cell, text in zip(row.cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
        _shade(cell, "#e8eaed")
    if widths:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)
    return table


def _add_row(table, values: list[str], widths: list[float] | None = None):
    row = table.add_row()
    _keep_row_together(row)
    for index, (cell, value) in enumerate(zip(row.cells, values, strict=True)):
        if value:
            cell.paragraphs[0].add_run(value)
        if widths:
            cell.width = Cm(widths[index])
    return row


def _narrative(document, text: str, marker: _TextLanguage) -> None:
    """Paragraphs with bold, italic, code and links as Word runs; «- » and «1.» lists as Word's list styles."""
    for block in narrative_blocks(text):
        if block.kind == "p":
            _runs(document.add_paragraph(), block.runs, marker)
        else:
            style = "List Number" if block.kind == "ol" else "List Bullet"
            for item in block.items:
                _runs(document.add_paragraph(style=style), item, marker, strip=True)


def _runs(paragraph, runs, marker: _TextLanguage, *, strip: bool = False) -> None:
    for index, r in enumerate(runs):
        text = r.text
        if strip and index == 0:
            text = text.lstrip()
        if strip and index == len(runs) - 1:
            text = text.rstrip()
        if r.href and web_link(r.href):
            _hyperlink(paragraph, r.href, text=text, locale=marker.locale)
            continue
        run = paragraph.add_run(text)
        marker.mark(run)
        run.bold = r.bold or None
        run.italic = r.italic or None
        if r.code:
            run.font.name = "Courier New"


def _hyperlink(paragraph, url: str, *, text: str | None = None, locale: str | None = None) -> None:
    href = web_link(url)
    if href is None:
        paragraph.add_run(text or url)
        return
    r_id = paragraph.part.relate_to(href, RELATIONSHIP_TYPE.HYPERLINK, is_external=True)
    link = OxmlElement("w:hyperlink")
    link.set(qn("r:id"), r_id)
    run = OxmlElement("w:r")
    r_pr = OxmlElement("w:rPr")
    style = OxmlElement("w:rStyle")
    style.set(qn("w:val"), "Hyperlink")
    colour = OxmlElement("w:color")
    colour.set(qn("w:val"), "00467F")
    underline = OxmlElement("w:u")
    underline.set(qn("w:val"), "single")
    r_pr.extend([style, colour, underline])
    if locale and text:  # a link's own words in the narrative's language (a bare address has none)
        _run_language(r_pr, locale)
    element = OxmlElement("w:t")
    element.text = text or url
    element.set(qn("xml:space"), "preserve")
    run.extend([r_pr, element])
    link.append(run)
    paragraph._p.append(link)


def _picture_alt_text(document, alt: str, title: str) -> None:
    """Word reads alt text from the drawing's docPr; python-docx leaves it empty."""
    doc_pr = document.inline_shapes[-1]._inline.docPr
    doc_pr.set("descr", alt)
    doc_pr.set("title", title)


def _measure_item(document, marker: _TextLanguage, m, after: str = "") -> None:
    """«12 Title» (and what follows) as a list item, the title in the plan's language."""
    item = document.add_paragraph(style="List Bullet")
    item.add_run(f"{m.number} ")
    marker.mark(item.add_run(m.title))
    if after:
        item.add_run(after)


def _changes(document, report: ReportData, words: Labels, marker: _TextLanguage) -> None:
    changes = report.changes
    if changes is None:
        return
    document.add_heading(words.changes, level=1)
    document.add_paragraph(words.compared_with.format(label=words.round_label(report, -2)))
    used = {t.before for t in changes.transitions} | {t.after for t in changes.transitions}
    columns = [*report.grades] + ([None] if None in used else [])
    document.add_paragraph(words.transitions, style="Caption")
    table = _table(document, [f"{words.before} \\ {words.after}"] + [words.grade(g) for g in columns])
    for before in columns:
        _add_row(table, [words.grade(before)] + [str(changes.count(before, after)) for after in columns])
    document.add_heading(words.changed, level=2)
    if not changes.changed:
        document.add_paragraph(words.changed_none)
    for m in changes.changed:
        _measure_item(document, marker, m, f": {words.grade(m.previous.grade)} → {words.grade(m.grade)}")
    document.add_heading(words.unchanged, level=2)
    if not changes.unchanged_narratives:
        document.add_paragraph(words.unchanged_none)
    for m in changes.unchanged_narratives:
        _measure_item(document, marker, m)
    if changes.new:
        document.add_heading(words.new, level=2)
        for m in changes.new:
            _measure_item(document, marker, m)


def _ministries(document, report: ReportData, words: Labels) -> None:
    document.add_heading(words.ministries, level=1)
    with_unreported = any(n for g, n in report.distribution if g is None)
    width = len(report.grades) + (1 if with_unreported else 0)
    header = [words.ministry, words.role, *[words.grade(g) for g in report.grades]]
    header += [words.not_reported] if with_unreported else []
    table = _table(document, [*header, words.total])
    for s in report.ministry_summary:
        for role, counts in ((words.lead, s.lead), (words.co, s.co)):
            if sum(counts):
                _add_row(table, [s.ministry.abbreviation, role, *[str(n) for n in counts[:width]], str(sum(counts))])


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    words = labels(lang)
    document = Document()
    _set_language(document, words.locale)
    marker = _TextLanguage(report, words.locale)
    title = words.title(report)
    document.core_properties.title = f"{title} – {words.round_label(report)}"
    document.core_properties.subject = in_language(lang, report.plan_title, report.plan_title_en)
    document.core_properties.author = "tiltak"
    normal = document.styles["Normal"]
    normal.font.size = Pt(10.5)
    section = document.sections[0]
    section.page_width, section.page_height = Cm(21), Cm(29.7)  # A4, not python-docx's default Letter
    section.left_margin = section.right_margin = Cm(2.2)

    heading = document.add_heading(title, level=0)
    if lang == "en" and not report.plan_title_en:  # «Status report for» and the plan's Norwegian title
        marker.mark(heading.runs[0])
    elif lang != "en":
        marker.paragraph(heading)
    document.add_paragraph(words.round_label(report), style="Subtitle")
    if not report.published:
        document.add_paragraph().add_run(words.draft).bold = True
    if report.corrections:
        document.add_heading(words.corrections, level=1)
        for note in report.corrections:
            document.add_paragraph(words.correction(note), style="List Bullet")
    for text in paragraphs(report.introduction):
        marker.paragraph(document.add_paragraph(text))

    document.add_heading(words.legend, level=1)
    legend = document.add_table(rows=0, cols=1)
    for grade in report.grades:
        _status_cell(legend.add_row().cells[0], grade, grade.label(lang))
    legend.autofit = True

    document.add_heading(words.overview, level=1)
    widths = [1.2, 9.0, 3.0, 3.4]
    table = _table(document, [words.number, words.measure, words.responsible, words.status], widths)
    for m in report.measures:
        row = _add_row(table, [m.number, m.title, f"({','.join(m.responsible)})", ""], widths)
        marker.paragraph(row.cells[1].paragraphs[0])
        _status_cell(row.cells[3], m.grade, m.status_label(lang) or words.not_reported)

    document.add_heading(words.distribution, level=1)
    document.add_picture(io.BytesIO(distribution_chart(report, words, fmt="png")), width=Cm(15))
    _picture_alt_text(document, chart_alt(report, words), words.distribution)

    _changes(document, report, words, marker)
    _ministries(document, report, words)

    document.add_page_break()
    document.add_heading(words.sections, level=1)
    for m in report.measures:
        heading = document.add_heading(level=2)
        heading.add_run(f"{m.number} ")
        marker.mark(heading.add_run(m.title))
        heading.add_run(m.heading.removeprefix(f"{m.number} {m.title}"))
        for text in paragraphs(m.plan_text):
            marker.paragraph(document.add_paragraph(text, style="Quote"))
        status = document.add_paragraph()
        status.add_run(f"{words.status}: ").bold = True
        status.add_run(m.status_label(lang) or words.not_reported)
        _narrative(document, m.narrative, marker)
        for url in m.links:
            _hyperlink(document.add_paragraph(style="List Bullet"), url)

    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
