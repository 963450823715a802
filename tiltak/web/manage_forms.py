"""Forms for running tiltak from the browser: plans and measures, and people. Forms check the shape of what is
typed; the actions (tiltak/plans/actions/register.py and accounts.py) check the rules and make the change."""

import datetime

from django import forms
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from tiltak.lib import values
from tiltak.plans.models import Ministry, Plan, Role, StatusScale
from tiltak.plans.reference import read_json
from tiltak.web.forms import Written

CHOOSE = _("Velg departement")


def ministry_choices(abbreviations=None, *, ministries=None, keep=()) -> list[tuple[str, str]]:
    """One choice per ministry abbreviation, «Full name (ABBR)» by its latest name among ``ministries`` (every
    ministry when not given; in English where it has an English name), sorted by name; optionally only
    ``abbreviations``. The abbreviations in ``keep`` are offered even when outside ``ministries`` (a measure's
    ministry that has since been renamed keeps its place in the form)."""
    rows: dict[str, Ministry] = {}
    chosen = Ministry.objects.all() if ministries is None else ministries
    for ministry in chosen.order_by("abbreviation", "-valid_from"):
        rows.setdefault(ministry.abbreviation, ministry)
    for abbreviation in keep:
        if abbreviation not in rows:
            found = Ministry.objects.by_abbreviation(abbreviation)
            if found is not None:
                rows[abbreviation] = found
    english = (get_language() or "nb") == "en"
    named = [(a, f"{(m.name_en if english and m.name_en else m.name)} ({a})") for a, m in rows.items()
             if abbreviations is None or a in abbreviations]
    return sorted(named, key=lambda row: row[1].casefold())


class PlanForm(forms.Form):
    title = forms.CharField(label=_("Tittel"), max_length=values.PLAN_TITLE)
    title_en = forms.CharField(label=_("Tittel på engelsk"), max_length=values.PLAN_TITLE, required=False)
    period_start = forms.IntegerField(label=_("Periode fra (år)"), min_value=values.FIRST_YEAR,
                                      max_value=values.LAST_YEAR)
    period_end = forms.IntegerField(label=_("Periode til (år)"), min_value=values.FIRST_YEAR,
                                    max_value=values.LAST_YEAR)
    coordinator = forms.ChoiceField(label=_("Koordinerende departement"),
                                    error_messages={"required": _("Velg det koordinerende departementet.")})
    scale = forms.ModelChoiceField(label=_("Statusskala"), queryset=StatusScale.objects.none(), empty_label=None,
                                   to_field_name="slug",
                                   help_text=_("Planen får sin egen kopi, så ordlyden kan endres senere."))

    def __init__(self, *args, editing: bool = False, plan: Plan | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        # The ministries of today for a new plan, of the plan's period for one that exists; none chosen ahead.
        if plan is not None:
            ministries = Ministry.objects.in_period(plan.period_start, plan.period_end)
            keep = [plan.coordinator.abbreviation] if plan.coordinator_id else []
        else:
            ministries, keep = Ministry.objects.valid_on(datetime.date.today()), []
        self.fields["coordinator"].choices = [("", CHOOSE), *ministry_choices(ministries=ministries, keep=keep)]
        language = plan.language if plan is not None else "nb"
        self.fields["title"].widget.attrs["lang"] = language
        self.fields["title_en"].widget.attrs["lang"] = "en"
        if editing:
            del self.fields["scale"]
        else:
            # The shipped scales (plans/data/scales.json), not every plan's own copy.
            shipped = [row["slug"] for row in read_json("scales.json")]
            self.fields["scale"].queryset = StatusScale.objects.filter(slug__in=shipped).order_by("name")
            self.fields["scale"].initial = shipped[0]  # the Government's action-plan scale
            self.fields["scale"].label_from_instance = lambda scale: Written(scale.name, "nb")

    def coordinating_ministry(self) -> Ministry | None:
        return Ministry.objects.by_abbreviation(self.cleaned_data["coordinator"])


class MeasureForm(forms.Form):
    """A measure; its ministries picked from those that existed in the plan's period: the one responsible, then
    those sharing it. ``cleaned_data["responsible"]`` is the list the actions take, lead first."""

    number = forms.CharField(label=_("Nummer"), max_length=values.MEASURE_NUMBER, help_text=_("Som «3» eller «3.2»."))
    title = forms.CharField(label=_("Tittel"), max_length=values.MEASURE_TITLE)
    plan_text = forms.CharField(label=_("Tekst i handlingsplanen"), required=False, max_length=values.LONG_TEXT,
                                widget=forms.Textarea(attrs={"rows": 6}))
    lead = forms.ChoiceField(label=_("Ansvarlig departement"),
                             help_text=_("Departementet som leder tiltaket og sender inn status."),
                             error_messages={"required": _("Velg departementet som har ansvaret.")})
    # Checkboxes, not a multiple select: a list box cannot wrap a ministry's long name at 320 px, and picking several
    # in one takes Ctrl/Cmd, which keyboard and touch users seldom know.
    others = forms.MultipleChoiceField(
        label=_("Medansvarlige departementer"), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Kryss av for departementene som deler ansvaret. Søk på navn eller forkortelse."))

    def __init__(self, *args, plan: Plan, editing: bool = False, current: list[str] = (), **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            del self.fields["number"]
        self.current = list(current)
        choices = ministry_choices(ministries=Ministry.objects.in_period(plan.period_start, plan.period_end),
                                   keep=current)
        self.fields["lead"].choices = [("", CHOOSE), *choices]
        if self.data.get("responsible") and not self.data.get("lead"):
            self.fields["lead"].required = False  # typed instead (see clean)
        self.fields["others"].choices = choices
        self.fields["title"].widget.attrs["lang"] = plan.language
        self.fields["plan_text"].widget.attrs["lang"] = plan.language

    def clean(self):
        data = super().clean()
        lead, others = data.get("lead"), data.get("others") or []
        typed = self.data.get("responsible", "")
        if not lead and typed:
            # A client that types the ministries (abbreviations or full names, lead first, comma-separated)
            # instead of picking them; the action resolves and checks each.
            data["responsible"] = [part.strip() for part in typed.replace(";", ",").split(",") if part.strip()]
        elif lead:
            # Those sharing it keep the order they had; new ones follow.
            rest = sorted((o for o in others if o != lead),
                          key=lambda a: self.current.index(a) if a in self.current else len(self.current))
            data["responsible"] = [lead, *rest]
        return data


class RenumberForm(forms.Form):
    number = forms.CharField(label=_("Nytt nummer"), max_length=values.MEASURE_NUMBER)


class GradeForm(forms.Form):
    name = forms.CharField(label=_("Navn"), max_length=values.GRADE_NAME)
    name_en = forms.CharField(label=_("Navn på engelsk"), max_length=values.GRADE_NAME,
                              widget=forms.TextInput(attrs={"lang": "en"}))
    description = forms.CharField(label=_("Forklaring"), required=False, max_length=values.GRADE_DESCRIPTION,
                                  widget=forms.Textarea(attrs={"rows": 3}))
    description_en = forms.CharField(label=_("Forklaring på engelsk"), required=False,
                                     max_length=values.GRADE_DESCRIPTION,
                                     widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}))

    def __init__(self, *args, plan: Plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["lang"] = plan.language
        self.fields["description"].widget.attrs["lang"] = plan.language


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
        self.fields["ministry"].choices = [("", _("(ingen)")), *ministry_choices(
            ministries, ministries=Ministry.objects.valid_on(datetime.date.today()))]
        # Required for a reporter, not for the other roles (the action says so): not marked «valgfritt».
        self.fields["ministry"].conditional = True
        self.fields["ministry"].help_text = _("Må velges for en rapportør.")
        self.fields["plan"].queryset = plans.order_by("slug")

    def ministry_object(self) -> Ministry | None:
        abbreviation = self.cleaned_data.get("ministry")
        return Ministry.objects.by_abbreviation(abbreviation) if abbreviation else None


class NewAccountForm(RoleForm):
    username = forms.CharField(label=_("Brukernavn"), max_length=values.USERNAME,
                               help_text=_("Små bokstaver, sifre og . - _ @, som «kari.nordmann»."))
    email = forms.EmailField(label=_("E-post"), help_text=_("Hit sendes lenken for å velge passord."))

    field_order = ["username", "email", "kind", "ministry", "plan"]
