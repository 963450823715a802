"""Property-based tests (Hypothesis) of the ways documents come in.

- any bytes, under any name, are a parsed report or the one documented error (ImportFailure: one line);
- the orthography restorer is idempotent: restoring restored text changes nothing;
- report JSON → import → report JSON gives the same measures back.
"""

import string

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tiltak.importer.api import ImportFailure, parse_bytes
from tiltak.importer.document import ParsedReport
from tiltak.importer.orthography import restore

FUZZ = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
NAMES = st.sampled_from(["rapport.txt", "rapport.json", "rapport.docx", "rapport.pdf", "rapport", "r.md"])
# Bytes that look a little like the real thing often enough to get past the first checks.
PREFIXES = st.sampled_from([b"", b"%PDF-1.7\n", b"PK\x03\x04", b'{"format": "tiltak.report/1", ', b"\xff\xfe",
                            b"\xef\xbb\xbf", b"1 Styrke samarbeidet (UD,JD)\nStatus: "])


@FUZZ
@given(prefix=PREFIXES, body=st.binary(max_size=4096), name=NAMES)
def test_any_bytes_are_a_report_or_the_documented_error(prefix, body, name):
    try:
        report = parse_bytes(prefix + body, name=name)
    except ImportFailure as exc:
        message = str(exc)
        assert message and "\n" not in message and len(message) < 1000
    else:
        assert isinstance(report, ParsedReport) and report.measures
        assert isinstance(report.to_json(), dict)


WORDS = st.sampled_from(["Arbeidet", "er", "gjennomfort", "for", "arbeidsgiverorganisasjonene", "pa", "oke",
                         "innsatsen", "mot", "menneskehandel", "bade", "nar", "Justisdepartementet", "sarbare",
                         "tiltaket", "videreforing", "og", "i", "2012", "."])


@settings(max_examples=40, deadline=None)
@given(st.lists(WORDS, min_size=1, max_size=40).map(" ".join))
def test_the_orthography_restorer_is_idempotent(text):
    once = restore(text)
    assert restore(once) == once


SAFE_TEXT = st.text(alphabet=string.ascii_letters + "æøåÆØÅ ,.;:()-–«»0123456789", min_size=1, max_size=200).map(
    str.strip).filter(bool)
SCALE = ["Gjennomført", "Løpende/under gjennomføring", "Under forberedelse", "Ikke igangsatt"]


@st.composite
def report_documents(draw):
    count = draw(st.integers(min_value=1, max_value=6))
    measures = []
    for n in range(1, count + 1):
        status = draw(st.sampled_from(SCALE))
        measures.append({
            "number": str(n), "title": draw(SAFE_TEXT), "responsible": draw(st.sampled_from([["JD"], ["UD", "JD"],
                                                                                             ["BLD", "HOD"]])),
            "status": status, "status_overview": status, "plan_text": draw(SAFE_TEXT),
            "status_text": "\n\n".join(draw(st.lists(SAFE_TEXT, min_size=1, max_size=3))),
            "links": draw(st.lists(st.sampled_from(["https://www.regjeringen.no/", "http://example.no/a?b=c"]),
                                   max_size=2, unique=True)),
        })
    year = draw(st.integers(min_value=2000, max_value=2040))
    return {
        "format": "tiltak.report/1",
        "plan": {"slug": "egenskap", "title": draw(SAFE_TEXT), "period": [str(year), str(year + 3)],
                 "coordinator": "JD"},
        "report": {"slug": f"{year + 1}-02", "title": "Statusrapportering", "as_of": f"{year + 1}-02",
                   "introduction": "", "status_scale": SCALE},
        "measures": measures,
        "warnings": [],
    }


@pytest.mark.django_db
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture,
                                                                 HealthCheck.too_slow])
@given(document=report_documents())
def test_report_json_imports_and_comes_back_the_same(document):
    from django.db import transaction

    from tiltak.plans.actions import SYSTEM, import_report
    from tiltak.reports.data import build_report
    from tiltak.reports.renderers.json import as_document

    with transaction.atomic():
        result = import_report(acting_user=SYSTEM, document=document)
        the_round = result.round
        assert the_round.is_published  # an imported report is a published round
        again = as_document(build_report(result.plan, the_round))
        for key in ("number", "title", "responsible", "status", "plan_text", "status_text", "links"):
            assert [m[key] for m in again["measures"]] == [m[key] for m in document["measures"]], key
        assert again["plan"]["title"] == document["plan"]["title"]
        assert again["report"]["as_of"] == document["report"]["as_of"]
        transaction.set_rollback(True)  # the next example starts from an empty database again
