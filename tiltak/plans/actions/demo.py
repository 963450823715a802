"""Synthetic plans for measuring tiltak at size (``tiltak demo-data``): realistic, reproducible, inserted in bulk.

The text comes from the built-in plan's own sentences (so lengths and words are the seed's), each measure has one
to four responsible ministries from the register, grades move between rounds as a random walk, and every entry has
its history row. Everything goes in with bulk INSERTs, a plan batch at a time, so memory stays bounded and
500,000 entries take minutes, not hours.
"""

import datetime
import random
import re
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from tiltak.core.generations import EVERYTHING, expire
from tiltak.lib import values
from tiltak.lib.language import round_label
from tiltak.plans.actions import search_index
from tiltak.plans.actions.history import record_versions
from tiltak.plans.models import (
    EntryState,
    Measure,
    Ministry,
    Plan,
    Responsibility,
    Round,
    StatusEntry,
    StatusLabel,
)

PLANS_PER_BATCH = 20
BATCH_SIZE = 2000


@dataclass(frozen=True)
class DemoResult:
    plans: int
    measures: int
    rounds: int
    entries: int


class DemoDataError(ValueError):
    pass


def _sentences() -> tuple[list[str], list[str], list[str]]:
    from tiltak.plans.builtin import builtin_document

    document = builtin_document()
    split = re.compile(r"(?<=[.!?])\s+")
    narrative, plan_text = [], []
    for m in document["measures"]:
        narrative += [s for s in split.split(m.get("status_text") or "") if len(s) > 20]
        plan_text += [s for s in split.split(m.get("plan_text") or "") if len(s) > 20]
    titles = [m["title"] for m in document["measures"]]
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
    narrative, plan_text, titles = _sentences()
    labels = list(StatusLabel.objects.filter(grade__scale=template.scale).order_by("grade__position", "position"))
    grades = list(dict.fromkeys(label.grade_id for label in labels))  # in the scale's order
    label_of = {g: [label for label in labels if label.grade_id == g] for g in grades}
    ministries = list(Ministry.objects.filter(valid_to__isnull=True))
    if not ministries or not labels:
        raise DemoDataError("the ministry register or the status scale is empty (run 'tiltak init' first)")
    now = timezone.now()
    entries_total = 0
    for batch_start in range(start, start + plans, PLANS_PER_BATCH):
        batch = range(batch_start, min(batch_start + PLANS_PER_BATCH, start + plans))
        with transaction.atomic():
            plan_rows = Plan.objects.bulk_create([
                Plan(slug=f"{prefix}-{i + 1:04d}", title=f"Demoplan {i + 1}: {rng.choice(titles)}"[:values.PLAN_TITLE],
                     title_en=f"Demo plan {i + 1}", period_start=2011, period_end=2014 + rounds // 2,
                     coordinator=template.coordinator, scale=template.scale)
                for i in batch
            ])
            if any(p.pk is None for p in plan_rows):  # SQLite before 3.35 returns no ids
                plan_rows = list(Plan.objects.filter(slug__in=[p.slug for p in plan_rows]).order_by("slug"))
            measure_rows = Measure.objects.bulk_create([
                Measure(plan=p, number=str(n), sort_key=Measure.key_for(str(n)), title=rng.choice(titles),
                        plan_text=_paragraphs(rng, plan_text, paragraphs=rng.randint(1, 2), per=(1, 3)))
                for p in plan_rows for n in range(1, measures + 1)
            ], batch_size=BATCH_SIZE)
            Responsibility.objects.bulk_create([
                Responsibility(measure=m, ministry=ministry, position=position)
                for m in measure_rows
                for position, ministry in enumerate(rng.sample(ministries, k=min(len(ministries), rng.randint(1, 4))))
            ], batch_size=BATCH_SIZE)
            round_rows = Round.objects.bulk_create([
                Round(plan=p, slug=f"{2012 + r // 2}-{'02' if r % 2 == 0 else '09'}",
                      label=round_label(datetime.date(2012 + r // 2, 2 if r % 2 == 0 else 9, 1)),
                      as_of=datetime.date(2012 + r // 2, 2 if r % 2 == 0 else 9, 1),
                      state=Round.State.PUBLISHED, published_at=now,
                      introduction=_paragraphs(rng, narrative, paragraphs=1, per=(2, 4)))
                for p in plan_rows for r in range(rounds)
            ], batch_size=BATCH_SIZE)
            rounds_of = {}
            for the_round in round_rows:
                rounds_of.setdefault(the_round.plan_id, []).append(the_round)
            entries = []
            for m in measure_rows:
                grade = rng.randrange(len(grades))
                text = _paragraphs(rng, narrative, paragraphs=rng.randint(1, 3), per=(2, 5))
                for the_round in rounds_of[m.plan_id]:
                    # Grades move a step now and then, mostly forward (towards «Gjennomført», the scale's first).
                    step = rng.random()
                    if step < 0.25 and grade > 0:
                        grade -= 1
                    elif step > 0.95 and grade < len(grades) - 1:
                        grade += 1
                    if rng.random() < 0.6:
                        text = _paragraphs(rng, narrative, paragraphs=rng.randint(1, 3), per=(2, 5))
                    entries.append(StatusEntry(
                        measure=m, round=the_round, status=rng.choice(label_of[grades[grade]]), narrative=text,
                        links=[], state=EntryState.APPROVED, version=1, updated_at=now, approved_at=now,
                        updated_by=acting_user, approved_by=acting_user))
                if len(entries) >= BATCH_SIZE * 5:
                    entries_total += _insert_entries(entries, acting_user)
                    entries = []
            entries_total += _insert_entries(entries, acting_user)
            search_index.update(StatusEntry.objects.filter(round__in=round_rows))
    expire(EVERYTHING)  # new plans by the hundred, and their ministries' pages: start afresh
    return DemoResult(plans=plans, measures=plans * measures, rounds=plans * rounds, entries=entries_total)


def _insert_entries(entries: list[StatusEntry], acting_user) -> int:
    if not entries:
        return 0
    saved = StatusEntry.objects.bulk_create(entries, batch_size=BATCH_SIZE)
    record_versions([(entry, "") for entry in saved], action="demo", acting_user=acting_user, batch_size=BATCH_SIZE)
    return len(saved)
