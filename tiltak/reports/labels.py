"""The report's own words, in the language asked for (``--lang``), through Django's translation machinery.

The msgids are bokmål (the report's source language); the English is in this app's catalogue
(locale/en/LC_MESSAGES/django.po, compiled .mo committed, so no gettext is needed at run time). ``labels(lang)``
gathers them once per language into one typed object, so renderers write ``w.legend``. Text written by people
(titles, narratives, the introduction) is never translated.
"""

import functools
from dataclasses import dataclass

from django.utils import formats, translation
from django.utils.translation import pgettext_lazy

from tiltak.lib.language import round_label
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
    corrections: str
    corrected: str  # {date}, {number}, {title}, {reason}

    def title(self, report: ReportData) -> str:
        if self.lang == "en":
            title = report.plan_title_en or report.plan_title
            # «The Government's action plan» stands mid-title here: «Status report for the Government's …».
            if title.startswith("The "):
                title = "the " + title[4:]
            return f"Status report for {title}"
        return report.title

    def round_label(self, report: ReportData, index: int = -1) -> str:
        the_round = report.rounds[index] if report.rounds else None
        if the_round is None:
            return report.round_label
        return round_label(the_round.as_of, "en") if self.lang == "en" else the_round.label

    def date(self, day) -> str:
        """«15. mars 2022», «15 March 2022»."""
        with translation.override(self.lang):
            return formats.date_format(day, "DATE_FORMAT" if self.lang != "en" else "j F Y")

    def correction(self, note) -> str:
        return self.corrected.format(date=self.date(note.date), number=note.number, title=note.title,
                                     reason=note.reason)

    def grade(self, grade) -> str:
        return grade.label(self.lang) if grade is not None else self.not_reported



# The bokmål words, as msgids in the context «report» (so another app's translation of a word never leaks in).
WORDS = {
    'legend': pgettext_lazy("report", 'Statusinndeling'),
    'overview': pgettext_lazy("report", 'Skjematisk tiltaksoversikt'),
    'number': pgettext_lazy("report", 'Nr.'),
    'measure': pgettext_lazy("report", 'Tiltak'),
    'responsible': pgettext_lazy("report", 'Ansvar'),
    'status': pgettext_lazy("report", 'Status'),
    'not_reported': pgettext_lazy("report", 'Ikke rapportert'),
    'sections': pgettext_lazy("report", 'Status for hvert tiltak'),
    'links': pgettext_lazy("report", 'Lenker'),
    'distribution': pgettext_lazy("report", 'Statusfordeling'),
    'chart_alt': pgettext_lazy("report", 'Stolpediagram over statusfordelingen: {items}.'),
    'chart_axis': pgettext_lazy("report", 'Antall tiltak'),
    'changes': pgettext_lazy("report", 'Endringer siden forrige rapport'),
    'compared_with': pgettext_lazy("report", 'Sammenlignet med {label}.'),
    'transitions': pgettext_lazy("report",
        'Antall tiltak etter status i forrige rapport (rader) og i denne rapporten (kolonner)'),
    'before': pgettext_lazy("report", 'Forrige rapport'),
    'after': pgettext_lazy("report", 'Denne rapporten'),
    'changed': pgettext_lazy("report", 'Tiltak som har endret status'),
    'changed_none': pgettext_lazy("report", 'Ingen tiltak har endret status.'),
    'unchanged': pgettext_lazy("report", 'Tiltak med uendret beskrivelse'),
    'unchanged_none': pgettext_lazy("report", 'Alle tiltak har ny beskrivelse.'),
    'new': pgettext_lazy("report", 'Tiltak uten status i forrige rapport'),
    'ministries': pgettext_lazy("report", 'Oppsummering per departement'),
    'ministry': pgettext_lazy("report", 'Departement'),
    'role': pgettext_lazy("report", 'Rolle'),
    'lead': pgettext_lazy("report", 'Hovedansvar'),
    'co': pgettext_lazy("report", 'Medansvar'),
    'total': pgettext_lazy("report", 'I alt'),
    'page': pgettext_lazy("report", 'Side {page} av {pages}'),
    'draft': pgettext_lazy("report", 'Utkast – ikke publisert'),
    'download': pgettext_lazy("report", 'Last ned rapporten'),
    'all_rounds': pgettext_lazy("report", 'Alle runder'),
    'round': pgettext_lazy("report", 'Runde'),
    'as_of': pgettext_lazy("report", 'Status per'),
    'grade_column': pgettext_lazy("report", 'Statusgrad'),
    'narrative': pgettext_lazy("report", 'Beskrivelse'),
    'plan_text': pgettext_lazy("report", 'Tekst i planen'),
    'lead_ministry': pgettext_lazy("report", 'Hovedansvarlig'),
    'measures_count': pgettext_lazy("report", '{n} tiltak'),
    'corrections': pgettext_lazy("report", 'Rettelser etter publisering'),
    'corrected': pgettext_lazy("report", '{date}, tiltak {number}: {reason}'),
}
LOCALES = {"nb": "nb-NO", "en": "en-GB"}


@functools.cache
def labels(lang: str) -> Labels:
    lang = lang if lang in LOCALES else "nb"
    with translation.override(lang):
        words = {name: str(text) for name, text in WORDS.items()}
    return Labels(lang=lang, locale=LOCALES[lang], **words)

