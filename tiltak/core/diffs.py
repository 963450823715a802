"""Word diffs between published narratives, each computed once and kept in the shared page cache.

A measure's page shows what changed in its narrative from each published round to the next. Those texts change
only by a correction, so a diff is a pure function of its two texts (and of the code that draws it): it is kept
under a digest of both and of the code's version, and a page built again — after any change to its plan — reads
its diffs instead of computing each again (a ten-round measure's page spent most of a miss on them).
"""

import hashlib

from django.core.cache import caches
from django.utils.safestring import SafeString, mark_safe

from tiltak.core.markup import diff_words

CACHE_ALIAS = "pages"


def _key(before: str, after: str) -> str:
    from tiltak.core.pagecache import code_version

    digest = hashlib.sha256()
    for part in (code_version(), before, after):
        digest.update(part.encode())
        digest.update(b"\0")
    return "diff:" + digest.hexdigest()[:40]


def word_diffs(pairs: list[tuple[str, str]]) -> list[SafeString]:
    """``diff_words(before, after)`` of each pair, in order: one cache read for them all, and each one not yet
    kept computed and kept."""
    if not pairs:
        return []
    cache = caches[CACHE_ALIAS]
    keys = [_key(before, after) for before, after in pairs]
    kept = cache.get_many(keys)
    made = {}
    diffs = []
    for key, (before, after) in zip(keys, pairs, strict=True):
        diff = kept.get(key)
        if diff is None:
            diff = made[key] = str(diff_words(before, after))
        diffs.append(mark_safe(diff))  # noqa: S308 - made by diff_words (every piece escaped), kept by us
    if made:
        cache.set_many(made, timeout=None)
    return diffs
