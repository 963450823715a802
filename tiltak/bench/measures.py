"""What `tiltak bench` measures: the figures the issues set targets for, as medians of repeated runs.

Each benchmark group is a plain function ``(runs) -> list[Figure]``, registered in ``BENCHMARKS`` (another module
may add its own group there); the command prints them or writes them as JSON. A figure with a ``key`` also appears
under that key at the top level of ``--json``'s object (the keys issue 13 names: ``report_pdf_s``, …).
Timings are wall-clock medians (the machine is shared and noisy); the target is printed beside the figure.
"""

import contextlib
import resource
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass
from pathlib import Path

# Sizes the command may set (`tiltak bench --large-measures N --http-seconds S`).
OPTIONS = {"large_measures": 500, "http_seconds": 10.0}
SAMPLE = Path(__file__).resolve().parent.parent / "importer" / "samples" / "statusrapport-2012-02-ocr.txt"


@dataclass
class Figure:
    name: str
    value: float | None  # None: not measured here (said why in the name)
    unit: str
    target: float | None = None  # at most this (for timings) or at least this (for accuracies)
    higher_is_better: bool = False
    runs: int = 1
    # For timings: the median CPU time of this process, which other load on the machine disturbs less.
    cpu: float | None = None
    key: str | None = None  # its name in --json's top-level object

    @property
    def met(self) -> bool | None:
        if self.target is None or self.value is None:
            return None
        return self.value >= self.target if self.higher_is_better else self.value <= self.target

    def as_dict(self) -> dict:
        return {**asdict(self), "met": self.met}


def cpu_seconds() -> float:
    """This process's CPU time and that of its children done so far (the PDF is laid out in a child)."""
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.process_time() + children.ru_utime + children.ru_stime


def timed(name: str, work: Callable[[], object], *, runs: int, target: float | None = None,
          warmup: int = 1, key: str | None = None) -> Figure:
    """Median wall-clock and CPU seconds (children's included) of ``runs`` calls, after ``warmup`` untimed ones."""
    for _ in range(warmup):
        work()
    wall, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), cpu_seconds()
        work()
        wall.append(time.perf_counter() - start)
        cpu.append(cpu_seconds() - start_cpu)
    return Figure(name, statistics.median(wall), "s", target, runs=runs, cpu=statistics.median(cpu), key=key)


def parse_seed(runs: int) -> list[Figure]:
    from tiltak.importer.api import parse_file

    # The warm-up loads the lexicon, as a running server has it loaded.
    return [timed("parse the February 2012 OCR report (lexicon loaded)", lambda: parse_file(SAMPLE), runs=runs,
                  target=1.0, key="parse_seed_s")]


def render_formats(runs: int) -> list[Figure]:
    from tiltak.plans.builtin import BUILTIN_PLAN_SLUG
    from tiltak.plans.lookup import find_plan, find_round
    from tiltak.reports.data import build_report
    from tiltak.reports.renderers import RENDERERS

    plan = find_plan(BUILTIN_PLAN_SLUG)
    the_round = find_round(plan, "latest")
    targets = {"pdf": 2.0, "docx": 0.5}
    keys = {"pdf": "report_pdf_s", "docx": "report_docx_s", "html": "report_html_s"}
    figures = [timed("build the report data (built-in round)", lambda: build_report(plan, the_round), runs=runs)]
    for name in ("pdf", "docx", "html", "xlsx", "md", "csv", "json"):
        render = RENDERERS[name]
        figures.append(timed(f"report as {name} (built-in round, data included)",
                             lambda render=render: render(build_report(plan, the_round), lang="nb"), runs=runs,
                             target=targets.get(name), key=keys.get(name)))
        if name == "pdf":
            pdf = figures[-1]
            figures.append(Figure("report as pdf, CPU (built-in round)", pdf.cpu, "s", 0.5, runs=runs,
                                  key="report_pdf_cpu_s"))
    return figures


def importer_accuracy(runs: int) -> list[Figure]:
    """The seed against its hand-made transcription, and restoration on text the importer was not tuned on."""
    from tiltak.bench.accuracy import compare_reports, po_restoration_accuracy
    from tiltak.importer.api import parse_file
    from tiltak.plans.builtin import builtin_document

    seed = compare_reports(parse_file(SAMPLE).to_json(), builtin_document())
    po = po_restoration_accuracy()
    return [
        Figure("seed: measures found", seed["measures"], "", 35, higher_is_better=True),
        Figure("seed: titles alike, character for character", 100 * seed["title_similarity"], "%", 98.5, True),
        Figure("seed: words right", 100 * seed["word_accuracy"], "%", 97.0, True),
        Figure("seed: words with æ/ø/å right", 100 * seed["norwegian_word_accuracy"], "%", 95.0, True),
        Figure("Django nb translations: words right after stripping æøå", 100 * po["word_accuracy"], "%",
               higher_is_better=True),
        Figure("Django nb translations: words with æ/ø/å right", 100 * po["norwegian_word_accuracy"], "%",
               higher_is_better=True),
        Figure("Django nb translations: words right without restoring (baseline)",
               100 * po["baseline_word_accuracy"], "%", higher_is_better=True),
    ]


def _builtin_report():
    from tiltak.plans.builtin import BUILTIN_PLAN_SLUG
    from tiltak.plans.lookup import find_plan, find_round
    from tiltak.reports.data import build_report

    plan = find_plan(BUILTIN_PLAN_SLUG)
    return build_report(plan, find_round(plan, "latest"))


def large_report(measures: int = 500):
    """The built-in round's measures repeated to ``measures`` (renumbered), in memory: a 500-measure round."""
    import dataclasses

    report = _builtin_report()
    rows = [dataclasses.replace(report.measures[i % len(report.measures)], number=str(i + 1))
            for i in range(measures)]
    return dataclasses.replace(report, measures=rows)


def render_large(runs: int) -> list[Figure]:
    from tiltak.reports.renderers import RENDERERS

    size = OPTIONS["large_measures"]
    report = large_report(size)
    runs = max(1, min(runs, 3))
    pdf = timed(f"report as pdf ({size}-measure round)", lambda: RENDERERS["pdf"](report, lang="nb"),
                runs=runs, warmup=0, target=5.0, key="report_pdf_large_s")
    from tiltak.lib.typeset import MEMORY_BYTES, last_usage

    peak = last_usage.peak_rss_bytes / 2**20
    # CPU seconds too: on a shared machine the wall clock mostly measures the neighbours.
    return [pdf, Figure(f"report as pdf, CPU ({size}-measure round)", pdf.cpu, "s", 5.0, runs=runs),
            Figure(f"report as pdf, the layout's peak memory ({size}-measure round)", peak, "MB",
                   MEMORY_BYTES / 2**20, key="render_peak_mb")]


def pages(runs: int) -> list[Figure]:
    from tiltak.bench.pages import page_figures

    return page_figures(runs)


def http(runs: int) -> list[Figure]:
    from tiltak.bench.http import http_figures

    return http_figures(OPTIONS["http_seconds"])


def search(runs: int) -> list[Figure]:
    from tiltak.bench.search import search_figures

    return search_figures(runs)


def hostile_documents(runs: int) -> list[Figure]:
    """How long each hostile document takes to be refused, and the parse's peak memory (the child's VmHWM):
    medians of ``runs`` parses through the sandbox, as `tiltak parse`, `tiltak import` and uploads parse."""
    from tiltak.bench import hostile
    from tiltak.importer import sandbox
    from tiltak.importer.api import ImportFailure

    kinds = [
        ("DOCX inflating to 2 GB (2 MB on disk)", "bomb.docx", lambda: hostile.docx_bomb(2 * 1024**3)),
        ("DOCX lying about its sizes: 1 GB declared as 4 kB", "liar.docx",
         lambda: hostile.docx_bomb(1024**3, declared=4096)),
        ("DOCX of 300 000 empty paragraphs", "paragraphs.docx", lambda: hostile.docx_paragraphs(300_000)),
        ("PDF of 20 000 pages", "pages.pdf", lambda: hostile.pdf_pages(20_000)),
        ("PDF with 660 000 glyphs on one page", "glyphs.pdf", lambda: hostile.pdf_glyphs(660_000)),
    ]
    figures = []
    for label, name, make in kinds:
        data = make()
        seconds, peaks = [], []
        for _ in range(runs):
            with contextlib.suppress(ImportFailure):  # refused is what they should be
                sandbox.parse_bytes(data, name=name)
            seconds.append(sandbox.last_usage.seconds)
            peaks.append(sandbox.last_usage.peak_rss_bytes / 2**20)
        figures.append(Figure(f"hostile: {label}, refused in", statistics.median(seconds), "s", 5.0, runs=runs))
        figures.append(Figure(f"hostile: {label}, parse peak memory", statistics.median(peaks), "MB", 300.0,
                              runs=runs))
    return figures


BENCHMARKS: dict[str, Callable[[int], list[Figure]]] = {
    "parse": parse_seed,
    "render": render_formats,
    "large": render_large,
    "pages": pages,
    "http": http,
    "accuracy": importer_accuracy,
    "hostile": hostile_documents,
    "search": search,
}


def importer_corpus(runs: int) -> list[Figure]:
    """Other plans' documents in every layout (tiltak/bench/corpus.py): how much of each the importer reads."""
    from tiltak.bench.corpus import corpus_figures

    return [Figure(**figure) for figure in corpus_figures()]


BENCHMARKS["corpus"] = importer_corpus


def growth(runs: int) -> list[Figure]:
    from tiltak.bench.growth import growth_figures

    return growth_figures(runs)


# Run only when named with --only: they add plans to the database.
BENCHMARKS["growth"] = growth
ON_REQUEST = {"growth"}
