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
from django.db.models import F
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from tiltak.lib.language import in_language, round_in_language
from tiltak.plans import search_index, selectors
from tiltak.plans.models import StatusEntry
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
    """One result as the page shows it: the measure's address and the words around it in the page's language."""

    plan_slug: str
    current_number: str  # the measure's number now: its page's address
    number: str  # as the entry's round published it
    language: str  # the plan's written language, marked on its texts
    plan: str  # the plan's title
    round: str  # the round's label
    status: str  # the entry's status as the round labels it; "" when it has none
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
        chosen = _one_per_measure(search_index.candidates(words))
        if connection.vendor == "postgresql":
            return query, _postgres(chosen, " ".join(words))
        return query, _fallback(chosen, words)


def _one_per_measure(found: list[tuple[int, int]]) -> list[int]:
    """The entries shown: the first of each measure among the index's candidates (in the order shown), at most
    MAX_RESULTS."""
    chosen, seen = [], set()
    for entry_id, measure_id in found:
        if measure_id not in seen:
            seen.add(measure_id)
            chosen.append(entry_id)
            if len(chosen) == MAX_RESULTS:
                break
    return chosen


_SHOWN = {"plan_slug": "measure__plan__slug", "number": "measure__number", "language": "measure__plan__language",
          "plan_title": "measure__plan__title", "plan_title_en": "measure__plan__title_en",
          "round_label": "round__label", "as_of": "round__as_of", "status_text": "status__text",
          "status_text_en": "status__text_en"}


def _shown(ids: list[int], *columns: str, **texts) -> dict[int, dict]:
    """The entries shown, by id, as plain values: what the results page reads of them and ``texts`` (the texts to
    highlight, or the database's highlighting of them). A search's cost is mostly in loading these rows, so it
    stays the same whatever else the tables hold; plain values rather than five model objects a hit halve it."""
    fields = {name: F(path) for name, path in _SHOWN.items()}
    # Unordered: the caller orders them (the entries' default order joined the round's plan again and sorted).
    rows = StatusEntry.objects.published().filter(id__in=ids).order_by().values("id", "measure_as_was", *columns,
                                                                                 **fields, **texts)
    return {row["id"]: row for row in rows}


def _as_published(row: dict) -> selectors.MeasureAsPublished:
    """The measure as the row's round published it (only its number, title and plan text are read here: the
    responsible ministries are not shown, so not loaded)."""
    return selectors.measure_as_published_row(row["measure_as_was"], registered=selectors.MeasureAsPublished(
        number=row["number"], title=row.get("title", ""), plan_text=row.get("plan_text", ""), responsible=()))


def _hit(row: dict, lang: str, *, number: str, title: SafeString, snippet: SafeString) -> Hit:
    return Hit(plan_slug=row["plan_slug"], current_number=row["number"], number=number, language=row["language"],
               plan=in_language(lang, row["plan_title"], row["plan_title_en"]),
               round=round_in_language(lang, row["round_label"], row["as_of"]),
               status=in_language(lang, row["status_text"] or "", row["status_text_en"]), title=title,
               snippet=snippet)


def _postgres(chosen: list[int], text: str) -> list[Hit]:
    from django.contrib.postgres.search import SearchHeadline, SearchQuery

    query = SearchQuery(text, config="norwegian", search_type="plain")
    options = {"config": "norwegian", "start_sel": _START, "stop_sel": _STOP, "max_words": 40, "min_words": 15,
               "max_fragments": 2, "fragment_delimiter": " … "}
    # The highlighting (the costly part) only for the entries shown.
    rows = _shown(
        chosen,
        title_hl=SearchHeadline(selectors.measure_text_as_published("title"), query, config="norwegian",
                                start_sel=_START, stop_sel=_STOP, highlight_all=True),
        text_hl=SearchHeadline("narrative", query, **options),
        plan_hl=SearchHeadline(selectors.measure_text_as_published("plan_text"), query, **options))
    lang = get_language()
    hits = []
    for entry_id in chosen:
        row = rows[entry_id]
        snippet = row["text_hl"] if _START in (row["text_hl"] or "") else row["plan_hl"]
        hits.append(_hit(row, lang, number=_as_published(row).number, title=_marked(row["title_hl"]),
                         snippet=_marked(snippet or "")))
    return hits


def _marked(text: str) -> SafeString:
    escaped = html.escape(text)
    # SafeString rather than mark_safe: its check for lazy text cost as much as the escaping, twice a hit.
    return SafeString(escaped.replace(_START, "<mark>").replace(_STOP, "</mark>"))


def _fallback(chosen: list[int], words: list[str]) -> list[Hit]:
    rows = _shown(chosen, "narrative", title=F("measure__title"), plan_text=F("measure__plan_text"))
    pattern, lang = _pattern(words), get_language()
    hits = []
    for entry_id in chosen:
        row = rows[entry_id]
        shown = _as_published(row)
        # The narrative when it holds a word of the query, else the plan text; where the first word is, found once.
        narrative = row["narrative"] or ""
        first = pattern.search(narrative)
        source, at = (narrative, first.start()) if first else (shown.plan_text, None)
        hits.append(_hit(row, lang, number=shown.number, title=highlight(shown.title, words, pattern),
                         snippet=highlight(excerpt(source, words, pattern, at=at), words, pattern)))
    return hits


def excerpt(text: str, words: list[str], pattern: re.Pattern | None = None, *, at: int | None = None) -> str:
    """About SNIPPET_CHARS characters of ``text`` around the first of ``words`` found (case-insensitive), cut at
    spaces, its white space folded; ``pattern``: the words' pattern, ``at``: where the first word begins, when the
    caller has them. A narrative may run to thousands of characters and a search shows fifty: the search for the
    first word stops there, and only the stretch around it is folded, never the whole text."""
    text, pattern = text or "", pattern or _pattern(words)
    if at is None:
        found = pattern.search(text)
        at = found.start() if found else 0
    # Folding only shortens: SNIPPET_CHARS before the word and twice that after it, unfolded, hold the excerpt.
    begin, stop = max(0, at - SNIPPET_CHARS), at + 2 * SNIPPET_CHARS
    cut_before, cut_after = begin > 0, stop < len(text)
    window = " ".join(text[begin:stop].split())
    if cut_before and not text[begin - 1].isspace() and " " in window:
        window = window.partition(" ")[2]  # the word the window began inside
    if not cut_before and not cut_after and len(window) <= SNIPPET_CHARS:
        return window
    found = pattern.search(window)
    start = max(0, found.start() - SNIPPET_CHARS // 3) if found else 0
    if start:
        start = window.find(" ", start) + 1 or start
    end = start + SNIPPET_CHARS
    end = window.rfind(" ", start, end) if end < len(window) else len(window)
    cut_after = cut_after or end < len(window)
    return ("… " if start or cut_before else "") + window[start:end if end > start else start + SNIPPET_CHARS] + (
        " …" if cut_after else "")


def _pattern(words: list[str]) -> re.Pattern:
    return re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)


def highlight(text: str, words: list[str], pattern: re.Pattern | None = None) -> SafeString:
    """``text`` escaped, each occurrence of any of ``words`` (case-insensitive) in <mark>; ``pattern``: the
    words' pattern when the caller has made it once for many texts. The matches are marked with the database's
    markers (stored text holds no control characters: :mod:`tiltak.lib.text`; any are dropped here), then escaped
    with the rest, then the markers become tags: one escape a text, not two a match."""
    text = text.replace(_START, "").replace(_STOP, "")
    if not words:
        return _marked(text)
    pieces, last = [], 0
    for match in (pattern or _pattern(words)).finditer(text):
        pieces += (text[last:match.start()], _START, match.group(), _STOP)
        last = match.end()
    pieces.append(text[last:])
    return _marked("".join(pieces))
