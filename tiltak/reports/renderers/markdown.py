"""Markdown for e-mail and wikis (CommonMark with GitHub-style tables).

Text people wrote is escaped so it can never turn into markup, raw HTML or a link it did not contain.
"""

import re

from tiltak.reports.data import ReportData
from tiltak.reports.labels import labels
from tiltak.reports.renderers.common import paragraphs, web_link
from tiltak.reports.renderers.narrative import narrative_markdown

_INLINE = re.compile(r"([\\`*_\[\]<>|~])")
_LINE_START = re.compile(r"^(\s*)([#>+=-]|\d+[.)])", re.MULTILINE)


def escape(text: str) -> str:
    """Backslash-escape what CommonMark would read as markup, inline or at the start of a line."""
    text = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2), text)


def _cell(text: str) -> str:
    return escape(" ".join(text.split()))


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(_cell(h) for h in header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return [*lines, ""]


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    w = labels(lang)
    out = [f"# {escape(w.title(report))}", "", f"*{escape(w.round_label(report))}*", ""]
    if not report.published:
        out += [f"**{escape(w.draft)}**", ""]
    if report.corrections:
        out += [f"## {w.corrections}", ""] + [f"- {escape(w.correction(n))}" for n in report.corrections] + [""]
    for text in paragraphs(report.introduction):
        out += [escape(text), ""]

    out += [f"## {w.legend}", ""]
    out += [f"- {escape(g.label(lang))}" for g in report.grades] + [""]

    out += [f"## {w.overview}", ""]
    out += _table([w.number, w.measure, w.responsible, w.status], [
        [m.number, m.title, f"({','.join(m.responsible)})", m.status_label(lang) or w.not_reported]
        for m in report.measures
    ])

    out += [f"## {w.distribution}", ""]
    out += _table([w.status, w.chart_axis], [[w.grade(g), str(n)] for g, n in report.distribution])

    changes = report.changes
    if changes is not None:
        out += [f"## {w.changes}", "", escape(w.compared_with.format(label=w.round_label(report, -2))), ""]
        used = {t.before for t in changes.transitions} | {t.after for t in changes.transitions}
        columns = [*report.grades] + ([None] if None in used else [])
        out += [f"*{w.transitions}*", ""]
        out += _table([f"{w.before} \\ {w.after}", *[w.grade(g) for g in columns]], [
            [w.grade(before), *[str(changes.count(before, after)) for after in columns]] for before in columns
        ])
        out += [f"### {w.changed}", ""]
        out += [f"- {escape(m.number)} {escape(m.title)}: {escape(w.grade(m.previous.grade))} → "
                f"{escape(w.grade(m.grade))}" for m in changes.changed] or [w.changed_none]
        out += ["", f"### {w.unchanged}", ""]
        out += [f"- {escape(m.number)} {escape(m.title)}" for m in changes.unchanged_narratives] or [w.unchanged_none]
        out += [""]
        if changes.new:
            out += [f"### {w.new}", ""] + [f"- {escape(m.number)} {escape(m.title)}" for m in changes.new] + [""]

    out += [f"## {w.ministries}", ""]
    with_unreported = any(n for g, n in report.distribution if g is None)
    width = len(report.grades) + (1 if with_unreported else 0)
    header = [w.ministry, w.role, *[w.grade(g) for g in report.grades]]
    header += [w.not_reported] if with_unreported else []
    rows = [[s.ministry.abbreviation, role, *[str(n) for n in counts[:width]], str(sum(counts))]
            for s in report.ministry_summary for role, counts in ((w.lead, s.lead), (w.co, s.co)) if sum(counts)]
    out += _table([*header, w.total], rows)

    out += [f"## {w.sections}", ""]
    for m in report.measures:
        out += [f"### {escape(m.heading)}", ""]
        for text in paragraphs(m.plan_text):
            out += ["> *" + escape(text).replace("\n", "*  \n> *") + "*", ""]
        out += [f"**{w.status}: {escape(m.status_label(lang) or w.not_reported)}**", ""]
        out += narrative_markdown(m.narrative)
        for url in m.links:
            href = web_link(url)
            out.append(f"- <{href}>" if href and not re.search(r"[\s<>]", href) else f"- {escape(url)}")
        if m.links:
            out.append("")
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")
