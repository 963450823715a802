"""Renderers turn ReportData into one file format each: ``render(report, *, lang) -> bytes``."""

from tiltak.reports.renderers import csv, docx, html, json, markdown, pdf, xlsx

RENDERERS = {
    "csv": csv.render,
    "docx": docx.render,
    "html": html.render,
    "json": json.render,
    "md": markdown.render,
    "pdf": pdf.render,
    "xlsx": xlsx.render,
}

# What the web downloads send.
MEDIA_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "html": "text/html; charset=utf-8",
    "json": "application/json",
    "md": "text/markdown; charset=utf-8",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}

# The formats with every earlier published round (the all-rounds sheets); the others need the previous one only.
ALL_ROUNDS_FORMATS = frozenset({"csv", "xlsx"})
