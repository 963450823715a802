"""The status-distribution chart, drawn server-side with matplotlib: SVG for HTML and PDF, PNG for DOCX.

Every bar carries its grade's name and its count as text, so the chart never relies on colour alone.
"""

import io
from functools import cache, lru_cache
from pathlib import Path

from tiltak.reports.data import ReportData
from tiltak.reports.labels import Labels

NO_STATUS_COLOUR = "#9e9e9e"
FONT = Path(__file__).resolve().parent / "static" / "reports" / "fonts" / "OpenSans-Regular.ttf"


@cache
def _font_family() -> str:
    """The report's own font, so the chart matches the text around it."""
    from matplotlib import font_manager

    font_manager.fontManager.addfont(str(FONT))
    return font_manager.FontProperties(fname=str(FONT)).get_name()


def chart_alt(report: ReportData, words: Labels) -> str:
    items = "; ".join(f"{words.grade(g)}: {words.measures_count.format(n=n)}" for g, n in report.distribution)
    return words.chart_alt.format(items=items)


def distribution_chart(report: ReportData, words: Labels, *, fmt: str = "svg") -> bytes:
    """Drawn once per distribution (names, counts, colours, axis label and format) and kept in this process:
    matplotlib takes ~0.1 s a chart, and many rounds and languages share a handful of distributions."""
    rows = report.distribution
    return _chart(
        tuple(words.grade(g) for g, _ in rows),
        tuple(n for _, n in rows),
        tuple(g.colour if g is not None else NO_STATUS_COLOUR for g, _ in rows),
        words.chart_axis,
        fmt,
    )


@lru_cache(maxsize=256)
def _chart(names: tuple[str, ...], counts: tuple[int, ...], colours: tuple[str, ...], axis_label: str,
           fmt: str) -> bytes:
    import matplotlib  # imported here so the formats without a chart never load it

    with matplotlib.rc_context({"font.family": _font_family(), "svg.hashsalt": "tiltak", "svg.fonttype": "path"}):
        return _draw(names, counts, colours, axis_label, fmt)


def _draw(names, counts, colours, axis_label: str, fmt: str) -> bytes:
    # The object-oriented API without pyplot: no global figure state, safe in a threaded web server, and the
    # Agg canvas needs no display.
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    rows = names

    figure = Figure(figsize=(6.3, 0.45 * len(rows) + 0.7), dpi=150)
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    positions = list(range(len(rows)))[::-1]  # the scale's first grade on top
    bars = axes.barh(positions, counts, color=colours, edgecolor="#333333", linewidth=0.6, height=0.65)
    axes.bar_label(bars, labels=[str(n) for n in counts], padding=4, fontsize=9)
    axes.set_yticks(positions, labels=names, fontsize=9)
    axes.set_xlabel(axis_label, fontsize=9)
    axes.set_xlim(0, max([*counts, 1]) * 1.15)
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    figure.tight_layout()

    buffer = io.BytesIO()
    if fmt == "svg":
        # No date and fixed ids (svg.hashsalt above), so the same report gives the same bytes.
        figure.savefig(buffer, format="svg", metadata={"Date": None})
    else:
        figure.savefig(buffer, format="png", metadata={"Software": None})
    return buffer.getvalue()
