from django import template

from tiltak.web.markup import diff_words, render_narrative

register = template.Library()


@register.filter
def narrative(text: str):
    """A narrative as safe HTML (see tiltak/web/markup.py)."""
    return render_narrative(text)


@register.simple_tag
def diff(before: str, after: str):
    return diff_words(before, after)


STATE_COLOURS = {"draft": "neutral", "submitted": "info", "returned": "warning", "approved": "success",
                 "open": "info", "published": "success", "closed": "neutral"}


@register.filter
def state_colour(state: str) -> str:
    return STATE_COLOURS.get(state, "neutral")
