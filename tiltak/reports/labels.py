"""The report's own words in bokmål and English, chosen by ``--lang``.

Kept as two typed instances rather than gettext catalogues so that a report renders the same in the command line,
the web app and the tests without compiled message files, and a missing translation fails at import.
Text written by people (titles, narratives, the introduction) is never translated.
"""

from dataclasses import dataclass

from tiltak.plans.models import MONTHS_EN
from tiltak.reports.data import ReportData


@dataclass(frozen=True)
class Labels:
    lang: str
    locale: str  # for DOCX and PDF metadata
    legend: str
    overview: str
    number: str
    measure: str
    responsible: str
    status: str
    not_reported: str
    sections: str
    links: str
    distribution: str
    chart_alt: str  # {items}
    chart_axis: str
    changes: str
    compared_with: str  # {label}
    transitions: str
    before: str
    after: str
    changed: str
    changed_none: str
    unchanged: str
    unchanged_none: str
    new: str
    ministries: str
    ministry: str
    role: str
    lead: str
    co: str
    total: str
    page: str  # {page} and {pages} are CSS counters
    draft: str
    download: str
    all_rounds: str
    round: str
    as_of: str
    grade_column: str
    narrative: str
    plan_text: str
    lead_ministry: str
    measures_count: str  # {n}

    def title(self, report: ReportData) -> str:
        if self.lang == "en":
            return f"Status report for {report.plan_title_en or report.plan_title}"
        return report.title

    def round_label(self, report: ReportData, index: int = -1) -> str:
        the_round = report.rounds[index] if report.rounds else None
        if the_round is None:
            return report.round_label
        if self.lang == "en":
            return f"Status as of {MONTHS_EN[the_round.as_of.month - 1]} {the_round.as_of.year}"
        return the_round.label

    def grade(self, grade) -> str:
        return grade.label(self.lang) if grade is not None else self.not_reported


NB = Labels(
    lang="nb", locale="nb-NO",
    legend="Statusinndeling",
    overview="Skjematisk tiltaksoversikt",
    number="Nr.", measure="Tiltak", responsible="Ansvar", status="Status",
    not_reported="Ikke rapportert",
    sections="Status for hvert tiltak",
    links="Lenker",
    distribution="Statusfordeling",
    chart_alt="Stolpediagram over statusfordelingen: {items}.",
    chart_axis="Antall tiltak",
    changes="Endringer siden forrige rapport",
    compared_with="Sammenlignet med {label}.",
    transitions="Antall tiltak etter status i forrige rapport (rader) og i denne rapporten (kolonner)",
    before="Forrige rapport", after="Denne rapporten",
    changed="Tiltak som har endret status",
    changed_none="Ingen tiltak har endret status.",
    unchanged="Tiltak med uendret beskrivelse",
    unchanged_none="Alle tiltak har ny beskrivelse.",
    new="Tiltak uten status i forrige rapport",
    ministries="Oppsummering per departement",
    ministry="Departement", role="Rolle", lead="Hovedansvar", co="Medansvar", total="I alt",
    page="Side {page} av {pages}",
    draft="Utkast – ikke publisert",
    download="Last ned rapporten",
    all_rounds="Alle runder",
    round="Runde", as_of="Status per", grade_column="Statusgrad", narrative="Beskrivelse", plan_text="Tekst i planen",
    lead_ministry="Hovedansvarlig",
    measures_count="{n} tiltak",
)

EN = Labels(
    lang="en", locale="en-GB",
    legend="Status scale",
    overview="Overview of measures",
    number="No.", measure="Measure", responsible="Responsible", status="Status",
    not_reported="Not reported",
    sections="Status of each measure",
    links="Links",
    distribution="Status distribution",
    chart_alt="Bar chart of the status distribution: {items}.",
    chart_axis="Number of measures",
    changes="Changes since the previous report",
    compared_with="Compared with {label}.",
    transitions="Number of measures by status in the previous report (rows) and in this report (columns)",
    before="Previous report", after="This report",
    changed="Measures that changed status",
    changed_none="No measure changed status.",
    unchanged="Measures with an unchanged description",
    unchanged_none="Every measure has a new description.",
    new="Measures without a status in the previous report",
    ministries="Summary by ministry",
    ministry="Ministry", role="Role", lead="Lead", co="Co-responsible", total="Total",
    page="Page {page} of {pages}",
    draft="Draft – not published",
    download="Download the report",
    all_rounds="All rounds",
    round="Round", as_of="Status as of", grade_column="Status grade", narrative="Description",
    plan_text="Text of the plan",
    lead_ministry="Lead ministry",
    measures_count="{n} measures",
)

LANGUAGES = {"nb": NB, "en": EN}


def labels(lang: str) -> Labels:
    return LANGUAGES.get(lang, NB)
