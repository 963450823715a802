"""The domain: ministries, plans and their status scales, measures, reporting rounds and status entries.

Writes that change status go through ``tiltak.plans.actions``; nothing here creates other rows on save.
"""

import datetime

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tiltak.lib import requestid, values
from tiltak.lib.language import in_language, round_in_language
from tiltak.lib.numbering import natural_key
from tiltak.plans import validation as fields


class MinistryQuerySet(models.QuerySet):
    def valid_on(self, day: datetime.date):
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=day)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=day)
        )

    def by_abbreviation(self, abbreviation: str, *, on: datetime.date | None = None):
        """The ministry that went by ``abbreviation`` on the given day (today when not given)."""
        rows = self.filter(abbreviation=abbreviation)
        return rows.valid_on(on or datetime.date.today()).first() or rows.order_by("-valid_from").first()

    def by_abbreviation_or_name(self, text: str, *, on: datetime.date | None = None):
        """The ministry ``text`` names, by abbreviation («JD», any case), by its full name in bokmål or English
        («Justis- og beredskapsdepartementet») or as the register also writes it («Justisdepartementet», «JPD»),
        as it went on the given day (today when not given)."""
        from tiltak.plans.reference import ministry_names

        text = " ".join(text.split())
        found = self.by_abbreviation(text.upper(), on=on)
        if found is None and text:
            named = self.filter(Q(name__iexact=text) | Q(name_en__iexact=text)).order_by("-valid_from").first()
            abbreviation = named.abbreviation if named else ministry_names().get(text.casefold())
            found = self.by_abbreviation(abbreviation, on=on) if abbreviation else None
        return found

    def in_period(self, start_year: int, end_year: int):
        """The ministries that existed at some time in the years ``start_year``–``end_year`` (a plan's period)."""
        return self.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=datetime.date(end_year, 12, 31))).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=datetime.date(start_year, 1, 1)))


class Ministry(models.Model):
    """One name period of a ministry. A renamed ministry gets a new row; ``successor`` links them."""

    abbreviation = fields.AbbreviationField(_("forkortelse"), max_length=values.ABBREVIATION)
    name = fields.LineField(_("navn"), max_length=values.MINISTRY_NAME)
    name_en = fields.LineField(_("navn på engelsk"), max_length=values.MINISTRY_NAME, blank=True)
    valid_from = models.DateField(_("gyldig fra"), null=True, blank=True)
    valid_to = models.DateField(_("gyldig til"), null=True, blank=True)
    successor = models.ForeignKey(
        "self", verbose_name=_("etterfølger"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="predecessors",
    )

    objects = MinistryQuerySet.as_manager()

    class Meta:
        verbose_name = _("departement")
        verbose_name_plural = _("departementer")
        ordering = ["abbreviation", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["abbreviation", "valid_from"], name="ministry_unique_period",
                                    condition=Q(valid_from__isnull=False)),
            # At most one period of a ministry with no start date.
            models.UniqueConstraint(fields=["abbreviation"], name="ministry_unique_open_start",
                                    condition=Q(valid_from__isnull=True)),
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="ministry_valid_period",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.abbreviation})"

    def in_language(self, lang: str) -> str:
        return self.name_en if lang == "en" and self.name_en else self.name

    def on(self, day: datetime.date) -> "Ministry":
        """This ministry as it was named on ``day``: follows successors forward past a renaming."""
        ministry = self
        seen = set()
        while ministry.valid_to and ministry.valid_to < day and ministry.successor_id and ministry.pk not in seen:
            seen.add(ministry.pk)
            ministry = ministry.successor
        return ministry


class Meaning(models.TextChoices):
    """The few fixed meanings every plan's own grades map to, for colours, statistics and comparisons."""

    COMPLETED = "completed", _("Gjennomført")
    IN_PROGRESS = "in_progress", _("Under gjennomføring")
    PLANNED = "planned", _("Under forberedelse")
    NOT_STARTED = "not_started", _("Ikke igangsatt")
    CANCELLED = "cancelled", _("Avbrutt")


class StatusScale(models.Model):
    slug = fields.SlugField(_("kortnavn"), max_length=values.SCALE_SLUG, unique=True)
    name = fields.LineField(_("navn"), max_length=values.SCALE_NAME)

    class Meta:
        verbose_name = _("statusskala")
        verbose_name_plural = _("statusskalaer")

    def __str__(self):
        return self.name


class Grade(models.Model):
    """One step of a status scale, as the report's legend shows it."""

    scale = models.ForeignKey(StatusScale, on_delete=models.CASCADE, related_name="grades")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))
    meaning = models.CharField(_("betydning"), max_length=20, choices=Meaning.choices)
    name = fields.LineField(_("navn"), max_length=values.GRADE_NAME)
    name_en = fields.LineField(_("navn på engelsk"), max_length=values.GRADE_NAME)
    description = fields.TextField(_("forklaring"), max_length=values.GRADE_DESCRIPTION, blank=True)
    description_en = fields.TextField(_("forklaring på engelsk"), max_length=values.GRADE_DESCRIPTION, blank=True)
    colour = models.CharField(_("farge"), max_length=7, help_text=_("Som #rrggbb"))

    class Meta:
        verbose_name = _("statusgrad")
        verbose_name_plural = _("statusgrader")
        ordering = ["scale", "position"]
        constraints = [
            models.UniqueConstraint(fields=["scale", "position"], name="grade_unique_position"),
            models.UniqueConstraint(fields=["scale", "name"], name="grade_unique_name"),
            models.CheckConstraint(condition=Q(colour__regex=r"^#[0-9a-fA-F]{6}$"), name="grade_colour_hex"),
        ]

    def __str__(self):
        return self.name

    def in_language(self, lang: str) -> str:
        return in_language(lang, self.name, self.name_en)


class StatusLabel(models.Model):
    """An exact spelling a report uses for a grade: «Løpende» and «Under gjennomføring» are one grade."""

    grade = models.ForeignKey(Grade, on_delete=models.CASCADE, related_name="labels")
    position = models.PositiveSmallIntegerField(_("rekkefølge"), default=0)
    text = fields.LineField(_("tekst"), max_length=values.STATUS_LABEL)
    text_en = fields.LineField(_("tekst på engelsk"), max_length=values.STATUS_LABEL)

    class Meta:
        verbose_name = _("statusbetegnelse")
        verbose_name_plural = _("statusbetegnelser")
        ordering = ["grade__position", "position"]
        constraints = [
            models.UniqueConstraint(fields=["grade", "text"], name="status_label_unique_text"),
        ]

    def __str__(self):
        return self.text

    def in_language(self, lang: str) -> str:
        return in_language(lang, self.text, self.text_en)


class Language(models.TextChoices):
    BOKMAL = "nb", _("bokmål")
    NYNORSK = "nn", _("nynorsk")


class Plan(models.Model):
    slug = fields.SlugField(_("kortnavn"), max_length=values.PLAN_SLUG, unique=True)
    title = fields.LineField(_("tittel"), max_length=values.PLAN_TITLE)
    title_en = fields.LineField(_("tittel på engelsk"), max_length=values.PLAN_TITLE, blank=True)
    period_start = models.PositiveSmallIntegerField(_("periode fra (år)"))
    period_end = models.PositiveSmallIntegerField(_("periode til (år)"))
    coordinator = models.ForeignKey(
        Ministry, verbose_name=_("koordinerende departement"), null=True, blank=True, on_delete=models.PROTECT,
        related_name="coordinated_plans",
    )
    scale = models.ForeignKey(StatusScale, verbose_name=_("statusskala"), on_delete=models.PROTECT,
                              related_name="plans")
    # The written language of the plan's own texts (titles, plan texts, narratives): marked on every page and in
    # every document so a screen reader reads nynorsk as nynorsk (WCAG 3.1.2). An import sets it from the document.
    language = models.CharField(_("skriftspråk"), max_length=2, choices=Language.choices, default=Language.BOKMAL)

    class Meta:
        verbose_name = _("handlingsplan")
        verbose_name_plural = _("handlingsplaner")
        ordering = ["-period_start", "title"]
        constraints = [
            models.CheckConstraint(condition=Q(period_end__gte=models.F("period_start")), name="plan_period_order"),
        ]

    def __str__(self):
        return self.title

    def in_language(self, lang: str) -> str:
        return in_language(lang, self.title, self.title_en)

    @property
    def period(self) -> tuple[str, str]:
        return str(self.period_start), str(self.period_end)


class MeasureQuerySet(models.QuerySet):
    def current(self):
        """The measures not retired: those a new round gets an entry for."""
        return self.filter(retired_at__isnull=True)

    def for_ministry(self, ministry: Ministry):
        """Measures the ministry answers for, as lead or co-responsible (any name period of it)."""
        return self.filter(responsibilities__ministry__abbreviation=ministry.abbreviation).distinct()


class Measure(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="measures")
    number = fields.NumberField(_("nummer"), max_length=values.MEASURE_NUMBER)
    # Set from ``number`` by the actions that create or renumber a measure (see natural_key).
    sort_key = models.CharField(max_length=120, editable=False)
    title = fields.LineField(_("tittel"), max_length=values.MEASURE_TITLE)
    plan_text = fields.TextField(_("tekst i handlingsplanen"), max_length=values.LONG_TEXT, blank=True)
    # Set by the register actions (tiltak/plans/actions/register.py): a measure added after a round was opened is
    # not part of that round's report, and a retired one is left out of the rounds opened after it.
    added_at = models.DateTimeField(_("lagt til"), null=True, blank=True)
    retired_at = models.DateTimeField(_("avsluttet"), null=True, blank=True)

    objects = MeasureQuerySet.as_manager()

    class Meta:
        verbose_name = _("tiltak")
        verbose_name_plural = _("tiltak")
        ordering = ["plan", "sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="measure_unique_number"),
            models.CheckConstraint(condition=~Q(number=""), name="measure_number_not_empty"),
        ]

    def __str__(self):
        return f"{self.number} {self.title}"

    @staticmethod
    def key_for(number: str) -> str:
        return natural_key(number)

    def responsible_abbreviations(self) -> list[str]:
        """In order, lead first. Uses prefetched responsibilities when there are any."""
        return [r.ministry.abbreviation for r in sorted(self.responsibilities.all(), key=lambda r: r.position)]

    def belongs_to(self, the_round: "Round") -> bool:
        """Whether the measure was part of the plan when the round was opened (not added later, not retired)."""
        opened = the_round.created_at
        if opened is None:
            return self.retired_at is None
        return (self.added_at is None or self.added_at <= opened) and (self.retired_at is None
                                                                       or self.retired_at > opened)

    def snapshot(self) -> dict:
        """What the measure says now, as an entry keeps it when the measure is later changed."""
        return {"number": self.number, "title": self.title, "plan_text": self.plan_text,
                "responsible": self.responsible_abbreviations()}


class Responsibility(models.Model):
    """A ministry's share in a measure; position 0 is the lead."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="responsibilities")
    ministry = models.ForeignKey(Ministry, on_delete=models.PROTECT, related_name="responsibilities")
    position = models.PositiveSmallIntegerField(_("rekkefølge"))

    class Meta:
        verbose_name = _("ansvar")
        verbose_name_plural = _("ansvar")
        ordering = ["measure", "position"]
        constraints = [
            # One row per position means exactly one lead (position 0) at most.
            models.UniqueConstraint(fields=["measure", "position"], name="responsibility_unique_position"),
            models.UniqueConstraint(fields=["measure", "ministry"], name="responsibility_unique_ministry"),
        ]

    def __str__(self):
        return f"{self.measure.number}: {self.ministry.abbreviation}"

    @property
    def is_lead(self) -> bool:
        return self.position == 0


class RoundQuerySet(models.QuerySet):
    def published(self):
        return self.filter(state=Round.State.PUBLISHED)

    def visible_to(self, user):
        """The rounds ``user`` may see (the rule: ``access.sees_unpublished_rounds``)."""
        from tiltak.plans.access import sees_unpublished_rounds

        return self if sees_unpublished_rounds(user) else self.published()


class Round(models.Model):
    """A reporting round: «Status per februar 2012»."""

    class State(models.TextChoices):
        DRAFT = "draft", _("Utkast")
        OPEN = "open", _("Åpen")
        CLOSED = "closed", _("Lukket")
        PUBLISHED = "published", _("Publisert")

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="rounds")
    slug = fields.SlugField(_("kortnavn"), max_length=values.ROUND_SLUG)
    label = fields.LineField(_("betegnelse"), max_length=values.ROUND_LABEL)
    title = fields.LineField(_("rapportens tittel"), max_length=values.ROUND_TITLE, blank=True)
    introduction = fields.TextField(_("innledning"), max_length=values.LONG_TEXT, blank=True)
    as_of = models.DateField(_("status per"))
    deadline = models.DateField(_("frist"), null=True, blank=True)
    state = models.CharField(_("tilstand"), max_length=10, choices=State.choices, default=State.DRAFT)
    published_at = models.DateTimeField(_("publisert"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    # The status scale's legend as it was when the scale was reworded after this round was opened or published
    # (tiltak/plans/actions/register.py); empty while the scale is unchanged since. Read it through
    # tiltak.plans.selectors.legend_as_published.
    legend_as_was = models.JSONField(default=list, blank=True, editable=False)

    objects = RoundQuerySet.as_manager()

    class Meta:
        verbose_name = _("rapporteringsrunde")
        verbose_name_plural = _("rapporteringsrunder")
        ordering = ["plan", "as_of"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "slug"], name="round_unique_slug"),
            models.CheckConstraint(
                condition=~Q(state="published") | Q(published_at__isnull=False), name="round_published_has_date"
            ),
        ]

    def __str__(self):
        return f"{self.plan.slug}/{self.slug}"

    @property
    def is_published(self) -> bool:
        return self.state == self.State.PUBLISHED

    def in_language(self, lang: str) -> str:
        """The label; in English made from the as-of date, as the English report says it."""
        return round_in_language(lang, self.label, self.as_of)


class EntryState(models.TextChoices):
    DRAFT = "draft", _("Utkast")
    SUBMITTED = "submitted", _("Sendt inn")
    RETURNED = "returned", _("Returnert")
    APPROVED = "approved", _("Godkjent")


class StatusEntryQuerySet(models.QuerySet):
    def for_report(self):
        return self.select_related("status__grade", "measure").order_by("measure__sort_key")

    def for_work(self):
        """Everything the forms, the board and the API show and the permission rules ask, in a fixed few queries."""
        return self.select_related("status__grade", "measure", "round__plan", "updated_by").prefetch_related(
            models.Prefetch("measure__responsibilities",
                            queryset=Responsibility.objects.select_related("ministry").order_by("position"))
        ).order_by("measure__sort_key")

    def published(self):
        """Entries of published rounds: all the public may see."""
        return self.filter(round__state=Round.State.PUBLISHED)

    def for_ministry(self, abbreviations):
        """Entries of measures any of these ministries answer for, as lead or co-responsible."""
        return self.filter(
            measure__in=Measure.objects.filter(responsibilities__ministry__abbreviation__in=list(abbreviations))
        )


class StatusEntry(models.Model):
    """The status of one measure in one round. Every change bumps ``version`` and writes a StatusEntryVersion."""

    measure = models.ForeignKey(Measure, on_delete=models.CASCADE, related_name="entries")
    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="entries")
    status = models.ForeignKey(StatusLabel, verbose_name=_("status"), null=True, blank=True,
                               on_delete=models.PROTECT, related_name="+")
    narrative = fields.TextField(_("beskrivelse"), max_length=values.LONG_TEXT, blank=True)
    links = fields.LinksField(_("lenker"), default=list, blank=True)
    state = models.CharField(_("tilstand"), max_length=10, choices=EntryState.choices, default=EntryState.DRAFT)
    # Carried forward from the previous round and not yet edited or confirmed.
    unchanged = models.BooleanField(_("uendret"), default=False)
    review_comment = fields.TextField(_("kommentar fra koordinator"), max_length=values.COMMENT, blank=True)
    # The measure (number, title, plan text, responsible) as it was in this round, kept when the coordinator
    # changes the measure later; empty while the measure is unchanged since (see Measure.snapshot). Read it through
    # tiltak.plans.selectors.measure_as_published.
    measure_as_was = models.JSONField(default=dict, blank=True, editable=False)
    version = models.PositiveIntegerField(default=1)
    updated_at = models.DateTimeField(_("endret"))
    updated_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    approved_at = models.DateTimeField(null=True, blank=True)

    objects = StatusEntryQuerySet.as_manager()

    class Meta:
        verbose_name = _("statusrapport for tiltak")
        verbose_name_plural = _("statusrapporter for tiltak")
        ordering = ["round", "measure__sort_key"]
        constraints = [
            models.UniqueConstraint(fields=["measure", "round"], name="entry_unique_per_round"),
            models.CheckConstraint(condition=Q(version__gte=1), name="entry_version_positive"),
        ]

    def __str__(self):
        return f"{self.round} #{self.measure.number}"


def request_id_field():
    """The id of the request that made a history row (``X-Request-ID``, as in that request's log lines and its
    access line in nginx): empty for a command or a queued task with no request behind it."""
    return models.CharField(_("forespørsels-ID"), max_length=requestid.MAX_LENGTH, blank=True, default="",
                            editable=False)


class StatusEntryVersionQuerySet(models.QuerySet):
    def published_corrections(self):
        """The coordinator's corrections of published rounds («correct» in the history), with their reasons."""
        return self.filter(action="correct", entry__round__state=Round.State.PUBLISHED)


class Via(models.TextChoices):
    """How a change came in, when not by the entry page or the API: shown in the history («via skjema»)."""

    FORM = "form", _("via skjema")


class StatusEntryVersion(models.Model):
    """An immutable record of an entry as it was after one change: who, when, what and why."""

    entry = models.ForeignKey(StatusEntry, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField()
    action = models.CharField(_("handling"), max_length=40)
    status = models.ForeignKey(StatusLabel, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    narrative = fields.TextField(max_length=values.LONG_TEXT, blank=True)
    links = fields.LinksField(default=list, blank=True)
    state = models.CharField(max_length=10, choices=EntryState.choices)
    comment = fields.TextField(_("kommentar"), max_length=values.COMMENT, blank=True)
    via = models.CharField(_("via"), max_length=10, choices=Via.choices, blank=True, default="")
    changed_at = models.DateTimeField()
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                   related_name="+")
    request_id = request_id_field()

    objects = StatusEntryVersionQuerySet.as_manager()

    class Meta:
        verbose_name = _("versjon")
        verbose_name_plural = _("versjoner")
        ordering = ["entry", "version"]
        constraints = [models.UniqueConstraint(fields=["entry", "version"], name="entry_version_unique")]

    def __str__(self):
        return f"{self.entry} v{self.version} ({self.action})"


class DataQualityNoteQuerySet(models.QuerySet):
    def for_round(self, the_round: "Round"):
        """The round's notes, in measure order, each with its measure."""
        return self.filter(round=the_round).select_related("measure").order_by("measure__sort_key", "code")


class DataQualityNote(models.Model):
    """Something a source document got wrong or left unclear, kept for the coordinator to see.

    The February 2012 report, for instance, gives some measures one status in its overview table and another
    in the measure's own section; the entry keeps the section's, and a note keeps the table's.
    """

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="notes")
    measure = models.ForeignKey(Measure, null=True, blank=True, on_delete=models.CASCADE, related_name="notes")
    code = fields.LineField(_("kode"), max_length=values.NOTE_CODE)
    message = fields.TextField(_("melding"), max_length=values.NOTE_MESSAGE)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DataQualityNoteQuerySet.as_manager()

    class Meta:
        verbose_name = _("merknad om datakvalitet")
        verbose_name_plural = _("merknader om datakvalitet")
        ordering = ["round", "measure__sort_key", "code"]
        constraints = [
            models.UniqueConstraint(fields=["round", "measure", "code"], name="note_unique_per_measure_code",
                                    condition=Q(measure__isnull=False)),
            # A note about the whole round (no measure): once per code too, though NULL is never equal to NULL.
            models.UniqueConstraint(fields=["round", "code"], name="note_unique_per_round_code",
                                    condition=Q(measure__isnull=True)),
        ]

    def __str__(self):
        return f"{self.round} {self.code}: {self.message}"


# --- Accounts: roles, API tokens and reminders (reporting rounds) -------------------------------------------------


class RoleQuerySet(models.QuerySet):
    def reporters_for(self, abbreviations):
        """Reporter roles of any name period of the given ministries."""
        return self.filter(kind=Role.Kind.REPORTER, ministry__abbreviation__in=list(abbreviations))


class Role(models.Model):
    """What a person may do. A person may hold several roles (a reporter for two ministries, say).

    Administrators are Django superusers and need no row here.
    """

    class Kind(models.TextChoices):
        COORDINATOR = "coordinator", _("Koordinator")
        REPORTER = "reporter", _("Rapportør")
        READER = "reader", _("Leser")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="tiltak_roles")
    kind = models.CharField(_("rolle"), max_length=20, choices=Kind.choices)
    # A reporter reports for one ministry; matched by abbreviation so a renaming keeps the reporter's measures.
    ministry = models.ForeignKey(Ministry, verbose_name=_("departement"), null=True, blank=True,
                                 on_delete=models.PROTECT, related_name="roles")
    # A coordinator coordinates one plan, or every plan when left empty.
    plan = models.ForeignKey(Plan, verbose_name=_("handlingsplan"), null=True, blank=True, on_delete=models.CASCADE,
                             related_name="roles")

    objects = RoleQuerySet.as_manager()

    class Meta:
        verbose_name = _("rolle")
        verbose_name_plural = _("roller")
        ordering = ["user", "kind"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="reporter", ministry__isnull=False) | Q(kind="reader")
                | Q(kind="coordinator", ministry__isnull=True),
                name="role_reporter_has_ministry",
            ),
            models.CheckConstraint(condition=Q(kind__in=["coordinator", "reporter", "reader"]), name="role_kind_known"),
            # One role of a kind per person and ministry and plan. NULL is no value here, so each combination
            # of empty fields gets its own partial unique index (SQLite and PostgreSQL alike; a plain unique
            # constraint lets any number of (user, coordinator, NULL, NULL) rows in).
            models.UniqueConstraint(fields=["user", "kind", "ministry", "plan"], name="role_unique",
                                    condition=Q(ministry__isnull=False, plan__isnull=False)),
            models.UniqueConstraint(fields=["user", "kind", "ministry"], name="role_unique_without_plan",
                                    condition=Q(ministry__isnull=False, plan__isnull=True)),
            models.UniqueConstraint(fields=["user", "kind", "plan"], name="role_unique_without_ministry",
                                    condition=Q(ministry__isnull=True, plan__isnull=False)),
            models.UniqueConstraint(fields=["user", "kind"], name="role_unique_without_ministry_and_plan",
                                    condition=Q(ministry__isnull=True, plan__isnull=True)),
        ]

    def __str__(self):
        where = self.ministry.abbreviation if self.ministry_id else (self.plan.slug if self.plan_id else "")
        return f"{self.user} – {self.get_kind_display()}{f' ({where})' if where else ''}"


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True, user__is_active=True)


class ApiToken(models.Model):
    """A bearer token for the API. Only a SHA-256 digest is stored: the token itself is shown once."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens")
    digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters, so a person can tell their tokens apart without the secret.
    prefix = models.CharField(max_length=16, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = _("API-nøkkel")
        verbose_name_plural = _("API-nøkler")
        ordering = ["user", "-created_at"]

    def __str__(self):
        return f"{self.user} {self.prefix}…"


class Reminder(models.Model):
    """A deadline e-mail sent to one person for one round, so a cron job run twice sends it once."""

    class Kind(models.TextChoices):
        UPCOMING = "upcoming", _("Fristen nærmer seg")
        OVERDUE = "overdue", _("Fristen er passert")

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="reminders")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=Kind.choices)
    # What the reminder is for: the deadline («upcoming»), or the first day of the overdue week («overdue»,
    # repeated weekly). The unique constraint, not a check before the insert, makes each one go out once.
    window = models.DateField()
    sent_at = models.DateTimeField()

    class Meta:
        verbose_name = _("påminnelse")
        verbose_name_plural = _("påminnelser")
        ordering = ["round", "sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "user", "kind", "window"], name="reminder_once_per_window"),
        ]

    def __str__(self):
        return f"{self.round} {self.user} {self.kind} {self.sent_at:%Y-%m-%d}"


# --- History of the register and of accounts (append-only: no page, command or admin screen changes a row) ----------


class PlanChange(models.Model):
    """One change to a plan, its measures or its status scale: who, when, what, before and after."""

    class Action(models.TextChoices):
        PLAN_CREATED = "plan_created", _("Plan opprettet")
        PLAN_EDITED = "plan_edited", _("Plan endret")
        MEASURE_ADDED = "measure_added", _("Tiltak lagt til")
        MEASURE_EDITED = "measure_edited", _("Tiltak endret")
        MEASURE_RENUMBERED = "measure_renumbered", _("Tiltak omnummerert")
        MEASURE_RETIRED = "measure_retired", _("Tiltak avsluttet")
        SCALE_EDITED = "scale_edited", _("Statusskala endret")

    plan = models.ForeignKey(Plan, verbose_name=_("handlingsplan"), on_delete=models.CASCADE, related_name="changes")
    measure = models.ForeignKey(Measure, verbose_name=_("tiltak"), null=True, blank=True, on_delete=models.SET_NULL,
                                related_name="changes")
    action = models.CharField(_("handling"), max_length=30, choices=Action.choices)
    before = models.JSONField(_("før"), default=dict, blank=True)
    after = models.JSONField(_("etter"), default=dict, blank=True)
    changed_at = models.DateTimeField(_("tidspunkt"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("endret av"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    request_id = request_id_field()

    class Meta:
        verbose_name = _("endring i handlingsplan")
        verbose_name_plural = _("endringer i handlingsplaner")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.plan.slug} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"

    @property
    def measure_number(self) -> str:
        """The measure's number as the change left it (or as it was, for a retirement)."""
        return str(self.after.get("number") or self.before.get("number") or "")


class AccountChange(models.Model):
    """One change to an account: created, role changed, deactivated, lock-out lifted… who, what, when."""

    class Action(models.TextChoices):
        CREATED = "created", _("Bruker opprettet")
        ROLE_GRANTED = "role_granted", _("Rolle gitt")
        ROLE_CHANGED = "role_changed", _("Rolle endret")
        DEACTIVATED = "deactivated", _("Deaktivert")
        REACTIVATED = "reactivated", _("Aktivert igjen")
        LOCKOUT_LIFTED = "lockout_lifted", _("Utestengning opphevet")
        PASSWORD_LINK_SENT = "password_link_sent", _("Lenke for passord sendt")
        PASSWORD_SET = "password_set", _("Passord satt")
        TOKEN_ISSUED = "token_issued", _("API-nøkkel laget")
        TOKENS_REVOKED = "tokens_revoked", _("API-nøkler trukket tilbake")
        EMAIL_CHANGED = "email_changed", _("E-postadresse endret")
        SIGNED_IN = "signed_in", _("Logget inn med enkel pålogging")
        SIGN_IN_REFUSED = "sign_in_refused", _("Enkel pålogging avvist")
        IDENTITY_LINKED = "identity_linked", _("Koblet til enkel pålogging")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bruker"), null=True, blank=True,
                             on_delete=models.SET_NULL, related_name="account_changes")
    # Kept as written, so the record still names the account if it is ever removed.
    username = models.CharField(_("brukernavn"), max_length=150)
    action = models.CharField(_("handling"), max_length=30, choices=Action.choices)
    detail = models.CharField(_("detaljer"), max_length=values.ACCOUNT_LOG_DETAIL, blank=True)
    # The plan whose coordinator made the change (empty: an administrator or the command line).
    plan = models.ForeignKey(Plan, verbose_name=_("handlingsplan"), null=True, blank=True, on_delete=models.SET_NULL,
                             related_name="+")
    changed_at = models.DateTimeField(_("tidspunkt"))
    changed_by = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("endret av"), null=True, blank=True,
                                   on_delete=models.SET_NULL, related_name="+")
    request_id = request_id_field()

    class Meta:
        verbose_name = _("endring av bruker")
        verbose_name_plural = _("endringer av brukere")
        ordering = ["-changed_at", "-pk"]

    def __str__(self):
        return f"{self.username} {self.action} {self.changed_at:%Y-%m-%d %H:%M}"


class SignInIdentity(models.Model):
    """A person's identity at the OpenID Connect provider: the issuer and its subject identifier (``sub``), kept
    when they first sign in (matched then by verified e-mail address); from then on they are known by it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, verbose_name=_("bruker"), on_delete=models.CASCADE,
                             related_name="sign_in_identities")
    issuer = models.CharField(_("utsteder"), max_length=300)
    subject = models.CharField(_("identifikator"), max_length=255)
    linked_at = models.DateTimeField(_("koblet"))

    class Meta:
        verbose_name = _("identitet for enkel pålogging")
        verbose_name_plural = _("identiteter for enkel pålogging")
        constraints = [
            models.UniqueConstraint(fields=["issuer", "subject"], name="sign_in_identity_unique"),
            models.UniqueConstraint(fields=["user", "issuer"], name="sign_in_identity_one_per_issuer"),
        ]

    def __str__(self):
        return f"{self.user} – {self.issuer} {self.subject}"


# --- The search index (tiltak/plans/search_index.py) ------------------------------------------------------------


class TextSearchVectorField(models.Field):
    """PostgreSQL's ``tsvector``; elsewhere a text column left empty (SQLite's index is an FTS5 table beside it)."""

    def db_type(self, connection):
        return "tsvector" if connection.vendor == "postgresql" else "text"


class SearchDocument(models.Model):
    """A published entry in the search index: its measure's title and plan text and its narrative as last indexed.

    Written only by :mod:`tiltak.plans.search_index`, from the actions that publish or change published text. On
    PostgreSQL ``document`` holds the weighted ``tsvector`` (a GIN index over it); on SQLite the row's id is the
    rowid of the text in the FTS5 table ``plans_search``, and a re-indexed entry gets a new row (and id).
    """

    entry = models.OneToOneField(StatusEntry, on_delete=models.CASCADE, related_name="search_document")
    document = TextSearchVectorField(null=True, editable=False)

    def __str__(self):
        return f"search document of entry {self.entry_id}"
