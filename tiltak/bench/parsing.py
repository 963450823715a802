"""Figures for the benchmark (``tiltak bench``): how fast the seed parses, and how right it comes out."""

from __future__ import annotations

import statistics
import time
from pathlib import Path


def parse_timing(path: str | Path, *, runs: int = 5) -> dict:
    """Seconds to load the lexicon (from its cache) and the median seconds to parse ``path`` with it loaded."""
    from tiltak.importer.api import parse_file
    from tiltak.importer.lexicon import load_lexicon

    load_lexicon.cache_clear()
    start = time.perf_counter()
    load_lexicon()
    lexicon_seconds = time.perf_counter() - start
    timings, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        parse_file(path)
        timings.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    return {
        "lexicon_load_seconds": round(lexicon_seconds, 3),
        "parse_seconds_median": round(statistics.median(timings), 3),
        "parse_cpu_seconds_median": round(statistics.median(cpu), 3),
        "parse_seconds_all": [round(t, 3) for t in timings],
    }


def quality(path: str | Path, gold: dict) -> dict:
    """The seed's figures against the gold transcription, and the restoration accuracy on Django's .po files."""
    from tiltak.bench.accuracy import compare_reports, po_restoration_accuracy
    from tiltak.importer.api import parse_file

    return {
        "seed": compare_reports(parse_file(path).to_json(), gold),
        "django_po": po_restoration_accuracy(),
    }
