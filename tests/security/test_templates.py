"""No template holds inline code the Content-Security-Policy would block (it would only show in a browser)."""

import re
from pathlib import Path

import pytest

TEMPLATES = sorted(Path(__file__).resolve().parents[2].glob("tiltak/*/templates/**/*.html"))
# The standalone report (reports/report.html) is also a downloaded file and the PDF's source, so it keeps its one
# style element; on the page it carries the request's nonce (checked in test_headers and the browser test).
NONCED_STYLE = re.compile(r'<style\{% if nonce %\} nonce="\{\{ nonce \}\}"\{% endif %\}>')
FORBIDDEN = {
    "style attribute": re.compile(r"\sstyle\s*=", re.IGNORECASE),
    "event handler attribute": re.compile(r"\son[a-z]+\s*=", re.IGNORECASE),
    "inline script": re.compile(r"<script(?![^>]*\ssrc=)[^>]*>", re.IGNORECASE),
    "style element": re.compile(r"<style\b", re.IGNORECASE),
    "javascript: URL": re.compile(r"javascript:", re.IGNORECASE),
}


def test_there_are_templates():
    assert len(TEMPLATES) > 10


@pytest.mark.parametrize("template", TEMPLATES, ids=lambda p: "/".join(p.parts[-3:]))
def test_no_inline_script_or_style(template):
    text = NONCED_STYLE.sub("", template.read_text(encoding="utf-8"))
    found = [what for what, pattern in FORBIDDEN.items() if pattern.search(text)]
    assert found == [], f"{template}: {found} (use a static .js/.css file; see tiltak/reports/renderers/common.py)"
