"""Find a status report's or a plan's parts in its text: title, as-of date, legend, overview table, measures.

Works on plain text (what every reader produces). Measures are found as:

- the seed's sections: ``N Title (MIN,MIN)`` with the title running over up to three lines, ``Status: X`` anywhere
  in the section, the plan text before it and the narrative after it;
- other plans' sections and lists: ``Tiltak 12: Title``, ``12. Title``, ``1.2``/``3a`` numbers, the ministries in
  parentheses by abbreviation or in full, before the title (``JD: Title``) or on an ``Ansvar: …`` line;
- a table with a header row, columns in any order (:mod:`.tables`), or a table of contents (:mod:`.layout`);
- the seed's overview table without a header (:mod:`.overview`), and the legend in any layout (:mod:`.legend`).

A document with measures and no status at all is a plan's list of measures (``kind`` «plan»: no round).
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field

from tiltak.lib.language import round_label

from .document import ParsedMeasure, ParsedReport, ParseWarning
from .flat_tables import unflatten
from .layout import (
    AS_OF_RE,
    MONTHS,
    PERIOD_RE,
    as_list_of_measures,
    document_date,
    language_of,
    measures_of_table,
    others_note,
    scale_note,
    take_contents,
)
from .legend import find_legend, guess_scale, match_label
from .ministries import RENAMED, parse_ministries, read_ministries
from .orthography import Restorer
from .overview import TABLE_ROW_RE, OverviewRow, find_overview, number_rows
from .refdata import Scale, scale_by_slug
from .tables import Table, find_tables
from .text import URL_RE, join_lines, normalise_characters, paragraphs, split_links, tidy, unique
from .warnings import compare_overview

NUMBER = r"\d{1,3}(?:\.\d{1,2}){0,2}[a-h]?|[ivx]{1,5}(?=[.)])"  # 12, 1.2, 3a, and i. / ii) in lists
HEADING_RE = re.compile(r"^\s*(?:Tiltak\s+)?(" + NUMBER + r")(?:[.:)]|\s*[-–:])?\s+(\S.*)$", re.IGNORECASE)
TILTAK_RE = re.compile(r"^\s*Tiltak\s+\d", re.IGNORECASE)
MINISTRY_GROUP_RE = re.compile(r"\(\s*((?:[A-ZÆØÅ\]\[|]{1,5}\s*,?\s*)+)\)\s*\.?\s*$")
LEADING_MINISTRY_RE = re.compile(r"^\(?((?:[A-ZÆØÅ\]\[|]{1,5}\s*[,/]\s*)*[A-ZÆØÅ\]\[|]{1,5})\)?\s*[:–-]?\s+(?=\S)")
RESPONSIBLE_RE = re.compile(
    r"^\s*(?:Ansvarl[ie]g(?:e)?(?:\s+departement(?:er|a)?)?|(?:Hoved|Hovud)?ansvar|Responsible(?:\s+ministry)?"
    r"|Departement)\s*:\s*(.+)$",
    re.IGNORECASE,
)
# Ministries named in full in the parenthesis that closes a heading: «(Justis- og beredskapsdepartementet)».
NAMED_GROUP_RE = re.compile(r"\(([^()]{2,300})\)\s*\.?\s*$")
STATUS_RE = re.compile(r"^\s*Status\s*[:;]\s*(.*)$", re.IGNORECASE)
SECTION_WORD_RE = re.compile(r"^\s*(?:Innhold|Innhald|Innholdsfortegnelse|Contents|Innledning|Innleiing|Forord|"
                             r"Sammendrag|Samandrag)\s*$", re.IGNORECASE)


WRAPPED_LINE = 50  # a heading's line this long or longer may go on on the next line; a shorter one ended there
MAX_STATUS_LINE = 60  # characters of a line that can be a status grade («Løpende/under gjennomføring»: 27)


class NoMeasures(ValueError):
    """The document holds no measure this parser can find."""


@dataclass
class Section:
    number: str
    title_lines: list[str]
    responsible: list[str]
    unknown_ministries: list[str]
    body: list[str] = field(default_factory=list)
    others: bool = False  # «m.fl.»: more ministries than the heading names


# -- the sections ----------------------------------------------------------------------------------------------


ROMAN = {"i": 1, "v": 5, "x": 10}


def _major(number: str) -> int:
    """The number a measure's number counts by: 12 of «12.3», 3 of «3a», 4 of «iv»."""
    if m := re.match(r"\d+", number):
        return int(m.group())
    values = [ROMAN[ch] for ch in number]
    return sum(-v if k + 1 < len(values) and v < values[k + 1] else v for k, v in enumerate(values))


def _heading_at(lines: list[str], i: int, last: int | None, on: datetime.date | None = None
                ) -> tuple[Section, int] | None:
    """A measure heading starting at line i: the section head and the index of the first body line."""
    m = HEADING_RE.match(lines[i])
    if not m:
        return None
    number = m.group(1)
    major = _major(number)
    if last is not None and not (last <= major <= last + 5):
        return None
    if last is None and major > 5:
        return None
    explicit = bool(TILTAK_RE.match(lines[i]))
    title_lines = [m.group(2)]
    j = i
    # The title runs until the ministries in parentheses close it (at most three lines, no blank line between).
    while True:
        gm = MINISTRY_GROUP_RE.search(title_lines[-1])
        if gm:
            known, unknown = parse_ministries(gm.group(1), on)
            if known:
                title_lines[-1] = title_lines[-1][: gm.start()].rstrip()
                return Section(number, title_lines, known, unknown), j + 1
        joined = "\n".join(title_lines)
        nm = NAMED_GROUP_RE.search(joined)
        if nm:
            reading = read_ministries(nm.group(1), on)
            if reading.is_list:
                head_lines = [x.rstrip() for x in joined[: nm.start()].split("\n")]
                section = Section(number, [x for x in head_lines if x.strip()], reading.known, reading.unknown)
                section.others = reading.others
                return section, j + 1
        if j - i >= 3 or j + 1 >= len(lines) or not lines[j + 1].strip():
            break
        nxt = lines[j + 1]
        if STATUS_RE.match(nxt) or RESPONSIBLE_RE.match(nxt) or (HEADING_RE.match(nxt) and _plausible(nxt, major)):
            break
        j += 1
        title_lines.append(nxt.strip())
    # No ministries in parentheses: the ministry before the title, or an «Ansvarlig:» line below.
    head = m.group(2)
    lm = LEADING_MINISTRY_RE.match(head)
    if lm:
        known, unknown = parse_ministries(lm.group(1), on)
        if known and not unknown:
            return Section(number, [head[lm.end() :]], known, []), i + 1
    for k in range(i + 1, min(i + 8, len(lines))):
        rm = RESPONSIBLE_RE.match(lines[k])
        if rm:
            reading = read_ministries(rm.group(1), on)
            if reading.known:
                # The title runs on while its lines are full, to a blank line at most; what follows is the plan
                # text, before «Ansvarlig:».
                between = lines[i + 1 : k]
                cut = 0
                previous = lines[i]
                while cut < len(between) and between[cut].strip() and len(previous.strip()) >= WRAPPED_LINE:
                    previous = between[cut]
                    cut += 1
                title_lines = [head, *(x.strip() for x in between[:cut])]
                section = Section(number, title_lines, reading.known, reading.unknown)
                section.others = reading.others
                section.body.extend(between[cut:])
                return section, k + 1
        if HEADING_RE.match(lines[k]) and _plausible(lines[k], major):
            break
    if explicit:
        return Section(number, [head], [], []), i + 1
    return None


def _plausible(line: str, major: int) -> bool:
    m = HEADING_RE.match(line)
    return bool(m) and major <= _major(m.group(1)) <= major + 5


def find_sections(lines: list[str], on: datetime.date | None = None) -> tuple[int, list[Section]]:
    """The index of the first section heading and the sections (their body lines included)."""
    sections: list[Section] = []
    first = -1
    last: int | None = None
    i = 0
    while i < len(lines):
        found = _heading_at(lines, i, last, on)
        if found:
            section, body_start = found
            if first < 0:
                first = i
            sections.append(section)
            last = _major(section.number)
            i = body_start
            continue
        if sections:
            sections[-1].body.append(lines[i])
        i += 1
    return first, sections


# -- the front matter ------------------------------------------------------------------------------------------




def _title_and_intro(front: list[str], restorer: Restorer, exact: bool = False) -> tuple[str, list[str]]:
    """The title (its first line of any length, and the lines that go on with it) and the lines after it.

    With ``exact`` (DOCX, PDF) a blank line ends the title; in OCR text a title may run over a blank line, but no
    further line may be indented or as long as prose. A line that ends a sentence is no title.
    """
    lines = list(front)
    start = next((i for i, x in enumerate(lines) if x.strip()), len(lines))
    title_lines: list[str] = []
    i = start
    while i < len(lines) and len(title_lines) < 4:
        line = lines[i]
        if not line.strip():
            if exact and title_lines:
                break
            i += 1
            continue
        if title_lines and (line.startswith((" ", "\t")) or (not exact and len(line.strip()) > 70)):
            break
        if SECTION_WORD_RE.match(line):
            break
        if line.strip().endswith(".") and (title_lines or len(line.split()) > 12):
            break
        if title_lines and line.strip().endswith(":"):
            break  # a lead-in to what follows
        title_lines.append(line.strip())
        i += 1
        if title_lines[-1].endswith((".", ":")) or re.search(r"\((?:19|20)\d\d\s*[-–]\s*(?:19|20)\d\d\)$",
                                                             title_lines[-1]):
            break  # a sentence, or a title closed by its period: «… (2011–2014)»
    return " ".join(title_lines), lines[i:]


def better_title_from(hint: str, found: str) -> str:
    """The title the text shows, or the metadata's where the text shows none or only its beginning; metadata that
    names a file or a program («Microsoft Word - plan.docx», «Untitled») is no title."""
    hint = hint.strip()
    if not hint or re.search(r"\.(?:docx?|pdf|odt|rtf)$|^(?:microsoft word|untitled|dokument\d*|document\d*)\b", hint,
                             re.IGNORECASE):
        return found
    if not found or (hint.casefold().startswith(found.casefold()) and len(hint) > len(found)):
        return hint
    return found


def _plan_title(report_title: str, period: tuple[str, str] | None) -> str:
    title = re.sub(r"^(?:status\w*|rapport\w*)\s+(?:for|om|på)\s+", "", report_title, flags=re.IGNORECASE).strip()
    title = title[:1].upper() + title[1:]
    if period and period[0] not in title:
        title = f"{title} ({period[0]}–{period[1]})"
    return title


# -- all together ----------------------------------------------------------------------------------------------


def parse_text(text: str, **options) -> ParsedReport:
    """Parse a status report's or a plan's text (see :func:`_parse_text`); what it read as a ministry renamed by
    the document's date is noted as uncertain."""
    notes = RENAMED.set([])
    try:
        report = _parse_text(text, **options)
        day = document_date(text)
        for written, abbreviation, name in RENAMED.get():
            report.uncertain.append(ParseWarning(
                None, "ministry_resolved",
                f"«{written}» het noe annet per {day:%Y-%m}; lest som {abbreviation} ({name})."))
        return report
    finally:
        RENAMED.reset(notes)


@dataclass
class ParseContext:
    """What the stages of a parse share: the text's lines, the restorer, the report being built, and which measure
    the text being restored belongs to (for the restoration notes)."""

    lines: list[str]
    restorer: Restorer
    restore_letters: bool
    exact_paragraphs: bool
    on: datetime.date | None
    report: ParsedReport
    width: int = 80
    measure: str | None = None  # the measure whose text is being restored; None for the report's own texts

    def restore(self, par: str) -> str:
        """A paragraph tidied and, in a text that lost its Norwegian letters, with them put back (noted)."""
        if not self.restore_letters:
            return tidy(par)
        restored, notes = self.restorer.restore_text(tidy(par))
        self.report.restorations.extend(n.as_dict() | {"measure": self.measure} for n in notes)
        return restored

    def paragraphs(self, lines: list[str]) -> list[str]:
        return [self.restore(p) for p in paragraphs(lines, self.restorer.is_word, self.width,
                                                    exact=self.exact_paragraphs)]


@dataclass
class Located:
    """Where the measures are: the first line of the first, the sections, and the table of measures (or None)."""

    first: int
    sections: list[Section]
    table: Table | None


@dataclass
class Front:
    """What stands before the measures: the legend's scale and grades, and the lines of an overview table."""

    scale: Scale | None
    grades: list[str]
    table_lines: list[str]


def _parse_text(
    text: str,
    *,
    scale: str | None = None,
    restorer: Restorer | None = None,
    restore: bool = True,
    exact_paragraphs: bool = False,
    title_hint: str = "",
) -> ParsedReport:
    """Parse a status report's text into a :class:`ParsedReport` (orthography restored, warnings found).

    ``restore`` puts lost Norwegian letters back (OCR text); ``exact_paragraphs`` says the blank lines are the
    paragraph breaks (DOCX, PDF) rather than page-break junk. ``title_hint`` is the title the document's metadata
    gives: it stands where the text shows no title, or only the first lines of it.

    The stages, in order: prepare the text, locate the measures, read what stands before them, read the sections,
    grade the statuses on the scale, compare with the overview table, and say whether it is a plan's list.
    """
    ctx = _prepare(text, restorer=restorer, restore=restore, exact_paragraphs=exact_paragraphs)
    located = _locate(ctx)
    front = _read_front(ctx, located, scale=scale, title_hint=title_hint)
    measures, status_raw = _read_sections(ctx, located.sections)
    if not located.sections and located.table is not None:
        measures = measures_of_table(located.table, ctx.restore, ctx.report)
        status_raw = {row.number: row.status_raw for row in located.table.rows}
    chosen = _grade(ctx, measures, status_raw, located.table, front)
    _compare_with_overview(ctx, measures, located, front, chosen)
    report = ctx.report
    if not any(m.status or m.status_overview or m.status_text for m in measures) and not any(status_raw.values()):
        as_list_of_measures(report)
    return report


def _prepare(text: str, *, restorer: Restorer | None, restore: bool, exact_paragraphs: bool) -> ParseContext:
    """The text in normal form, its language, the restorer for it (which learns the text's own words)."""
    from .refdata import ministry_abbreviations

    text = "\n".join(unflatten(normalise_characters(text).split("\n")))
    language = language_of(text)
    if restorer is None:
        from .lexicon import load_lexicon_for

        # A nynorsk document is restored with the nynorsk forms preferred, so it stays nynorsk.
        restorer = Restorer(load_lexicon_for(language), keep=ministry_abbreviations())
    if restore:
        restorer.learn(text)
    return ParseContext(lines=text.split("\n"), restorer=restorer, restore_letters=restore,
                        exact_paragraphs=exact_paragraphs, on=document_date(text),
                        report=ParsedReport(language=language))


def _locate(ctx: ParseContext) -> Located:
    """The measures' sections, or the table (or table of contents) that holds them; NoMeasures when none."""
    lines, contents, contents_start = take_contents(ctx.lines)
    tables = find_tables(lines, ctx.on)
    for table in tables:  # a table's rows are no headings, nor prose
        lines[table.start : table.end] = [""] * (table.end - table.start)
    ctx.lines = lines
    first, sections = find_sections(lines, ctx.on)
    table = None
    if sections:
        table = max((t for t in tables if t.end <= first), key=lambda t: len(t.rows), default=None)
    elif tables:
        table = max(tables, key=lambda t: len(t.rows))
        first = table.start
    elif contents:
        _, sections = find_sections(contents, ctx.on)
        first = contents_start
    if not sections and table is None:
        raise NoMeasures("no measure found: no numbered heading, list or table of measures with responsible "
                         "ministries")
    filled = sorted(len(x.rstrip()) for x in lines if x.strip())
    ctx.width = filled[int(len(filled) * 0.9)] if filled else 80
    return Located(first, sections, table)


def _read_front(ctx: ParseContext, located: Located, *, scale: str | None, title_hint: str) -> Front:
    """Title, introduction, as-of date, period and the legend, from the lines before the measures."""
    report, restorer = ctx.report, ctx.restorer
    front = ctx.lines[: located.first]
    legend_start, legend_end, legend_scale, grades = find_legend(front, restorer)
    chosen_scale = legend_scale or (scale_by_slug(scale) if scale else None)
    title, rest = _title_and_intro(front if legend_start < 0 else front[:legend_start], restorer,
                                   ctx.exact_paragraphs)
    report.title = better_title_from(title_hint, ctx.restore(title) if title else "")
    intro = ctx.paragraphs(rest)
    # An overview table without a legend starts where the paragraphs stop reading as prose.
    table_lines = front[legend_end:] if legend_start >= 0 else []
    if legend_start < 0:
        intro, table_lines = _split_intro_table(front, restorer, ctx.width, ctx.restore, ctx.exact_paragraphs)
    report.introduction = "\n\n".join(intro)
    front_text = restorer.restore_text("\n".join(front))[0] if ctx.restore_letters else "\n".join(front)
    am = AS_OF_RE.search(front_text)
    if am:
        month = MONTHS.index(am.group(1).lower()) + 1
        report.as_of = f"{am.group(2)}-{month:02d}"
        report.label = round_label(datetime.date(int(am.group(2)), month, 1))
    pm = PERIOD_RE.search(front_text)
    report.period = (pm.group(1), pm.group(2)) if pm else None
    report.plan_title = _plan_title(report.title, report.period) if report.title else ""
    if PARLIAMENT_DOCUMENT_RE.match(report.title) and (named := _plan_named(front_text)):
        report.plan_title, report.period = named
    return Front(chosen_scale, grades, table_lines)


# A budget proposition or white paper reports on a plan it is not: «Prop. 1 S (2019–2020)», «Meld. St. 12 (…)».
PARLIAMENT_DOCUMENT_RE = re.compile(r"^\s*(?:Prop\.|Meld\.\s*St\.|St\.\s*meld\.|St\.\s*prp\.|Innst\.)\s*\d",
                                    re.IGNORECASE)
PLAN_PERIOD = r"([A-ZÆØÅ][^()\n]{5,200}?)\s*\(((?:19|20)\d\d)\s*[-–]\s*((?:19|20)\d\d)\)"
# The plan a caption names («Tabell 10.1 Status for tiltak i Opptrappingsplan mot vold og overgrep (2017–2021) per
# 1. juni 2019»), or a line that is only a plan's name and period.
PLAN_NAMED_RES = (re.compile(r"\btiltak\w*\s+i\s+" + PLAN_PERIOD), re.compile(r"^\s*" + PLAN_PERIOD + r"\s*$"))


def _plan_named(front_text: str) -> tuple[str, tuple[str, str]] | None:
    """The plan (name with period, and the period) a parliamentary document's front matter names."""
    for line in front_text.split("\n"):
        if PARLIAMENT_DOCUMENT_RE.match(line):
            continue
        for pattern in PLAN_NAMED_RES:
            if m := pattern.search(line):
                name = m.group(1).strip()
                return f"{name[:1].upper()}{name[1:]} ({m.group(2)}–{m.group(3)})", (m.group(2), m.group(3))
    return None


def _read_sections(ctx: ParseContext, sections: list[Section]) -> tuple[list[ParsedMeasure], dict[str, str]]:
    """A measure per section, and each section's status as written (graded later, on the scale)."""
    measures: list[ParsedMeasure] = []
    status_raw: dict[str, str] = {}
    for section in sections:
        ctx.measure = section.number
        measure, status_raw[section.number] = _read_section(ctx, section)
        measures.append(measure)
        for tok in section.unknown_ministries:
            ctx.report.warnings.append(ParseWarning(section.number, "unknown_ministry",
                                                    f"Ukjent departementsforkortelse «{tok}» i overskriften."))
        if section.others:
            ctx.report.uncertain.append(others_note(section.number))
    return measures, status_raw


def _read_section(ctx: ParseContext, section: Section) -> tuple[ParsedMeasure, str]:
    """One section: its responsible ministries, plan text before «Status:», narrative after it, links."""
    body = section.body
    status_idx = next((k for k, x in enumerate(body) if STATUS_RE.match(x)), None)
    responsible = list(section.responsible)
    kept = []
    for x in body:
        rm = RESPONSIBLE_RE.match(x)
        if rm and not responsible:
            reading = read_ministries(rm.group(1), ctx.on)
            responsible, section.others = reading.known, reading.others
            continue
        kept.append(x)
    status_raw = ""
    if status_idx is not None:
        status_raw = STATUS_RE.match(body[status_idx]).group(1).strip()
        before, after = body[:status_idx], body[status_idx + 1 :]
        if not status_raw:
            while after and not after[0].strip():
                after = after[1:]
            if after and len(after[0].strip()) <= MAX_STATUS_LINE:  # a grade; a longer line is the narrative
                status_raw, after = after[0].strip(), after[1:]
        before = [x for x in before if not RESPONSIBLE_RE.match(x)]
        after = [x for x in after if not RESPONSIBLE_RE.match(x)]
    else:
        before, after = kept, []
    plan_pars = ctx.paragraphs(before)
    status_pars = ctx.paragraphs(after)
    title_text = ctx.restore(join_lines(section.title_lines, ctx.restorer.is_word))
    title_text = re.sub(r"\s*[.,;:]$", "", title_text)
    title_text = title_text[:1].upper() + title_text[1:]  # «lverksette» read as «iverksette»
    # A closing list of addresses is the section's links; without one, the addresses its text names.
    if status_idx is not None:
        status_pars, listed = split_links(status_pars)
    else:
        plan_pars, listed = split_links(plan_pars)
    links = listed or unique([u.rstrip(".,;)") for p in plan_pars + status_pars for u in URL_RE.findall(p)])
    measure = ParsedMeasure(number=section.number, title=title_text, responsible=responsible,
                            plan_text="\n\n".join(plan_pars), status_text="\n\n".join(status_pars), links=links)
    return measure, status_raw


def _grade(ctx: ParseContext, measures: list[ParsedMeasure], status_raw: dict[str, str], table: Table | None,
           front: Front) -> Scale | None:
    """The scale (the one named, the legend's, or the one the status lines fit best) and each measure's grade."""
    report, chosen = ctx.report, front.scale
    if chosen is None:
        statuses = list(status_raw.values()) + ([r.status_raw for r in table.rows] if table else [])
        chosen = guess_scale(statuses, ctx.restorer) or scale_by_slug("handlingsplan")
        report.uncertain.append(scale_note(chosen))
    report.scale_slug = chosen.slug if chosen else None
    report.status_scale = front.grades if front.grades else (list(chosen.grades) if chosen else [])
    for measure in measures:
        raw = status_raw.get(measure.number, "")
        if raw:
            label, nearest = match_label(raw, chosen, ctx.restorer)
            measure.status = label
            if label is None:
                report.warnings.append(ParseWarning(measure.number, "unknown_status",
                                                    f"Ukjent status «{raw}»; nærmest kjente er «{nearest}»."))
    return chosen


def _compare_with_overview(ctx: ParseContext, measures: list[ParsedMeasure], located: Located, front: Front,
                           chosen: Scale | None) -> None:
    """The overview table's rows against the sections (warnings where they disagree); a table that is the whole
    document gives the round's statuses."""
    report, table, sections = ctx.report, located.table, located.sections
    if table is not None and sections:
        rows = [OverviewRow(r.number, r.title, r.responsible, r.unknown_ministries, r.status_raw) for r in table.rows]
    else:
        rows = find_overview(front.table_lines, ctx.restorer.is_word) if front.table_lines and table is None else []
        number_rows(rows)
    overview = []
    for row in rows:
        ctx.measure = row.number
        label, nearest = match_label(row.status_raw, chosen, ctx.restorer)
        overview.append((row, ctx.restore(row.title.strip()) if row.title else "", label, nearest))
    report.measures = measures
    raw_titles = {s.number: " ".join(s.title_lines) for s in sections}
    if sections:
        report.warnings.extend(compare_overview(measures, overview, ctx.restorer, raw_titles))
    else:
        report.warnings.extend(compare_overview(measures, [], ctx.restorer, raw_titles))
        for measure in measures:  # the table is the whole document: its status is the round's
            measure.status_overview = measure.status
    noted = {(n.measure, n.code) for n in report.uncertain}
    for row in table.rows if table else []:
        if row.others and (row.number, "ministries_others") not in noted:
            report.uncertain.append(others_note(row.number))


def _split_intro_table(front, restorer, width, restore, exact) -> tuple[list[str], list[str]]:
    """Without a legend: the introduction is the prose before the first table-looking line."""
    start = 0
    for k, line in enumerate(front):
        if TABLE_ROW_RE.match(line) or re.fullmatch(r"\s*\(\s*[A-ZÆØÅ\]\[|, ]+\)\s*", line):
            start = k
            break
    else:
        start = len(front)
    # Back up to the start of the block the first row belongs to.
    while 0 < start < len(front) and front[start - 1].strip() and not TABLE_ROW_RE.match(front[start]):
        start -= 1
    _, rest = _title_and_intro(front[:start], restorer, exact)
    intro = [restore(p) for p in paragraphs(rest, restorer.is_word, width, exact=exact)]
    return intro, front[start:]
