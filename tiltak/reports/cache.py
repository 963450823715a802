"""Rendered reports kept in memory, keyed by everything they are made of.

A published round is read by many and changes seldom, while its PDF takes a couple of seconds to lay out. The key
is a digest of the report data itself (plus format, language and tiltak's version), so any change to a measure,
an entry or a round gives a new key and a stale file is never served. The cache is per process (LocMem, bounded),
so a new deployment starts empty.
"""

import hashlib

from django.core.cache import caches

from tiltak import __version__
from tiltak.reports.data import ReportData
from tiltak.reports.renderers import RENDERERS

CACHE_ALIAS = "reports"


def cache_key(report: ReportData, fmt: str, lang: str) -> str:
    digest = hashlib.sha256(f"{__version__}|{fmt}|{lang}|{report!r}".encode()).hexdigest()
    return f"report:{digest}"


def render_cached(report: ReportData, fmt: str, *, lang: str) -> bytes:
    cache = caches[CACHE_ALIAS]
    key = cache_key(report, fmt, lang)
    content = cache.get(key)
    if content is None:
        content = RENDERERS[fmt](report, lang=lang)
        cache.set(key, content, timeout=None)
    return content
