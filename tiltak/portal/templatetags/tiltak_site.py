"""The site's header, footer and small pieces every page of tiltak shares (site/base.html)."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from tiltak.core.exporting import is_exporting

register = template.Library()

OTHER_LANGUAGE = {"nb": "en", "en": "nb"}
LANGUAGE_NAMES = {"nb": "Norsk", "en": "English"}


@register.simple_tag(takes_context=True)
def language_switch(context) -> dict:
    """Where the language button leads. Public pages have an address per language (``/en/…``), so the button is a
    plain link (it works in the static export too); the work pages keep the choice in a cookie (a form)."""
    request = context.get("request")
    current = get_language() or settings.LANGUAGE_CODE
    other = OTHER_LANGUAGE.get(current, "en")
    path = request.get_full_path() if request is not None else "/"
    href = translate_url(path, other)
    return {"code": other, "name": LANGUAGE_NAMES[other], "href": href if href != path else None, "next": path}


@register.simple_tag
def exporting() -> bool:
    """True while `tiltak site` writes the static portal (no server behind it: no log-in, no server search)."""
    return is_exporting()


@register.simple_tag
def site_url() -> str:
    return settings.SITE_URL


@register.simple_tag
def contact_email() -> str:
    return getattr(settings, "CONTACT_EMAIL", settings.DEFAULT_FROM_EMAIL)


@register.simple_tag
def swatch(colour: str | None):
    """A small square in a grade's colour, drawn as SVG so no inline style is needed (the CSP forbids them)."""
    return format_html(
        '<svg class="site-swatch" viewBox="0 0 10 10" aria-hidden="true" focusable="false">'
        '<rect x="0.5" y="0.5" width="9" height="9" rx="2" fill="{}" stroke="#1e2b3c" stroke-width="1"/></svg>',
        colour or "#ffffff",
    )


@register.simple_tag
def bar(count: int, total: int, colour: str | None):
    """One bar of a distribution chart: the share ``count / total`` of the width, in the grade's colour."""
    width = round(100 * count / total, 2) if total else 0
    return format_html(
        '<svg viewBox="0 0 100 10" preserveAspectRatio="none" aria-hidden="true" focusable="false">'
        '<rect width="100" height="10" fill="#f1f3f5"/><rect width="{}" height="10" fill="{}" stroke="#1e2b3c" '
        'stroke-width="0.3"/></svg>',
        width, colour or "#9e9e9e",
    )


@register.simple_tag
def content_lang(code: str = "nb"):
    """` lang="…"` on text people wrote (titles, plan texts, narratives: in their plan's language, bokmål or
    nynorsk; a ministry's name: bokmål) where it differs from the page's, so a screen reader reads it in its own
    language (WCAG 3.1.2)."""
    code = code or "nb"
    if (get_language() or settings.LANGUAGE_CODE) == code:
        return ""
    return format_html(' lang="{}"', code)


@register.filter
def breakable(text) -> str:
    """``text`` escaped, with a line-break opportunity after each «/» («Løpende/under gjennomføring» wraps on a
    phone instead of widening its column)."""
    # The separator is markup (format_html_join escapes a plain string separator).
    return format_html_join(mark_safe("/<wbr>"), "{}", ((part,) for part in str(text).split("/")))
