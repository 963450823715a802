"""Renderers turn ReportData into one file format each: ``render(report, *, lang) -> bytes``."""

from tiltak.reports.renderers import json

RENDERERS = {
    "json": json.render,
}
