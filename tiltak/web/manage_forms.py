"""Forms for running tiltak from the browser: plans and measures, and people. Forms check the shape of what is
typed; the actions (tiltak/plans/actions/register.py and accounts.py) check the rules and make the change."""

from django import forms
from django.utils.translation import gettext_lazy as _

from tiltak.plans.models import Ministry, Plan, Role, StatusScale
from tiltak.plans.reference import read_json


def ministry_choices(abbreviations=None) -> list[tuple[str, str]]:
    """One choice per ministry abbreviation (its current name), optionally only these."""
    rows = {}
    for ministry in Ministry.objects.order_by("abbreviation", "-valid_from"):
        rows.setdefault(ministry.abbreviation, ministry)
    return [(a, f"{a} – {m.name}") for a, m in sorted(rows.items())
            if abbreviations is None or a in abbreviations]


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=300)
    title_en = forms.CharField(label=_("Tittel på engelsk"), max_length=300, required=False)
    period_start = forms.IntegerField(label=_("Periode fra (år)"), min_value=1900, max_value=2200)
    period_end = forms.IntegerField(label=_("Periode til (år)"), min_value=1900, max_value=2200)
    coordinator = forms.ChoiceField(label=_("Koordinerende departement"))
    scale = forms.ModelChoiceField(label=_("Statusskala"), queryset=StatusScale.objects.none(), empty_label=None,
                                   to_field_name="slug",
                                   help_text=_("Planen får sin egen kopi, så ordlyden kan endres senere."))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["coordinator"].choices = ministry_choices()
        if editing:
            del self.fields["scale"]
        else:
            # The shipped scales (plans/data/scales.json), not every plan's own copy.
            shipped = [row["slug"] for row in read_json("scales.json")]
            self.fields["scale"].queryset = StatusScale.objects.filter(slug__in=shipped).order_by("name")
            self.fields["scale"].initial = shipped[0]  # the Government's action-plan scale

    def coordinating_ministry(self) -> Ministry | None:
        return Ministry.objects.by_abbreviation(self.cleaned_data["coordinator"])


class MeasureForm(forms.Form):
    number = forms.CharField(label=_("Nummer"), max_length=20, help_text=_("Som «3» eller «3.2»."))
    title = forms.CharField(label=_("Tittel"), max_length=500)
    plan_text = forms.CharField(label=_("Tekst i handlingsplanen"), required=False,
                                widget=forms.Textarea(attrs={"rows": 6}))
    responsible = forms.CharField(
        label=_("Ansvarlige departementer"), max_length=200,
        help_text=_("Forkortelser skilt med komma, det ansvarlige først: «BLD, JD, AD»."))

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["number"]

    def clean_responsible(self) -> list[str]:
        return [part.strip().upper() for part in self.cleaned_data["responsible"].replace(";", ",").split(",")
                if part.strip()]


class RenumberForm(forms.Form):
    number = forms.CharField(label=_("Nytt nummer"), max_length=20)


class GradeForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=100)
    name_en = forms.CharField(label=_("Navn på engelsk"), max_length=100)
    description = forms.CharField(label=_("Forklaring"), required=False, widget=forms.Textarea(attrs={"rows": 3}))
    description_en = forms.CharField(label=_("Forklaring på engelsk"), required=False,
                                     widget=forms.Textarea(attrs={"rows": 3}))


ROLE_CHOICES = [(Role.Kind.REPORTER, _("Rapportør")), (Role.Kind.READER, _("Leser"))]


class RoleForm(forms.Form):
    kind = forms.ChoiceField(label=_("Rolle"), choices=ROLE_CHOICES)
    ministry = forms.ChoiceField(label=_("Departement"), required=False)
    plan = forms.ModelChoiceField(label=_("Handlingsplan"), queryset=Plan.objects.none(), required=False,
                                  to_field_name="slug", empty_label=_("(ingen)"),
                                  help_text=_("For en leser: planen hen skal lese utkast i."))

    def __init__(self, *args, plans, ministries: set[str] | None, administrator: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if administrator:
            self.fields["kind"].choices = [*ROLE_CHOICES, (Role.Kind.COORDINATOR, _("Koordinator"))]
        self.fields["ministry"].choices = [("", _("(ingen)")), *ministry_choices(ministries)]
        self.fields["plan"].queryset = plans.order_by("slug")

    def ministry_object(self) -> Ministry | None:
        abbreviation = self.cleaned_data.get("ministry")
        return Ministry.objects.by_abbreviation(abbreviation) if abbreviation else None


class NewAccountForm(RoleForm):
    username = forms.CharField(label=_("Brukernavn"), max_length=150,
                               help_text=_("Små bokstaver, sifre og . - _ @, som «kari.nordmann»."))
    email = forms.EmailField(label=_("E-post"), help_text=_("Hit sendes lenken for å velge passord."))

    field_order = ["username", "email", "kind", "ministry", "plan"]
