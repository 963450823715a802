"""Long renders (the PDF or DOCX of a large round) run in a task queue, never inside a web request.

The queue is huey's: a SQLite file in the data dir by default (no server needed), Redis where
``TILTAK_REDIS_URL`` is set. ``tiltak serve`` runs a consumer thread in every gunicorn worker, so nothing else has
to be started; ``tiltak tasks`` runs a consumer on its own (for a separate machine, say).

A request for a long render that is not in the report cache yet enqueues it once — the first request takes a
claim in the shared cache, every request meanwhile sees the claim and enqueues nothing — and answers 202 with a
page that says the report is being prepared and refreshes itself. The task renders through the report cache, so
the next request is served from there.
"""

import logging
import threading
import time
from functools import cache

from django.core.cache import caches

from tiltak.lib.typeset import TooLarge

log = logging.getLogger(__name__)

# Rounds with more measures than this render PDF and DOCX in the queue (a 500-measure PDF takes ~2 s of CPU).
LONG_RENDER_MEASURES = 100
LONG_FORMATS = frozenset({"pdf", "docx"})
CLAIM_SECONDS = 15 * 60  # a claimed render not done by then (a crashed worker) may be claimed again


@cache
def queue():
    """The huey instance, made from the settings on first use."""
    from django.conf import settings
    from huey import RedisHuey, SqliteHuey

    if settings.REDIS_URL:
        huey = RedisHuey("tiltak", url=settings.REDIS_URL)
    else:
        huey = SqliteHuey("tiltak", filename=str(settings.DATA_DIR / "tasks.sqlite3"))
    _TASKS["render_report"] = huey.task(name="render_report")(render_report)
    return huey


_TASKS = {}


def render_report(round_pk: int, fmt: str, lang: str, key: str, request_id: str = "") -> int:
    """Render one round's report into the report cache; returns its size. Its log lines carry the id of the
    request that queued it."""
    from tiltak.lib import requestid
    from tiltak.plans.models import Round
    from tiltak.reports.cache import render_cached
    from tiltak.reports.data import build_report
    from tiltak.reports.renderers import ALL_ROUNDS_FORMATS

    token = requestid.bind(request_id)
    try:
        log.info("rendering the %s of round %s (%s)", fmt, round_pk, lang)
        the_round = Round.objects.select_related("plan__scale", "plan__coordinator").get(pk=round_pk)
        report = build_report(the_round.plan, the_round, all_rounds=fmt in ALL_ROUNDS_FORMATS)
        try:
            return len(render_cached(report, fmt, lang=lang))
        except TooLarge as exc:
            # Said to whoever asks for it next, instead of «being prepared» for ever.
            caches["reports"].set(refusal_key(key), str(exc), timeout=REFUSAL_SECONDS)
            log.warning("round %s: the %s is refused: %s", round_pk, fmt, exc)
            return 0
    finally:
        caches["reports"].delete(_claim(key))
        requestid.reset(token)


def _claim(key: str) -> str:
    return f"claim:{key}"


REFUSAL_SECONDS = 24 * 60 * 60


def refusal_key(key: str) -> str:
    """Where a render refused for its size is remembered (the report's key includes its data: a changed round
    gets another key and is tried again)."""
    return f"refused:{key}"


def is_long(report, fmt: str) -> bool:
    return fmt in LONG_FORMATS and len(report.measures) > LONG_RENDER_MEASURES


def enqueue_once(the_round, fmt: str, lang: str, key: str) -> bool:
    """Enqueue the render unless one is already claimed; True if this call enqueued it."""
    if not caches["reports"].add(_claim(key), time.time(), timeout=CLAIM_SECONDS):
        return False
    queue()
    from tiltak.lib import requestid

    _TASKS["render_report"](the_round.pk, fmt, lang, key, requestid.current())  # calling a huey task enqueues it
    return True


def run_pending(limit: int | None = None) -> int:
    """Run queued tasks in this thread until the queue is empty (or ``limit`` ran); returns how many ran."""
    huey = queue()
    done = 0
    while limit is None or done < limit:
        task = huey.dequeue()
        if task is None:
            break
        huey.execute(task)
        done += 1
    return done


def consume_forever(poll_seconds: float = 0.5) -> None:
    while True:
        try:
            if not run_pending(limit=1):
                time.sleep(poll_seconds)
        except Exception:  # a failed render must not stop the consumer
            log.exception("a queued render failed")
            time.sleep(poll_seconds)


def start_embedded_consumer() -> threading.Thread:
    """One consumer thread in this process (gunicorn calls this in every worker)."""
    thread = threading.Thread(target=consume_forever, name="tiltak-tasks", daemon=True)
    thread.start()
    return thread
