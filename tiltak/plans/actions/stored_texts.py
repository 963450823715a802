"""What tiltak holds for a plan, as the plain data the importer reads a document against
(:mod:`tiltak.importer.reconcile`): an import never makes a stored text worse."""

from tiltak.importer.reconcile import Stored
from tiltak.plans.models import Plan, Round, StatusEntry

VOCABULARY_ENTRIES = 2_000  # the newest narratives of the plan whose words restore the document's


def stored_texts(plan: Plan, *, round_slug: str | None) -> Stored:
    """The plan's measures (title, plan text; as the round ``round_slug`` published them, where it exists) and,
    when the round exists, its narratives, title and introduction; the plan's other narratives (the newest first,
    at most VOCABULARY_ENTRIES) for its word list."""
    measures = {number: {"title": title, "plan_text": plan_text, "status_text": None}
                for number, title, plan_text in plan.measures.values_list("number", "title", "plan_text")}
    the_round = Round.objects.filter(plan=plan, slug=round_slug).first() if round_slug else None
    round_texts = None
    if the_round is not None:
        round_texts = {"title": the_round.title, "introduction": the_round.introduction}
        for number, narrative, as_was in StatusEntry.objects.filter(round=the_round).values_list(
                "measure__number", "narrative", "measure_as_was"):
            if as_was:  # the round's own texts of the measure (tiltak.plans.selectors.measure_as_published)
                measures.pop(number, None)
                number = as_was["number"]
                measures[number] = {"title": as_was["title"], "plan_text": as_was.get("plan_text", "")}
            if number in measures:
                measures[number]["status_text"] = narrative
    others = (StatusEntry.objects.filter(round__plan=plan).exclude(round=the_round).exclude(narrative="")
              .order_by("-round__as_of").values_list("narrative", flat=True)[:VOCABULARY_ENTRIES])
    return Stored(measures=measures, round=round_texts, texts=list(others))
