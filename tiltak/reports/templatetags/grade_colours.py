"""A grade's colour on a page under the strict Content-Security-Policy (no ``style=`` attributes).

The colours are data (each plan's scale has its own), so they cannot live in a static style sheet. Instead a page
marks an element with ``class="{{ grade.colour|colour_class }}"`` and puts ``{% grade_colours grades %}`` in its
``<head>``: one ``<style>`` element carrying the request's CSP nonce that sets the custom properties
``--grade-colour`` and ``--grade-text`` per colour; the static CSS uses them (``background: var(--grade-colour)``).
"""

from django import template
from django.utils.html import format_html

from tiltak.reports.renderers.common import colour_class, colour_rules

register = template.Library()

register.filter("colour_class", colour_class)


@register.simple_tag(takes_context=True)
def grade_colours(context, grades):
    """A nonce-carrying ``<style>`` element with the colour classes of ``grades``."""
    request = context.get("request")
    nonce = getattr(request, "csp_nonce", "") if request is not None else ""
    return format_html('<style nonce="{}">{}</style>', nonce, colour_rules(g.colour for g in grades))
