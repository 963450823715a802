"""The one domain validation every value passes on its way into the database.

Web forms, the API, the import action (every format), ``tiltak restore`` and Django's admin all come here:
- the model fields below normalise in ``to_python`` and check in ``run_validators``, so ``full_clean()`` (the admin's
  forms, ``restore``) normalises and refuses exactly as the actions do;
- the actions call :func:`clean` and :func:`clean_links` with the same kinds and limits;
- the rules themselves (normal form, patterns, limits) are Django-free in tiltak.lib.text and tiltak.lib.values,
  shared with the report format (tiltak.lib.report_format) that the importer and the import action read.

Messages are for people, through gettext (bokmål msgids, English in the catalogue).
"""

from enum import StrEnum

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext as _

from tiltak.lib import text, values


class Kind(StrEnum):
    LINE = "line"  # one line: titles, labels, names
    TEXT = "text"  # several lines: narratives, plan texts, comments
    SLUG = "slug"  # part of an address: plan and round slugs
    NUMBER = "number"  # a measure's (or chapter's) number, part of an address too
    ABBREVIATION = "abbreviation"  # a ministry's abbreviation


def normalise(value, kind: Kind):
    """``value`` in normal form; anything that is not text is returned as it is (``problem`` refuses it)."""
    if not isinstance(value, str):
        return value
    return text.normalise_text(value) if kind == Kind.TEXT else text.normalise_line(value)


def problem(value, kind: Kind, limit: int) -> str | None:
    """What is wrong with a normalised value, in the person's language, or None."""
    if not isinstance(value, str):
        return _("Må være tekst.")
    found = text.line_problem(value) if kind != Kind.TEXT else text.text_problem(value)
    if found == text.NUL:
        return _("Teksten inneholder et ugyldig tegn (NUL, U+0000).")
    if found == text.SURROGATE:
        return _("Teksten inneholder ugyldige tegn (ikke gyldig Unicode).")
    if found == text.LINE_BREAK:
        return _("Må være én linje, uten linjeskift.")
    size = text.length(value)
    if size > limit:
        return _("Teksten er for lang: %(size)s tegn; høyst %(limit)s tegn er tillatt.") % {
            "size": f"{size:,}".replace(",", " "), "limit": f"{limit:,}".replace(",", " ")}
    if not value:
        return None
    if kind == Kind.SLUG and values.slug_problem(value, limit):
        return _("Kortnavnet kan bare ha små bokstaver a–z, sifre, bindestrek og understrek, og må begynne med en "
                 "bokstav eller et siffer.")
    if kind == Kind.NUMBER and values.number_problem(value):
        return _("Et tiltaksnummer består av bokstavene a–z og sifre, med «.», «-» eller «_» mellom delene "
                 "(som 3, 3.2 eller 1a).")
    if kind == Kind.ABBREVIATION and values.abbreviation_problem(value):
        return _("En forkortelse består av bokstaver og sifre, som JD eller KMD.")
    return None


def clean(value, *, kind: Kind, limit: int, field: str, required: bool = False, required_message: str = "") -> str:
    """``value`` normalised, or a ValidationError keyed by ``field``."""
    value = normalise(value, kind)
    message = problem(value, kind, limit)
    if message is None and required and (not value or text.blank(value)):
        message = required_message or _("Dette feltet må fylles ut.")
    if message:
        raise ValidationError({field: [message]})
    return value


def link_message(link) -> str | None:
    """What is wrong with a normalised link, in the person's language, or None."""
    if not isinstance(link, str):
        return _("En lenke må være tekst.")
    if not link:
        return _("En lenke kan ikke være tom.")
    if values.link_problem(link):
        return _("«%(link)s» er ikke en nettadresse som begynner med https://, http:// eller mailto:, eller den er "
                 "lengre enn %(limit)s tegn.") % {"link": link[:80], "limit": values.LINK}
    return None


def clean_links(links, *, field: str = "links") -> list[str]:
    """A list of at most 20 http, https or mailto addresses, each in the normal form of a one-line text (control
    characters dropped, blanks at the ends stripped: tiltak.lib.text), else a ValidationError."""
    if not isinstance(links, list):
        raise ValidationError({field: [_("Lenkene må være en liste med nettadresser.")]})
    links = [values.normalise_link(link) for link in links]
    messages = []
    if len(links) > values.LINKS:
        messages.append(_("Du kan oppgi høyst %(count)d lenker.") % {"count": values.LINKS})
    else:
        messages = [m for m in map(link_message, links) if m]
    if messages:
        raise ValidationError({field: messages})
    return links


# --- Model fields: the same rules wherever a model is cleaned (admin, restore) -------------------------------


class _Normalised:
    kind: Kind
    default_limit = values.LONG_TEXT

    def to_python(self, value):
        if value is not None and not isinstance(value, str):
            raise ValidationError(_("Må være tekst."), code="invalid")  # a number for a title, say
        return normalise(value, self.kind)

    def run_validators(self, value):
        if value not in self.empty_values:
            message = problem(value, self.kind, self.max_length or self.default_limit)
            if message:
                raise ValidationError(message, code="invalid")
        super().run_validators(value)


class LineField(_Normalised, models.CharField):
    """One line of text (no line break, which could end up in an e-mail header), in normal form."""

    kind = Kind.LINE


class TextField(_Normalised, models.TextField):
    """Text of several lines in normal form; ``max_length`` is the limit the validation enforces."""

    kind = Kind.TEXT


class SlugField(_Normalised, models.SlugField):
    """A slug that fits a URL's <slug:…>: lower-case a–z, digits, hyphens, underscores."""

    kind = Kind.SLUG
    default_validators = []  # problem() says it, in words a person understands


class NumberField(_Normalised, models.CharField):
    """A measure or chapter number that can be part of an address: «3», «3.2», «1a»."""

    kind = Kind.NUMBER


class AbbreviationField(_Normalised, models.CharField):
    kind = Kind.ABBREVIATION


class LinksField(models.JSONField):
    """A list of http, https or mailto links."""

    def to_python(self, value):
        value = super().to_python(value)
        if isinstance(value, list):
            return [values.normalise_link(link) for link in value]
        return value

    def run_validators(self, value):
        try:
            clean_links(value)
        except ValidationError as exc:
            raise ValidationError(exc.message_dict["links"], code="invalid") from None
        super().run_validators(value)


def clean_instance(obj: models.Model) -> None:
    """Normalise and check every field of ``obj`` but its relations (the database checks those), as
    ``restore`` needs it; a ValidationError names the model, the object and the field."""
    relations = [f.name for f in obj._meta.concrete_fields if f.is_relation]
    try:
        obj.clean_fields(exclude=relations)
        if obj._meta.label == "auth.User" and values.username_problem(obj.username):
            raise ValidationError({"username": [values.username_problem(obj.username)]})
    except ValidationError as exc:
        field, messages = next(iter(exc.message_dict.items()))
        raise ValidationError(f"{obj._meta.label} {obj.pk}, {field}: {' '.join(messages)}") from None
