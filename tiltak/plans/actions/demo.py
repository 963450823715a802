"""Synthetic plans for measuring tiltak at size (``tiltak demo-data``): realistic, reproducible, inserted in bulk.

The text comes from the built-in plan's own sentences (so lengths and words are the seed's), each measure has one
to four responsible ministries from the register, grades move between rounds as a random walk, and every entry has
its history row. Everything goes in with bulk INSERTs, a plan batch at a time, so memory stays bounded and
500,000 entries take minutes, not hours.
"""

import contextlib
import datetime
import random
import re
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.utils import timezone

from tiltak.core.generations import EVERYTHING, expire
from tiltak.lib import values
from tiltak.lib.language import round_label
from tiltak.lib.text import normalise_line
from tiltak.plans.actions import search_index
from tiltak.plans.actions.history import record_versions_as_they_stand
from tiltak.plans.models import (
    EntryState,
    Measure,
    Ministry,
    Plan,
    Responsibility,
    Round,
    SearchDocument,
    StatusEntry,
    StatusEntryVersion,
    StatusLabel,
)

PLANS_PER_BATCH = 20
BATCH_SIZE = 2000
# SQLite's page cache while the demo data goes in (KiB, as PRAGMA cache_size takes it when negative): the default
# 2 MB made SQLite read every index page again from the operating system for each row, ~10 GB of read() calls for
# 500,000 entries and their search index.
BULK_CACHE_KIB = 256 * 1024


@dataclass(frozen=True)
class DemoResult:
    plans: int
    measures: int
    rounds: int
    entries: int


class DemoDataError(ValueError):
    pass


def _sentences() -> tuple[list[str], list[str], list[str]]:
    """The built-in plan's sentences (narratives, plan texts) and titles, each one line in tiltak's normal form, so
    that text made of them (sentences joined by a space, paragraphs by a blank line) is in normal form too and needs
    no normalising on its way in (tests/plans/test_demo_data.py holds the rows to the models' validation)."""
    from tiltak.plans.builtin import builtin_document

    document = builtin_document()
    split = re.compile(r"(?<=[.!?])\s+")

    def lines(texts):
        return [normalise_line(" ".join(s.split())) for t in texts for s in split.split(t or "") if len(s) > 20]

    narrative = lines(m.get("status_text") for m in document["measures"])
    plan_text = lines(m.get("plan_text") for m in document["measures"])
    titles = [normalise_line(m["title"]) for m in document["measures"]]
    return narrative or ["Arbeidet pågår."], plan_text or ["Tiltaket skal gjennomføres i planperioden."], titles


def _paragraphs(rng: random.Random, sentences: list[str], *, paragraphs: int, per: tuple[int, int]) -> str:
    return "\n\n".join(" ".join(rng.choices(sentences, k=rng.randint(*per))) for _ in range(paragraphs))


def create_demo_data(*, plans: int, measures: int, rounds: int, acting_user=None, seed: int = 2012,
                     prefix: str = "demo") -> DemoResult:
    """Add ``plans`` plans of ``measures`` measures with ``rounds`` published rounds each (slugs «demo-0001» …).

    Needs the built-in plan's scale and the ministry register (``tiltak init``). Each batch of plans is its own
    transaction (one for 500,000 entries grew a write-ahead log of 1.2 GB): an interrupted run keeps the batches
    it finished, whole plans with all their rounds, and a second run goes on after them.
    """
    if plans < 1 or measures < 1 or rounds < 1:
        raise DemoDataError("--plans, --measures and --rounds must each be at least 1")
    from tiltak.plans.builtin import BUILTIN_PLAN_SLUG

    template = Plan.objects.select_related("scale", "coordinator").filter(slug=BUILTIN_PLAN_SLUG).first()
    if template is None:
        raise DemoDataError("the built-in plan is missing (run 'tiltak init' first)")
    start = Plan.objects.filter(slug__startswith=f"{prefix}-").count()
    rng = random.Random(seed + start)  # noqa: S311 - synthetic data, reproducible on purpose
    labels = list(StatusLabel.objects.filter(grade__scale=template.scale).order_by("grade__position", "position"))
    grades = list(dict.fromkeys(label.grade_id for label in labels))  # in the scale's order
    label_of = {g: [label for label in labels if label.grade_id == g] for g in grades}
    ministries = list(Ministry.objects.filter(valid_to__isnull=True))
    if not ministries or not labels:
        raise DemoDataError("the ministry register or the status scale is empty (run 'tiltak init' first)")
    maker = _BatchMaker(rng=rng, template=template, prefix=prefix, measures=measures, rounds=rounds,
                        acting_user=acting_user, ministries=ministries, grades=grades, label_of=label_of,
                        texts=_sentences())
    entries_total = 0
    with _bulk_load(adding=plans * measures * rounds) as loaded:
        for batch_start in range(start, start + plans, PLANS_PER_BATCH):
            with transaction.atomic():
                entries_total += maker.add(range(batch_start, min(batch_start + PLANS_PER_BATCH, start + plans)))
            loaded(entries_total)
    expire(EVERYTHING)  # new plans by the hundred, and their ministries' pages: start afresh
    return DemoResult(plans=plans, measures=plans * measures, rounds=plans * rounds, entries=entries_total)


@dataclass
class _BatchMaker:
    rng: random.Random
    template: Plan
    prefix: str
    measures: int
    rounds: int
    acting_user: object
    ministries: list
    grades: list  # grade ids in the scale's order
    label_of: dict  # grade id -> its labels
    texts: tuple[list[str], list[str], list[str]]  # narrative sentences, plan text sentences, titles
    now: datetime.datetime = field(default_factory=timezone.now)

    def add(self, numbers: range) -> int:
        """Plans ``numbers`` (0-based) with their measures, responsibilities, rounds, entries, history and search
        index. Returns how many entries."""
        rng, (narrative, plan_text, titles) = self.rng, self.texts
        plan_rows = Plan.objects.bulk_create([
            Plan(slug=f"{self.prefix}-{i + 1:04d}", title=f"Demoplan {i + 1}: {rng.choice(titles)}"[:values.PLAN_TITLE],
                 title_en=f"Demo plan {i + 1}", period_start=2011, period_end=2014 + self.rounds // 2,
                 coordinator=self.template.coordinator, scale=self.template.scale)
            for i in numbers
        ])
        if any(p.pk is None for p in plan_rows):  # SQLite before 3.35 returns no ids
            plan_rows = list(Plan.objects.filter(slug__in=[p.slug for p in plan_rows]).order_by("slug"))
        measure_rows = Measure.objects.bulk_create([
            Measure(plan=p, number=str(n), sort_key=Measure.key_for(str(n)), title=rng.choice(titles),
                    plan_text=_paragraphs(rng, plan_text, paragraphs=rng.randint(1, 2), per=(1, 3)))
            for p in plan_rows for n in range(1, self.measures + 1)
        ], batch_size=BATCH_SIZE)
        most = min(len(self.ministries), 4)
        Responsibility.objects.bulk_create([
            Responsibility(measure=m, ministry=ministry, position=position)
            for m in measure_rows
            for position, ministry in enumerate(rng.sample(self.ministries, k=rng.randint(1, most)))
        ], batch_size=BATCH_SIZE)
        round_rows = Round.objects.bulk_create([
            Round(plan=p, slug=f"{2012 + r // 2}-{'02' if r % 2 == 0 else '09'}",
                  label=round_label(datetime.date(2012 + r // 2, 2 if r % 2 == 0 else 9, 1)),
                  as_of=datetime.date(2012 + r // 2, 2 if r % 2 == 0 else 9, 1),
                  state=Round.State.PUBLISHED, published_at=self.now,
                  introduction=_paragraphs(rng, narrative, paragraphs=1, per=(2, 4)))
            for p in plan_rows for r in range(self.rounds)
        ], batch_size=BATCH_SIZE)
        rounds_of = {}
        for the_round in round_rows:
            rounds_of.setdefault(the_round.plan_id, []).append(the_round.pk)
        entries = _EntryWriter(acting_user=self.acting_user, now=self.now)
        last = len(self.grades) - 1
        for m in measure_rows:
            grade = rng.randrange(len(self.grades))
            text = _paragraphs(rng, narrative, paragraphs=rng.randint(1, 3), per=(2, 5))
            for round_id in rounds_of[m.plan_id]:
                # Grades move a step now and then, mostly forward (towards «Gjennomført», the scale's first).
                step = rng.random()
                if step < 0.25 and grade > 0:
                    grade -= 1
                elif step > 0.95 and grade < last:
                    grade += 1
                if rng.random() < 0.6:
                    text = _paragraphs(rng, narrative, paragraphs=rng.randint(1, 3), per=(2, 5))
                entries.add(m.pk, round_id, rng.choice(self.label_of[self.grades[grade]]).pk, text)
        written = StatusEntry.objects.filter(round__in=round_rows)
        count = entries.write()
        record_versions_as_they_stand(written, action="demo", acting_user=self.acting_user)
        search_index.update(written)
        return count


@contextlib.contextmanager
def _bulk_load(*, adding: int):
    """What the database needs while ``adding`` entries go in by batches: on SQLite a larger page cache for this
    connection, the usual one after; on PostgreSQL fresh statistics as the tables grow, and for a large load the
    search's GIN index built once at the end (:func:`search_index.built_after`). Yields what to call after each
    batch with the number of entries written so far."""
    if connection.vendor == "postgresql":
        statistics = _Statistics(StatusEntry.objects.count())
        with search_index.built_after(adding=adding):
            yield statistics.grown
        statistics.analyse()
        return
    if connection.vendor != "sqlite":
        yield lambda entries: None
        return
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA cache_size")
        before = cursor.fetchone()[0]
        cursor.execute(f"PRAGMA cache_size = -{int(BULK_CACHE_KIB)}")
    try:
        yield lambda entries: None
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"PRAGMA cache_size = {int(before)}")


class _Statistics:
    """PostgreSQL's planner statistics of the tables a batch reads, renewed each time the entries have doubled.
    A batch finds its rows by subqueries (the entries of its rounds); planned on statistics of a database a
    fraction of the size, they became scans of every entry, history row and search document, and the load's time
    grew with the square of its size. ``ANALYZE`` reads a sample of fixed size, about a second for all of them."""

    TABLES = (StatusEntry, StatusEntryVersion, SearchDocument, Measure, Responsibility, Round, Plan)

    def __init__(self, existing: int):
        self.existing, self.analysed = existing, 0  # the first batch renews them whatever they were

    def grown(self, entries: int) -> None:
        if self.existing + entries >= 2 * self.analysed:
            self.analyse()
            self.analysed = self.existing + entries

    def analyse(self) -> None:
        quote = connection.ops.quote_name
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {', '.join(quote(model._meta.db_table) for model in self.TABLES)}")


class _EntryWriter:
    """Approved entries of published rounds, written in a few statements of plain tuples: the same columns
    ``StatusEntry(…).save()`` would write, with the values that are the same for every entry prepared once by their
    model fields and the varying ones (ids and a narrative already in normal form) passed as they are. Django's
    per-value preparation (and normalising every narrative again) was most of the time of 500,000 entries."""

    def __init__(self, *, acting_user, now):
        user = acting_user.pk if acting_user else None
        fixed = {"links": [], "state": EntryState.APPROVED, "unchanged": False, "review_comment": "",
                 "measure_as_was": {}, "version": 1, "updated_at": now, "updated_by": user, "approved_by": user,
                 "approved_at": now}
        meta = StatusEntry._meta
        self.fixed = tuple(meta.get_field(name).get_db_prep_save(value, connection) for name, value in fixed.items())
        names = ["measure", "round", "status", "narrative", *fixed]
        self.columns = [meta.get_field(name).column for name in names]
        self.rows: list[tuple] = []

    def add(self, measure_id: int, round_id: int, status_id: int, narrative: str) -> None:
        self.rows.append((measure_id, round_id, status_id, narrative, *self.fixed))

    def write(self) -> int:
        if not self.rows:
            return 0
        quote = connection.ops.quote_name
        table, columns = quote(StatusEntry._meta.db_table), ", ".join(quote(c) for c in self.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)  # noqa: S608
        written, self.rows = len(self.rows), []
        return written
