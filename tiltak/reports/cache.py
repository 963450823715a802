"""Rendered reports kept in a cache shared by the server's processes, keyed by everything they are made of.

A published round is read by many and changes seldom, while its PDF takes a couple of seconds to lay out. The key
is a digest of the report data itself, the format, the language and the renderers' own code (templates, CSS and
fonts included), so a change to a measure, an entry or a round, or an upgrade of tiltak, gives a new key and a
stale file is never served.
"""

import functools
import hashlib
import time
from pathlib import Path

from django.core.cache import caches

from tiltak import __version__
from tiltak.lib.metrics import RENDER_SECONDS
from tiltak.reports.data import ReportData
from tiltak.reports.renderers import RENDERERS

CACHE_ALIAS = "reports"


@functools.cache
def code_fingerprint() -> str:
    """A digest of the files that make up the reports (computed once per process)."""
    root = Path(__file__).resolve().parent
    digest = hashlib.sha256(__version__.encode())
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".html", ".css", ".typ", ".ttf", ".otf"}:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return digest.hexdigest()


def cache_key(report: ReportData, fmt: str, lang: str) -> str:
    digest = hashlib.sha256(f"{code_fingerprint()}|{fmt}|{lang}|{report!r}".encode()).hexdigest()
    return f"report:{digest}"


RENDER_CLAIM_SECONDS = 180  # above a render's own time limit (tiltak.lib.typeset.WALL_SECONDS)
WAIT_STEP_SECONDS = 0.1


def render_cached(report: ReportData, fmt: str, *, lang: str) -> bytes:
    """The report from the cache, or rendered into it — by one process at a time: whoever asks while another
    renders the same report waits for its result (within the claim's time) instead of rendering it again."""
    cache = caches[CACHE_ALIAS]
    key = cache_key(report, fmt, lang)
    content = cache.get(key)
    if content is not None:
        return content
    claim = f"rendering:{key}"
    deadline = time.monotonic() + RENDER_CLAIM_SECONDS
    while not cache.add(claim, 1, timeout=RENDER_CLAIM_SECONDS):
        time.sleep(WAIT_STEP_SECONDS)
        content = cache.get(key)
        if content is not None:
            return content
        if time.monotonic() > deadline:
            break  # the other render died without giving the claim back: render here
    try:
        with RENDER_SECONDS.labels(fmt).time():
            content = RENDERERS[fmt](report, lang=lang)
        cache.set(key, content, timeout=None)
    finally:
        cache.delete(claim)
    return content
