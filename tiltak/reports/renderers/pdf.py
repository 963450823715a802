"""PDF with WeasyPrint from the HTML renderer's page and CSS, plus a print style sheet.

A4 with page numbers, the overview table's header repeated on every page, the vendored Open Sans embedded
(a subset), tagged as PDF/UA-1 with the document language from ``<html lang>``, headings as bookmarks.
"""

from pathlib import Path

from tiltak.reports.data import ReportData
from tiltak.reports.labels import labels
from tiltak.reports.renderers.html import render_html

PRINT_CSS = Path(__file__).resolve().parent.parent / "static" / "reports" / "print.css"


def render(report: ReportData, *, lang: str = "nb") -> bytes:
    # Imported here so the other formats do not pay for loading Pango.
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    words = labels(lang)
    fonts = FontConfiguration()
    page_number = words.page.format(page='" counter(page) "', pages='" counter(pages) "')
    stylesheets = [
        CSS(filename=str(PRINT_CSS), font_config=fonts),
        CSS(string=f'@page {{ @bottom-right {{ content: "{page_number}"; }} }}', font_config=fonts),
    ]
    document = HTML(string=render_html(report, lang=lang), base_url=str(PRINT_CSS.parent))
    return document.write_pdf(stylesheets=stylesheets, font_config=fonts, pdf_variant="pdf/ua-1")
