from django import template
from django.utils import translation
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from tiltak.core.markup import diff_words, mostly_rewritten, render_narrative
from tiltak.lib.values import safe_link
from tiltak.plans import access
from tiltak.plans.models import Round

register = template.Library()


@register.filter
def narrative(text: str):
    """A narrative as safe HTML (see tiltak/core/markup.py)."""
    return render_narrative(text)


@register.filter
def in_language(obj, lang: str) -> str:
    """A grade, label, plan or round in the page's language (English where it has an English name)."""
    if obj is None or obj == "":
        return ""
    return obj.in_language(lang)


@register.filter
def spellings(labels, lang: str) -> list[str]:
    """A grade's labels in the page's language, each once: in English several Norwegian spellings («Ikke
    igangsatt», «Ikkje sett i gang») have the same English one, which should not be listed three times."""
    return list(dict.fromkeys(label.in_language(lang) for label in labels))


@register.filter
def safe_href(url) -> str | None:
    """The link if it may be clickable (http, https, mailto; tiltak.lib.values), else None: show it as text."""
    return safe_link(url)


@register.simple_tag(takes_context=True)
def home_name(context) -> str:
    """What the work pages' home is called for this person: «Mine tiltak» for a reporter, whose home lists their
    ministry's measures; «Rapportering» for a coordinator or reader, whose home lists the rounds."""
    user = context.get("user")
    if user is not None and user.is_authenticated and access.reporting_ministries(user):
        return _("Mine tiltak")
    return _("Rapportering")


@register.simple_tag(takes_context=True)
def named(context, obj):
    """``obj`` in the page's language; marked with its own language (a plan's: bokmål or nynorsk) where an English
    page has only the Norwegian name."""
    lang = context.get("LANGUAGE_CODE") or translation.get_language()
    text = in_language(obj, lang)
    english = getattr(obj, "title_en", None) or getattr(obj, "name_en", None) or getattr(obj, "text_en", None)
    if lang == "en" and not english and not isinstance(obj, Round):
        return format_html('<span lang="{}">{}</span>', getattr(obj, "language", None) or "nb", text)
    return text


# What each history row's action means, in words (StatusEntryVersion.action holds the code).
HISTORY_ACTIONS = {
    "open": _("runden ble åpnet"),
    "edit": _("endret"),
    "confirm": _("bekreftet uendret"),
    "submit": _("sendt inn"),
    "approve": _("godkjent"),
    "return": _("returnert"),
    "correct": _("rettet etter publisering"),
    "import": _("importert"),
}


@register.filter
def history_action(action: str) -> str:
    return HISTORY_ACTIONS.get(action, action)


@register.simple_tag
def diff(before: str, after: str):
    return diff_words(before, after)


@register.simple_tag
def text_change(before: str, after: str) -> dict:
    """How to show a narrative's change: word by word, or (``rewritten``) the two texts one after the other."""
    if mostly_rewritten(before, after):
        return {"rewritten": True}
    return {"rewritten": False, "diff": diff_words(before, after)}


STATE_COLOURS = {"draft": "neutral", "submitted": "info", "returned": "warning", "approved": "success",
                 "open": "info", "published": "success", "closed": "neutral"}


@register.filter
def state_colour(state: str) -> str:
    return STATE_COLOURS.get(state, "neutral")


# The importer's warning codes (tiltak/importer/warnings.py), also kept as DataQualityNote.code, in words.
NOTE_CODES = {
    "status_mismatch": _("Tabellen og avsnittet oppgir ulik status"),
    "title_mismatch": _("Tabellen og avsnittet oppgir ulik tittel"),
    "ministries_mismatch": _("Tabellen og avsnittet oppgir ulike ansvarlige"),
    "missing_in_overview": _("Mangler i oversiktstabellen"),
    "missing_section": _("Har ikke eget avsnitt"),
    "number_repeated": _("Nummeret står to ganger"),
    "number_skipped": _("Et nummer er hoppet over"),
    "unknown_ministry": _("Ukjent departement"),
    "unknown_status": _("Ukjent status"),
    "ministries_others": _("Flere ansvarlige enn de nevnte («m.fl.»)"),
    "scale_proposed": _("Statusskalaen er foreslått"),
    "numbers_counted": _("Numrene er talt opp"),
    "ministry_resolved": _("Departementet het noe annet da"),
}


@register.filter
def note_code(code: str) -> str:
    return NOTE_CODES.get(code, code)


@register.filter
def whole_minutes(delta) -> int:
    """A timedelta (django-axes' cool-off) in whole minutes, at least one."""
    return max(1, round(delta.total_seconds() / 60)) if delta else 0
