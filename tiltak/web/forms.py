"""Forms validate what people type and say what is wrong in Norwegian; the actions then make the change."""

import datetime

from django import forms
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils import formats
from django.utils.translation import gettext_lazy as _

from tiltak.importer.api import ImportFailure, TooLong
from tiltak.importer.document import ParsedReport
from tiltak.importer.sandbox import parse_bytes
from tiltak.lib import text, values
from tiltak.plans import validation
from tiltak.plans.models import Plan, StatusEntry, StatusLabel, StatusScale

REQUIRED = _("Dette feltet må fylles ut.")
# The parts of a document the importer measures (tiltak.importer.api.TooLong.part), as a sentence names them.
TOO_LONG_PARTS = {
    "plan_title": _("planens tittel"),
    "title": _("tittelen"),
    "introduction": _("innledningen"),
    "number": _("nummeret"),
    "plan_text": _("teksten i handlingsplanen"),
    "status_text": _("beskrivelsen"),
}


def too_long_error(exc: TooLong) -> forms.ValidationError:
    """The importer's refusal of an over-long text as one sentence naming the measure, the part and its length."""
    numbers = {"part": TOO_LONG_PARTS.get(exc.part, exc.part), "size": f"{exc.size:,}".replace(",", "\u00a0"),
               "limit": f"{exc.limit:,}".replace(",", "\u00a0"), "measure": exc.measure}
    if exc.measure is None:
        message = _("I dokumentet er %(part)s %(size)s tegn lang; høyst %(limit)s tegn er tillatt. "
                    "Kort den ned i dokumentet og prøv igjen.")
    else:
        message = _("Tiltak %(measure)s: %(part)s er %(size)s tegn lang; høyst %(limit)s tegn er tillatt. "
                    "Kort den ned i dokumentet og prøv igjen.")
    return forms.ValidationError(message % numbers, code="too_long")


class EntryForm(forms.Form):
    narrative_limit = values.LONG_TEXT  # shown with the live count under the field
    status = forms.ModelChoiceField(
        label=_("Status"), queryset=StatusLabel.objects.none(), required=False, widget=forms.RadioSelect,
        empty_label=None, error_messages={"invalid_choice": _("Velg en av statusene i listen.")},
    )
    narrative = forms.CharField(
        label=_("Beskrivelse"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 12}),
        help_text=_("Avsnitt skilles med en tom linje. Du kan bruke *kursiv*, **fet**, lister med «- » og "
                    "lenker som [tekst](https://…)."),
    )
    links = forms.CharField(
        label=_("Lenker"), required=False, widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Én nettadresse per linje."),
    )
    confirm_unchanged = forms.BooleanField(
        label=_("Uendret: teksten og statusen fra forrige runde gjelder fortsatt"), required=False,
    )
    reason = forms.CharField(label=_("Begrunnelse for rettelsen"), required=False, max_length=values.COMMENT)
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=1,
                                 error_messages={"required": _("Skjemaet mangler versjonsnummer; last siden på nytt."),
                                                 "invalid": _("Skjemaet har et ugyldig versjonsnummer.")})

    def __init__(self, *args, entry: StatusEntry, **kwargs):
        super().__init__(*args, **kwargs)
        self.entry = entry
        # Any label of the scale is accepted (an older form, a client that sends the exact label); the page
        # offers each grade once, by its main label.
        self.fields["status"].queryset = (StatusLabel.objects.filter(grade__scale_id=entry.round.plan.scale_id)
                                          .select_related("grade"))
        self.grade_choices = list(main_labels(entry.round.plan.scale_id))
        if not entry.round.is_published:
            del self.fields["reason"]

    def selected_grade_id(self) -> int | None:
        """The grade of the label in the form (as typed, or initially the entry's), to check its radio button."""
        value = self["status"].value()
        if value in (None, ""):
            return None
        try:
            return StatusLabel.objects.filter(pk=int(value)).values_list("grade_id", flat=True).first()
        except (TypeError, ValueError):
            return None

    def clean_status(self):
        """One choice per grade; choosing the grade the entry already has keeps its exact label (an imported
        «Løpende» stays «Løpende»), so confirming a carried-forward entry changes nothing."""
        chosen = self.cleaned_data.get("status")
        current = self.entry.status
        if chosen is not None and current is not None and chosen.grade_id == current.grade_id:
            return current
        return chosen

    def clean_narrative(self) -> str:
        """In normal form (LF, NFC, no trailing blanks), so comparing with the stored text is exact."""
        return _domain(validation.clean, self.cleaned_data["narrative"], kind=validation.Kind.TEXT,
                       limit=values.LONG_TEXT, field="narrative")

    def clean_links(self) -> list[str]:
        # One a line, as a text is broken into lines (tiltak.lib.text), not at every separator splitlines() knows.
        lines = [line for line in text.normalise_text(self.cleaned_data["links"]).split("\n") if line.strip()]
        return _domain(validation.clean_links, lines, field="links")

    def clean(self):
        data = super().clean()
        if self.errors:
            return data
        entry = self.entry
        same = ((data["status"].pk if data.get("status") else None, data.get("narrative", ""), data.get("links", []))
                == (entry.status_id, entry.narrative, list(entry.links)))
        if same and entry.unchanged and not data.get("confirm_unchanged"):
            raise forms.ValidationError(
                _("Du har ikke endret noe. Kryss av for «Uendret» for å bekrefte at teksten fortsatt gjelder."),
                code="unconfirmed",
            )
        if entry.round.is_published and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Skriv en begrunnelse for rettelsen av en publisert runde."))
        data["same"] = same
        return data


def main_labels(scale_id: int):
    """Each grade of the scale once, by its main label (the first); the other labels stay for history."""
    labels = StatusLabel.objects.filter(grade__scale_id=scale_id).order_by("grade__position", "position")
    first: dict[int, int] = {}
    for pk, grade_id in labels.values_list("pk", "grade_id"):
        first.setdefault(grade_id, pk)
    return (StatusLabel.objects.filter(pk__in=list(first.values())).select_related("grade")
            .order_by("grade__position"))


def main_label_of(label: StatusLabel | None) -> StatusLabel | None:
    if label is None:
        return None
    return StatusLabel.objects.filter(grade_id=label.grade_id).order_by("position", "pk").first()

def _domain(check, value, *, field: str, **kwargs):
    """Run one of tiltak.plans.validation's checks; its refusal becomes this field's error."""
    try:
        return check(value, field=field, **kwargs)
    except ValidationError as exc:
        raise forms.ValidationError(exc.message_dict[field]) from None


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("Kommentar til rapportøren"), max_length=values.COMMENT, widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Skriv en kommentar som forteller hva som må endres.")},
    )


class RoundTextForm(forms.Form):
    title = forms.CharField(label=_("Rapportens tittel"), required=False, max_length=values.ROUND_TITLE,
                            help_text=_("Står tom, blir tittelen «Statusrapportering for» og planens navn."))
    introduction = forms.CharField(label=_("Innledning"), required=False, strip=False, max_length=values.LONG_TEXT,
                                   widget=forms.Textarea(attrs={"rows": 8}),
                                   help_text=_("Står først i rapporten. Avsnitt skilles med en tom linje."))


class OpenRoundForm(forms.Form):
    label = forms.CharField(label=_("Betegnelse"), max_length=values.ROUND_LABEL,
                            help_text=_("Som «Status per februar 2013»."),
                            error_messages={"required": REQUIRED})
    slug = forms.SlugField(label=_("Kortnavn"), max_length=values.ROUND_SLUG,
                           help_text=_("Brukes i adresser, som «2013-02»."),
                           error_messages={"required": REQUIRED,
                                           "invalid": _("Bruk bare små bokstaver a–z, sifre og bindestrek.")})
    as_of = forms.DateField(label=_("Status per (dato)"), widget=forms.DateInput(attrs={"type": "date"}),
                            error_messages={"required": REQUIRED, "invalid": _("Skriv en dato som 2013-02-01.")})
    deadline = forms.DateField(label=_("Frist for rapportering"), required=False,
                               widget=forms.DateInput(attrs={"type": "date"}),
                               error_messages={"invalid": _("Skriv en dato som 2013-03-01.")})

    past_deadline_ok = forms.BooleanField(label=_("Fristen har vært: åpne runden likevel"), required=False)

    def __init__(self, *args, today: datetime.date, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today
        self.asks_past_deadline = False  # the confirmation is offered once a past deadline was refused

    def clean(self):
        data = super().clean()
        deadline = data.get("deadline")
        if data.get("as_of") and deadline and deadline < data["as_of"]:
            self.add_error("deadline", _("Fristen kan ikke være før datoen statusen gjelder per."))
        elif deadline and deadline < self.today and not data.get("past_deadline_ok"):
            # A round whose deadline has passed is «forfalt» the moment it opens: asked once, knowingly.
            self.asks_past_deadline = True
            day = formats.date_format(deadline, "DATE_FORMAT")
            self.add_error("deadline", _("Fristen %(day)s har alt vært. Velg en senere dato, eller kryss av "
                                         "for å åpne runden likevel.") % {"day": day})
        self.asks_past_deadline = self.asks_past_deadline or bool(data.get("past_deadline_ok"))
        return data


PASTED_NAME = "innlimt-tekst.txt"  # what the importer's messages call pasted text


class Written(str):
    """A choice's label written in Norwegian (a plan's title, a scale's name): the page marks it ``lang``."""

    def __new__(cls, text: str, lang: str):
        written = super().__new__(cls, text)
        written.lang = lang
        return written


class ImportUploadForm(forms.Form):
    """A published report to import: the file, where it goes, and a scale for documents without a legend.

    Cleaning parses the document, so a valid form holds the parsed report in ``self.report``.
    """

    target = forms.ChoiceField(label=_("Importer til"), required=False)
    scale = forms.ChoiceField(
        label=_("Statusskala"), required=False,
        help_text=_("Bare for dokumenter uten tegnforklaring; har dokumentet en, gjelder den."),
    )
    pasted = forms.CharField(
        label=_("Eller lim inn teksten"), required=False, strip=False, widget=forms.Textarea(attrs={"rows": 8}),
        help_text=_("Teksten fra en nettside, en tabell kopiert fra nettleseren eller et dokument. Brukes i stedet "
                    "for en fil."),
    )
    # Last in the form on purpose: the upload handler skips an oversized file, and the fields before it are
    # already read by then (browsers send fields in the order of the form).
    document = forms.FileField(
        label=_("Dokument"), required=False,
        error_messages={"empty": _("Filen er tom."), "invalid": _("Det ble ikke sendt noen fil."),
                        "missing": _("Det ble ikke sendt noen fil.")},
    )

    def __init__(self, *args, plans: list[Plan], max_bytes: int, oversized: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.max_bytes, self.oversized = max_bytes, oversized
        self.report: ParsedReport | None = None
        self.fields["target"].choices = [("", _("En ny plan (navnet hentes fra dokumentet)"))] + [
            (plan.slug, Written(plan.title, plan.language)) for plan in plans
        ]
        self.fields["scale"].choices = [("", _("Skalaen i dokumentets tegnforklaring"))] + [
            (scale.slug, Written(scale.name, "nb")) for scale in StatusScale.objects.order_by("name")
        ]
        self.fields["document"].help_text = _(
            "PDF, Word (DOCX), en lagret nettside (HTML), tekst (også OCR-tekst) eller rapport-JSON, "
            "høyst %(size)s."
        ) % {"size": filesizeformat(max_bytes)}

    def clean_document(self):
        upload = self.cleaned_data.get("document")
        # Checked on the size the upload reports, before the file is read into memory.
        if self.oversized or (upload is not None and upload.size > self.max_bytes):
            raise forms.ValidationError(_("Filen er for stor. Største tillatte størrelse er %(size)s.")
                                        % {"size": filesizeformat(self.max_bytes)}, code="too_large")
        if upload is None and not (self.data.get("pasted") or "").strip():
            raise forms.ValidationError(_("Velg en fil å laste opp, eller lim inn teksten."), code="required")
        return upload

    def clean_pasted(self):
        pasted = self.cleaned_data.get("pasted") or ""
        if len(pasted.encode("utf-8")) > self.max_bytes:
            raise forms.ValidationError(_("Teksten er for lang. Største tillatte størrelse er %(size)s.")
                                        % {"size": filesizeformat(self.max_bytes)}, code="too_large")
        return pasted

    @property
    def source_name(self) -> str:
        upload = self.cleaned_data.get("document")
        return upload.name if upload is not None else PASTED_NAME

    def clean(self):
        data = super().clean()
        upload = data.get("document")
        pasted = data.get("pasted") or ""
        if self.errors or (upload is None and not pasted.strip()):
            return data
        if upload is not None and pasted.strip():
            self.add_error("pasted", forms.ValidationError(
                _("Velg enten en fil eller innlimt tekst, ikke begge."), code="both"))
            return data
        content = upload.read() if upload is not None else pasted.encode("utf-8")
        try:
            self.report = parse_bytes(content, name=self.source_name, scale=data.get("scale") or None,
                                      max_bytes=self.max_bytes)
        except TooLong as exc:
            self.add_error("document", too_long_error(exc))
        except ImportFailure as exc:
            # The importer's message is a precise one-liner in English; the person gets a Norwegian one first.
            self.add_error("document", [
                forms.ValidationError(_("Filen kan ikke leses som en statusrapport. Last opp en PDF, et "
                                        "Word-dokument (DOCX), en tekstfil eller rapport-JSON med nummererte "
                                        "tiltak."), code="unreadable"),
                forms.ValidationError(_("Teknisk melding: %(detail)s") % {"detail": str(exc)}, code="detail"),
            ])
        return data


def posted(request):
    """The form's data on a POST, else None: a POST with no fields at all is still a submitted, empty form."""
    return request.POST if request.method == "POST" else None


def add_errors(form, exc: ValidationError) -> None:
    """An action's ValidationError on the form: on the field it names, or above the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.message_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc.messages)
