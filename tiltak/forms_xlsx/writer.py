"""The fill-in form of one ministry for one open round, as an XLSX (openpyxl), and all of them as a ZIP.

One sheet named after the ministry, a row per measure it reports on (those it leads first, then those it
contributes to, marked); the status a drop-down of the plan's labels; every cell locked but those to fill; an
instructions sheet; a hidden, signed sheet of metadata (tiltak.forms_xlsx.metadata).
"""

import io
import zipfile
from dataclasses import dataclass

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill, Protection
from openpyxl.utils import get_column_letter
from openpyxl.workbook.protection import WorkbookProtection
from openpyxl.worksheet.datavalidation import DataValidation

from tiltak.forms_xlsx import layout
from tiltak.forms_xlsx.metadata import EntryMark, Metadata
from tiltak.plans import selectors
from tiltak.plans.actions.entries import EDITABLE
from tiltak.plans.actions.forms import Labels, content_digest, ministries_of
from tiltak.plans.models import Ministry, Round, StatusEntry

CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WRAP = Alignment(wrap_text=True, vertical="top")
BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="E8EAED")
FILL_IN = PatternFill("solid", fgColor="FFF8E1")  # the cells to fill in
CONTRIBUTION = PatternFill("solid", fgColor="F3F4F6")
OPEN = Protection(locked=False)


@dataclass
class _Row:
    entry: StatusEntry
    lead: bool
    previous: StatusEntry | None


def _rows(the_round: Round, ministry: str) -> list[_Row]:
    entries = list(StatusEntry.objects.filter(round=the_round).for_ministry([ministry]).for_work())
    before = selectors.previous_round(the_round)
    previous = {}
    if before is not None:
        previous = {e.measure_id: e for e in StatusEntry.objects.filter(
            round=before, measure_id__in=[e.measure_id for e in entries]).select_related("status__grade")}
    rows = [_Row(e, e.measure.responsible_abbreviations()[:1] == [ministry], previous.get(e.measure_id))
            for e in entries]
    return [r for r in rows if r.lead] + [r for r in rows if not r.lead]


def form_name(the_round: Round, ministry: str) -> str:
    return f"{the_round.plan.slug}-{the_round.slug}-{ministry}.xlsx"


def build_form(the_round: Round, ministry: str, *, lang: str = "nb") -> bytes:
    """The XLSX of ``ministry``'s form for ``the_round`` in ``lang`` (nb or en)."""
    lang = "en" if lang == "en" else "nb"
    rows = _rows(the_round, ministry)
    labels = Labels(the_round.plan.scale_id)
    choices = [label.in_language(lang) for label in labels.main.values()]
    workbook = Workbook()
    with translation.override(lang):
        sheet = workbook.active
        sheet.title = ministry
        _fill_sheet(sheet, rows, labels, lang)
        guide = workbook.create_sheet(layout.instructions_title(lang))
        first_choice = _fill_instructions(guide, the_round, ministry, choices, lang)
        _drop_down(sheet, guide.title, first_choice, len(choices), len(rows))
    meta = Metadata(
        format=layout.FORMAT, plan=the_round.plan.slug, round=the_round.slug, ministry=ministry, language=lang,
        exported_at=timezone.now().isoformat(timespec="seconds"),
        entries=tuple(EntryMark(r.entry.measure.number, r.entry.version,
                                content_digest(r.entry.status.grade_id if r.entry.status_id else None,
                                               r.entry.narrative, list(r.entry.links)),
                                "lead" if r.lead else "contribution") for r in rows))
    _fill_metadata(workbook.create_sheet(layout.META_SHEET), meta)
    workbook.security = WorkbookProtection(lockStructure=True)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _fill_sheet(sheet, rows: list[_Row], labels: Labels, lang: str) -> None:
    for column, title in enumerate(layout.headers(lang), start=1):
        cell = sheet.cell(layout.HEADER_ROW, column, title)
        cell.font, cell.fill, cell.alignment = BOLD, HEADER_FILL, WRAP
        sheet.column_dimensions[get_column_letter(column)].width = layout.WIDTHS[column]
    for index, row in enumerate(rows, start=layout.FIRST_ROW):
        entry, previous = row.entry, row.previous
        responsible = ", ".join(entry.measure.responsible_abbreviations())
        if not row.lead:
            responsible += "\n" + _("Bidrag: %(lead)s har hovedansvaret") % {
                "lead": entry.measure.responsible_abbreviations()[0]}
        values = {
            layout.NUMBER: entry.measure.number, layout.MEASURE: entry.measure.title,
            layout.RESPONSIBLE: responsible,
            layout.STATUS: _shown(labels, entry.status, lang), layout.TEXT: entry.narrative,
            layout.LINKS: "\n".join(entry.links),
            layout.PREVIOUS_STATUS: _shown(labels, previous.status, lang) if previous and previous.status_id else "",
            layout.PREVIOUS_TEXT: previous.narrative if previous else "",
        }
        editable = entry.state in EDITABLE
        sheet.row_dimensions[index].height = _height(values)
        for column, value in values.items():
            cell = sheet.cell(index, column, value or None)
            cell.data_type = "s"
            cell.alignment = WRAP
            if column in layout.FILLED and editable:
                cell.protection, cell.fill = OPEN, FILL_IN
            elif not row.lead:
                cell.fill = CONTRIBUTION
    sheet.freeze_panes = sheet.cell(layout.FIRST_ROW, layout.STATUS)
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # people may widen columns and rows, and nothing else
    sheet.protection.formatRows = False
    sheet.print_title_rows = f"{layout.HEADER_ROW}:{layout.HEADER_ROW}"
    sheet.page_setup.orientation = "landscape"
    sheet.sheet_properties.pageSetUpPr.fitToPage = True  # printed: every column on the page's width
    sheet.page_setup.fitToWidth, sheet.page_setup.fitToHeight = 1, 0


LINE_POINTS = 15
MAX_ROW_POINTS = 409  # Excel's highest row


def _height(values: dict[int, str]) -> float:
    """A row as high as its longest wrapped cell (spreadsheets do not fit rows to wrapped text on opening)."""
    lines = 1
    for column, value in values.items():
        width = max(layout.WIDTHS[column] - 2, 4)
        lines = max(lines, sum(max(1, -(-len(line) // width)) for line in (value or "").split("\n")))
    return min(lines * LINE_POINTS, MAX_ROW_POINTS)


def _shown(labels: Labels, label, lang: str) -> str:
    """A status as the form shows it: its grade's main label in the form's language."""
    if label is None:
        return ""
    return labels.main.get(label.grade_id, label).in_language(lang)


def _fill_instructions(sheet, the_round: Round, ministry: str, choices: list[str], lang: str) -> int:
    """The instructions, and the status labels the drop-down offers; returns the row of the first label."""
    named = Ministry.objects.by_abbreviation(ministry, on=the_round.as_of)
    lines = [
        (the_round.plan.in_language(lang), BOLD),
        (_("%(round)s – skjema for %(ministry)s") % {
            "round": the_round.in_language(lang), "ministry": f"{named.name} ({ministry})" if named else ministry},
         BOLD),
        (_("Frist: %(date)s") % {"date": the_round.deadline.isoformat()} if the_round.deadline else "", None),
        ("", None),
        (_("Slik fyller du ut skjemaet"), BOLD),
        (_("1. Fyll ut kolonnene «Status», «Statustekst» og «Lenker» (de gule cellene) på arket %(sheet)s. "
           "Resten av skjemaet er låst.") % {"sheet": ministry}, None),
        (_("2. «Status»: velg en av statusene i listen nedenfor. «Statustekst»: hva er gjort, avsnitt skilles med "
           "en tom linje. «Lenker»: én nettadresse (https://…) per linje."), None),
        (_("3. Rader merket «Bidrag» er tiltak der et annet departement har hovedansvaret: skriv departementets "
           "bidrag; det ansvarlige departementet sender inn."), None),
        (_("4. Ikke legg til, fjern eller flytt rader, og ikke endre navnet på arkene: da kjenner ikke tiltak "
           "igjen skjemaet."), None),
        (_("5. Last opp skjemaet under «Skjema for utfylling» i tiltak. Du ser hva som blir endret før noe "
           "lagres. En rad som er endret i tiltak etter at skjemaet ble laget, lagres ikke uten at du velger det."),
         None),
        ("", None),
        (_("Statuser"), BOLD),
    ]
    sheet.column_dimensions["A"].width = 110
    for number, (text, font) in enumerate(lines, start=1):
        cell = sheet.cell(number, 1, text or None)
        cell.alignment = WRAP
        if font:
            cell.font = font
    first = len(lines) + 1
    for offset, choice in enumerate(choices):
        sheet.cell(first + offset, 1, choice).data_type = "s"
    sheet.protection.sheet = True
    return first


def _drop_down(sheet, guide_title: str, first: int, count: int, rows: int) -> None:
    if not rows:
        return
    choices = DataValidation(
        type="list", formula1=f"'{guide_title}'!$A${first}:$A${first + count - 1}", allow_blank=True,
        showErrorMessage=True, errorStyle="stop", errorTitle=_("Ukjent status"),
        error=_("Velg en av statusene i listen."), showInputMessage=True, promptTitle=_("Status"),
        prompt=_("Velg en status i listen."))
    column = get_column_letter(layout.STATUS)
    choices.add(f"{column}{layout.FIRST_ROW}:{column}{layout.FIRST_ROW + rows - 1}")
    sheet.add_data_validation(choices)


def _fill_metadata(sheet, meta: Metadata) -> None:
    values = [meta.format, meta.plan, meta.round, meta.ministry, meta.language, meta.exported_at, meta.signature()]
    for number, (key, value) in enumerate(zip(layout.META_KEYS, values, strict=True), start=1):
        sheet.cell(number, 1, key)
        sheet.cell(number, 2, value).data_type = "s"
    for number, mark in enumerate(meta.entries, start=layout.META_ROWS):
        for column, value in enumerate((mark.number, str(mark.version), mark.digest, mark.role), start=1):
            sheet.cell(number, column, value).data_type = "s"
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"


def build_zip(the_round: Round, *, lang: str = "nb") -> bytes:
    """Every ministry's form for the round, one XLSX each, in a ZIP."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as archive:  # XLSX files are compressed already
        for ministry in ministries_of(the_round):
            archive.writestr(form_name(the_round, ministry), build_form(the_round, ministry, lang=lang))
    return out.getvalue()
