"""Rendered reports kept in a cache shared by the server's processes, keyed by everything they are made of.

A published round is read by many and changes seldom, while its PDF takes a couple of seconds to lay out. The key
is a digest of the report data itself, the format, the language and the renderers' own code (templates, CSS and
fonts included), so a change to a measure, an entry or a round, or an upgrade of tiltak, gives a new key and a
stale file is never served.
"""

import functools
import hashlib
from pathlib import Path

from django.core.cache import caches

from tiltak import __version__
from tiltak.monitoring.metrics import RENDER_SECONDS
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


def render_cached(report: ReportData, fmt: str, *, lang: str) -> bytes:
    cache = caches[CACHE_ALIAS]
    key = cache_key(report, fmt, lang)
    content = cache.get(key)
    if content is None:
        with RENDER_SECONDS.labels(fmt).time():
            content = RENDERERS[fmt](report, lang=lang)
        cache.set(key, content, timeout=None)
    return content
