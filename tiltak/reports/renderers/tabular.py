"""The rows CSV and XLSX share: one per measure and round, the report's own round and the earlier published ones."""

from collections.abc import Iterator

from tiltak.reports.data import EntryData, MeasureText, ReportData, RoundData
from tiltak.reports.labels import Labels


def header(words: Labels) -> list[str]:
    return [words.round, words.as_of, words.number, words.measure, words.lead_ministry, words.responsible,
            words.grade_column, words.status, words.narrative, words.links, words.plan_text]


def row(the_round: RoundData, m: MeasureText, entry: EntryData | None, words: Labels) -> list[str]:
    """``m``: the measure as ``the_round`` published it (``MeasureData.in_round``)."""
    return [
        the_round.slug,
        the_round.as_of.isoformat(),
        m.number,
        m.title,
        m.responsible[0] if m.responsible else "",
        ",".join(m.responsible),
        words.grade(entry.grade) if entry else words.not_reported,
        (entry.status_label(words.lang) if entry else None) or words.not_reported,
        entry.narrative if entry else "",
        " ".join(entry.links) if entry else "",
        m.plan_text,
    ]


def rows_for_round(report: ReportData, index: int, words: Labels) -> Iterator[tuple[list[str], EntryData | None]]:
    """One round's rows, made as they are read (a thousand rounds' rows are never held at once); each with the
    measure as that round published it."""
    the_round = report.rounds[index]
    for m in report.measures:
        entry = m.history[index]
        yield row(the_round, m.in_round(index), entry, words), entry


# The column that holds the grade, for colouring in XLSX.
GRADE_COLUMN = 6
