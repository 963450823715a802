from django import template

register = template.Library()


@register.filter
def in_language(obj, lang: str) -> str:
    """A plan's title, a round's label, a grade's or status's name in the page's language (bokmål or English)."""
    return obj.in_language(lang)
