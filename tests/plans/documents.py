"""Small report documents for tests, built in code so each test says what it changes."""

import copy

SCALE = ["Gjennomført", "Løpende/under gjennomføring", "Under forberedelse", "Ikke igangsatt"]

BASE = {
    "format": "tiltak.report/1",
    "plan": {"slug": "testplan", "title": "Handlingsplan for prøving (2020–2023)", "period": ["2020", "2023"],
             "coordinator": "JD"},
    "report": {"slug": "2021-03", "title": "Statusrapportering", "as_of": "2021-03", "introduction": "Innledning.",
               "status_scale": SCALE},
    "measures": [
        {"number": "2", "title": "Styrke samarbeidet", "responsible": ["UD", "JD"], "status": "Løpende",
         "status_overview": "Løpende", "plan_text": "Planen sier dette.", "status_text": "Første avsnitt.\n\nAndre.",
         "links": ["https://www.regjeringen.no/"]},
        {"number": "10", "title": "Øke innsatsen", "responsible": ["JD"], "status": "Under forberedelse",
         "status_overview": "Under gjennomføring", "plan_text": "", "status_text": "Arbeidet er påbegynt.",
         "links": []},
    ],
    "warnings": [{"measure": "10", "code": "status_mismatch", "message": "Tabellen og avsnittet er uenige."}],
}


def document(**changes) -> dict:
    doc = copy.deepcopy(BASE)
    for key, value in changes.items():
        doc[key] = value
    return doc
