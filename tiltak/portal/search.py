"""Search over the measures' titles and plan texts and the narratives of published rounds.

Each entry is found and shown with its measure's number, title and plan text as its round published them
(:func:`tiltak.plans.selectors.measure_as_published`): a measure's old title finds the rounds that published it.

The index (:mod:`tiltak.plans.search_index`) gives the matching entries, at most 200 of them, so a search
costs about the same however many entries there are. On PostgreSQL: the «norwegian» configuration (stemming:
«barnet» finds «barn»), ranked, with the database's own highlighting. On SQLite: every word of the query must be a word
of the title, the plan text or the narrative (FTS5), highlighted here. Either way the input is bounded (200
characters, 8 words, 50 results), only published rounds are read, and searches are bounded in number and time
(:func:`tiltak.plans.search_index.bounded`).
"""

import html
import re
from dataclasses import dataclass

from django.db import connection
from django.db.models import Prefetch
from django.utils.safestring import SafeString, mark_safe

from tiltak.plans import search_index, selectors
from tiltak.plans.models import Responsibility, StatusEntry
from tiltak.plans.search_index import SearchBusy  # noqa: F401 - the view catches it from here

MAX_QUERY_LENGTH = 200
MAX_WORDS = 8
MAX_RESULTS = 50
SNIPPET_CHARS = 240
_WORD = re.compile(r"\w+", re.UNICODE)
# Markers the database puts around matches (control characters people do not type); escaped, they become <mark>.
_START, _STOP = "\x02", "\x03"


@dataclass(frozen=True)
class Hit:
    entry: StatusEntry
    measure: selectors.MeasureAsPublished  # as the entry's round published it: the number and title shown
    title: SafeString
    snippet: SafeString


def clean_query(raw: str | None) -> str:
    """The query as searched: at most MAX_QUERY_LENGTH characters, control characters removed, spaces folded."""
    text = (raw or "")[:MAX_QUERY_LENGTH]
    text = "".join(ch if ch.isprintable() else " " for ch in text)
    return " ".join(text.split())


def words_of(query: str) -> list[str]:
    seen: list[str] = []
    for word in _WORD.findall(query.lower()):
        if word not in seen:
            seen.append(word)
    return seen[:MAX_WORDS]


def search(raw: str | None) -> tuple[str, list[Hit]]:
    """The cleaned query and its hits (one per measure, the newest matching round's entry). Raises SearchBusy when
    too many searches run at once or this one takes too long."""
    query = clean_query(raw)
    words = words_of(query)
    if not words:
        return query, []
    with search_index.bounded():
        found = search_index.candidates(words)
        # The measures' responsible ministries in one query: what measure_as_published reads of the register.
        entries = (StatusEntry.objects.published().select_related("measure__plan", "round", "status__grade")
                   .prefetch_related(Prefetch("measure__responsibilities",
                                              queryset=Responsibility.objects.select_related("ministry"))))
        if connection.vendor == "postgresql":
            return query, _postgres(entries, found, " ".join(words))
        return query, _fallback(entries, [entry_id for entry_id, _measure in found], words)


def _postgres(entries, ranked: list[tuple[int, int]], text: str) -> list[Hit]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    query = SearchQuery(text, config="norwegian", search_type="plain")
    options = {"config": "norwegian", "start_sel": _START, "stop_sel": _STOP, "max_words": 40, "min_words": 15,
               "max_fragments": 2, "fragment_delimiter": " … "}
    chosen, seen = [], set()
    for entry_id, measure_id in ranked:  # best first: the index ranked them
        if measure_id not in seen:
            seen.add(measure_id)
            chosen.append(entry_id)
            if len(chosen) == MAX_RESULTS:
                break
    # The highlighting (the costly part) only for the entries shown.
    rows = {row.id: row for row in entries.filter(id__in=chosen).annotate(
        title_hl=SearchHeadline(selectors.measure_text_as_published("title"), query, config="norwegian",
                                start_sel=_START, stop_sel=_STOP, highlight_all=True),
        text_hl=SearchHeadline("narrative", query, **options),
        plan_hl=SearchHeadline(selectors.measure_text_as_published("plan_text"), query, **options))}
    hits = []
    for entry_id in chosen:
        row = rows[entry_id]
        snippet = row.text_hl if _START in (row.text_hl or "") else row.plan_hl
        hits.append(Hit(entry=row, measure=selectors.measure_as_published(row), title=_marked(row.title_hl),
                        snippet=_marked(snippet or "")))
    return hits


def _marked(text: str) -> SafeString:
    escaped = html.escape(text)
    return mark_safe(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))  # noqa: S308 - escaped above


def _fallback(entries, ids: list[int], words: list[str]) -> list[Hit]:
    # The order and one entry per measure from the candidates' keys alone; whole rows (texts: the costly part)
    # only for the entries shown.
    keys = (entries.filter(id__in=ids).order_by("measure__plan__title", "measure__sort_key", "-round__as_of")
            .values_list("id", "measure_id"))
    chosen, seen = [], set()
    for entry_id, measure_id in keys:
        if measure_id not in seen:
            seen.add(measure_id)
            chosen.append(entry_id)
            if len(chosen) == MAX_RESULTS:
                break
    rows = entries.in_bulk(chosen)
    hits = []
    for entry_id in chosen:
        row = rows[entry_id]
        shown = selectors.measure_as_published(row)
        source = row.narrative if _contains_any(row.narrative, words) else shown.plan_text
        hits.append(Hit(entry=row, measure=shown, title=highlight(shown.title, words),
                        snippet=highlight(excerpt(source, words), words)))
    return hits


def _contains_any(text: str, words: list[str]) -> bool:
    lowered = (text or "").lower()
    return any(w in lowered for w in words)


def excerpt(text: str, words: list[str]) -> str:
    """About SNIPPET_CHARS characters of ``text`` around the first word found, cut at spaces."""
    text = " ".join((text or "").split())
    lowered = text.lower()
    found = [i for i in (lowered.find(w) for w in words) if i >= 0]
    if len(text) <= SNIPPET_CHARS:
        return text
    start = max(0, min(found, default=0) - SNIPPET_CHARS // 3)
    if start:
        start = text.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    end = text.rfind(" ", start, end) if end < len(text) else len(text)
    return ("… " if start else "") + text[start:end if end > start else start + SNIPPET_CHARS] + (
        " …" if end < len(text) else "")


def highlight(text: str, words: list[str]) -> SafeString:
    """``text`` escaped, each occurrence of any of ``words`` (case-insensitive) in <mark>."""
    if not words:
        return mark_safe(html.escape(text))  # noqa: S308 - escaped
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    parts, last = [], 0
    for match in pattern.finditer(text):
        parts.append(html.escape(text[last:match.start()]))
        parts.append(f"<mark>{html.escape(match.group(0))}</mark>")
        last = match.end()
    parts.append(html.escape(text[last:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece escaped
