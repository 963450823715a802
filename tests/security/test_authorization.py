"""Every URL and every API route × every role → the expected status.

The list of routes comes from Django's URL resolver: a route added without a row here fails
`test_every_route_has_a_row`. The admin site's routes are covered by one rule (staff only), tried on its index and
on the list and the add page of every model it shows.

Roles: the anonymous visitor; a reader; for measure 2 (UD leads, JD is co-responsible) the reporter of the
responsible ministry (UD), the co-responsible reporter (JD) and a reporter of another ministry (BLD); the
coordinator of the plan; the coordinator of another plan; an administrator (superuser without a role).

Decided and enforced here (docs/security.md): people with a role in government — readers and reporters of every
ministry included — may read every entry of an unpublished round (the rounds are worked on together, and a measure
often has several ministries); the public sees published rounds only, and an unpublished round is a 404 for it.
"""

import datetime

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from tests.cast import _password_hash, all_approved, confirmed, make_user, submitted
from tests.plans.documents import document
from tiltak.plans.actions import SYSTEM, import_report, open_round
from tiltak.plans.actions.tokens import issue_token
from tiltak.plans.models import Role, StatusEntry

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "reader", "reporter_lead", "reporter_other", "reporter_co", "coordinator",
         "coordinator_other_plan", "administrator"]
LOGIN = "login"  # a 302 to the login page
P, OPEN, PUB = "testplan", "2022-03", "2021-03"
ENTRY = f"/arbeid/plan/{P}/{OPEN}/tiltak/2/"
API = f"/api/v1/plans/{P}"
A_ROUND = f"{API}/rounds/{OPEN}"


def _edit_form():
    entry = StatusEntry.objects.for_work().get(round__slug=OPEN, measure__number="2")
    return {"status": entry.status_id, "narrative": "Ny tekst fra nettskjemaet.", "links": "",
            "version": entry.version}


def _edit_json():
    entry = StatusEntry.objects.for_work().get(round__slug=OPEN, measure__number="2")
    return {"status": "Gjennomført", "narrative": "Ny tekst.", "version": entry.version}


#       anon   reader rep-UD rep-BLD rep-JD coord  coord-other admin
EVERYONE = [200] * 8
WITH_ROLE = [404, 200, 200, 200, 200, 200, 200, 200]  # an unpublished round: not for the public
WORK_PAGE = [LOGIN, 200, 200, 200, 200, 200, 200, 200]
COORDINATOR_PAGE = [LOGIN, 403, 403, 403, 403, 200, 403, 200]
COORDINATOR_WEB = [LOGIN, 403, 403, 403, 403, 302, 403, 302]
COORDINATOR_API = [401, 403, 403, 403, 403, 200, 403, 200]
ANY_COORDINATOR = [LOGIN, 403, 403, 403, 403, 200, 200, 200]
POST_ONLY = [LOGIN, 405, 405, 405, 405, 405, 405, 405]
# A reader's account: coordinators manage the people of their own plans and ministries (the reader is of neither:
# 404, as for a person who is not there); administrators every account.
PERSON = [LOGIN, 403, 403, 403, 403, 404, 404, 200]
PERSON_WEB = [LOGIN, 403, 403, 403, 403, 404, 404, 302]

# route name: [(stage, method, path, body, expected per role), ...]
ROWS = {
    # Later pages of long lists (tests run with a page of one: test_route_by_role).
    "portal:home": [(None, "get", "/", None, EVERYONE)],
    "portal:home_page": [(None, "get", "/side/2/", None, EVERYONE)],
    "portal:round_page": [(None, "get", f"/plan/{P}/runde/{PUB}/side/2/", None, EVERYONE),
                          ("open", "get", f"/plan/{P}/runde/{OPEN}/side/2/", None, [404] * 8)],
    "portal:ministry_page": [(None, "get", "/departement/JD/side/2/", None, EVERYONE)],
    "reports:page_part": [(None, "get", f"/rapport/{P}/{PUB}/side/2/", None, EVERYONE),
                          ("open", "get", f"/rapport/{P}/{OPEN}/side/2/", None, WITH_ROLE)],
    "portal:plan": [(None, "get", f"/plan/{P}/", None, EVERYONE)],
    "portal:round": [(None, "get", f"/plan/{P}/runde/{PUB}/", None, EVERYONE),
                     # the portal is the public's: unpublished rounds are read in /arbeid/ and the report page
                     ("open", "get", f"/plan/{P}/runde/{OPEN}/", None, [404] * 8)],
    "portal:search": [(None, "get", "/sok/?q=samarbeidet", None, EVERYONE)],
    "portal:search_index": [(None, "get", "/sok/indeks.js", None, EVERYONE)],
    "portal:open_data": [(None, "get", "/apne-data/", None, EVERYONE)],
    "portal:accessibility": [(None, "get", "/tilgjengelighet/", None, EVERYONE)],
    "portal:ministry": [(None, "get", "/departement/JD/", None, EVERYONE)],
    "portal:compare_latest": [("open", "get", f"/plan/{P}/sammenligning/", None, EVERYONE)],
    "portal:compare": [("open", "get", f"/plan/{P}/sammenligning/{PUB}/{OPEN}/", None, [404] * 8)],
    "portal:compare_page": [("open", "get", f"/plan/{P}/sammenligning/{PUB}/{OPEN}/side/2/", None, [404] * 8)],
    "portal:measure": [("open", "get", f"/plan/{P}/tiltak/2/", None, EVERYONE)],
    "portal:history": [("open", "get", f"/plan/{P}/data/historikk.csv", None, EVERYONE)],
    "portal:rounds_feed": [("open", "get", f"/plan/{P}/runder.atom", None, EVERYONE)],
    "portal:corrections_feed": [("open", "get", f"/plan/{P}/rettelser.atom", None, EVERYONE)],
    "healthz": [(None, "get", "/healthz", None, EVERYONE)],
    "readyz": [(None, "get", "/readyz", None, EVERYONE)],
    "metrics": [(None, "get", "/metrics", None, [404] * 8)],  # no TILTAK_METRICS_TOKEN set: nobody
    "favicon.ico": [(None, "get", "/favicon.ico", None, [301] * 8)],
    "reports:page": [(None, "get", f"/rapport/{P}/{PUB}/", None, EVERYONE),
                     ("open", "get", f"/rapport/{P}/{OPEN}/", None, WITH_ROLE)],
    "reports:download": [(None, "get", f"/rapport/{P}/{PUB}/rapport.csv", None, EVERYONE),
                         ("open", "get", f"/rapport/{P}/{OPEN}/rapport.md", None, WITH_ROLE)],
    "web:home": [(None, "get", "/arbeid/", None, WORK_PAGE)],
    "web:login": [(None, "get", "/arbeid/logg-inn/", None, [200, 302, 302, 302, 302, 302, 302, 302])],
    "web:logout": [(None, "post", "/arbeid/logg-ut/", {}, [LOGIN] * 8)],
    "web:set_language": [(None, "post", "/arbeid/sprak/", {"language": "en", "next": "/"}, [302] * 8)],
    # Importing makes a new plan (any coordinator) or a new round of one's own plan.
    "web:import": [(None, "get", "/arbeid/importer/", None, [LOGIN, 403, 403, 403, 403, 200, 200, 200])],
    "web:import_confirm": [(None, "post", "/arbeid/importer/bekreft/", {"payload": "forged"},
                            [LOGIN, 403, 403, 403, 403, 400, 400, 400])],
    "web:open_round": [(None, "get", f"/arbeid/plan/{P}/ny-runde/", None, COORDINATOR_PAGE),
                       (None, "post", f"/arbeid/plan/{P}/ny-runde/",
                        {"label": "Status per mars 2022", "slug": OPEN, "as_of": "2022-03-01", "deadline": ""},
                        COORDINATOR_WEB)],
    "web:round": [("open", "get", f"/arbeid/plan/{P}/{OPEN}/", None, WORK_PAGE)],
    "web:preview": [("open", "get", f"/arbeid/plan/{P}/{OPEN}/forhandsvisning/", None, COORDINATOR_PAGE)],
    "web:submit_selected": [("confirmed", "post", f"/arbeid/plan/{P}/{OPEN}/send-inn/", {"numbers": ["2"]},
                             [LOGIN, 403, 302, 403, 403, 302, 403, 302])],
    "web:approve_selected": [("submitted", "post", f"/arbeid/plan/{P}/{OPEN}/godkjenn/", {"numbers": ["2"]},
                              COORDINATOR_WEB)],
    "web:publish": [("approved", "post", f"/arbeid/plan/{P}/{OPEN}/publiser/", {}, COORDINATOR_WEB)],
    "web:entry": [("open", "get", ENTRY, None, WORK_PAGE),
                  ("open", "post", ENTRY, _edit_form, [LOGIN, 403, 302, 403, 302, 302, 403, 302])],
    "web:submit": [("confirmed", "post", ENTRY + "send-inn/", {}, [LOGIN, 403, 302, 403, 403, 302, 403, 302])],
    "web:approve": [("submitted", "post", ENTRY + "godkjenn/", {}, COORDINATOR_WEB)],
    "web:return": [("submitted", "post", ENTRY + "returner/", {"comment": "Mer, takk."}, COORDINATOR_WEB)],
    "web:history": [("open", "get", ENTRY + "historikk/", None, WORK_PAGE)],
    # Fill-in forms: the page for whoever reports in the round; a ministry's form for its reporters and the
    # coordinator; all of them for the coordinator. A forged preview is refused (400) to those who may upload.
    "web:forms": [("open", "get", f"/arbeid/plan/{P}/{OPEN}/skjema/", None,
                   [LOGIN, 403, 200, 403, 200, 200, 403, 200])],
    "web:form_download": [("open", "get", f"/arbeid/plan/{P}/{OPEN}/skjema/UD.xlsx", None,
                           [LOGIN, 403, 200, 403, 403, 200, 403, 200])],
    "web:forms_zip": [("open", "get", f"/arbeid/plan/{P}/{OPEN}/skjema/alle.zip", None, COORDINATOR_PAGE)],
    "web:form_confirm": [("open", "post", f"/arbeid/plan/{P}/{OPEN}/skjema/bekreft/", {"payload": "forged"},
                          [LOGIN, 403, 400, 403, 400, 400, 403, 400])],
    # The register of plans and measures, and the people pages (coordinators and administrators).
    # a new plan: any coordinator (as with an import); people: coordinators; the account log: administrators
    "web:plan_new": [(None, "get", "/arbeid/planer/ny/", None, [LOGIN, 403, 403, 403, 403, 200, 200, 200])],
    "web:plan_register": [(None, "get", f"/arbeid/planer/{P}/", None, COORDINATOR_PAGE)],
    "web:plan_edit": [(None, "get", f"/arbeid/planer/{P}/rediger/", None, COORDINATOR_PAGE)],
    "web:measure_new": [(None, "get", f"/arbeid/planer/{P}/tiltak/ny/", None, COORDINATOR_PAGE)],
    "web:measure_edit": [(None, "get", f"/arbeid/planer/{P}/tiltak/2/", None, COORDINATOR_PAGE)],
    "web:measure_renumber": [(None, "get", f"/arbeid/planer/{P}/tiltak/2/nytt-nummer/", None, POST_ONLY)],
    "web:measure_retire": [(None, "get", f"/arbeid/planer/{P}/tiltak/2/avslutt/", None, POST_ONLY)],
    "web:grade_edit": [(None, "get", f"/arbeid/planer/{P}/skala/1/", None, COORDINATOR_PAGE)],
    "web:people": [(None, "get", "/arbeid/brukere/", None, ANY_COORDINATOR)],
    "web:person_new": [(None, "get", "/arbeid/brukere/ny/", None, ANY_COORDINATOR)],
    "web:account_log": [(None, "get", "/arbeid/brukere/logg/", None, [LOGIN, 403, 403, 403, 403, 403, 403, 200])],
    "web:person": [(None, "get", lambda people: f"/arbeid/brukere/{people['reader'].pk}/", None, PERSON)],
    "web:person_role": [(None, "post", lambda people: "/arbeid/brukere/{}/rolle/{}/".format(
        people["reader"].pk, people["reader"].tiltak_roles.first().pk), {}, PERSON_WEB)],
    "web:person_active": [(None, "post", lambda people: f"/arbeid/brukere/{people['reader'].pk}/aktiv/", {},
                           PERSON_WEB)],
    "web:person_unlock": [(None, "post", lambda people: f"/arbeid/brukere/{people['reader'].pk}/opphev-utestengning/",
                           {}, PERSON_WEB)],
    "web:person_link": [(None, "post", lambda people: f"/arbeid/brukere/{people['reader'].pk}/send-lenke/", {},
                         PERSON_WEB)],
    # Single sign-on: not configured here, so not there (tests/web/test_single_sign_on.py runs it for real).
    "web:oidc_login": [(None, "get", "/arbeid/oidc/logg-inn/", None, [404] * 8)],
    "web:oidc_callback": [(None, "get", "/arbeid/oidc/callback/?code=x&state=y", None, [404] * 8)],
    "web:password_reset": [(None, "get", "/arbeid/glemt-passord/", None, EVERYONE)],
    "web:password_reset_done": [(None, "get", "/arbeid/glemt-passord/sendt/", None, EVERYONE)],
    "web:password_reset_confirm": [(None, "get", "/arbeid/passord/MQ/ugyldig-lenke/", None, EVERYONE)],
    "web:password_reset_complete": [(None, "get", "/arbeid/passord/ferdig/", None, EVERYONE)],
    "v1:api-root": [(None, "get", "/api/v1/", None, [404] * 8)],
    "v1:openapi-json": [(None, "get", "/api/v1/openapi.json", None, EVERYONE)],
    "v1:openapi-view": [(None, "get", "/api/v1/docs", None, EVERYONE)],
    "v1:list_plans": [(None, "get", "/api/v1/plans", None, EVERYONE)],
    "v1:list_rounds": [(None, "get", f"{API}/rounds", None, EVERYONE)],
    "v1:create_round": [(None, "post", f"{API}/rounds", {"slug": OPEN, "label": "Status per mars 2022",
                                                         "as_of": "2022-03-01"},
                         [401, 403, 403, 403, 403, 201, 403, 201])],
    "v1:publish": [("approved", "post", f"{A_ROUND}/publish", None, COORDINATOR_API)],
    "v1:submit_many": [("confirmed", "post", f"{A_ROUND}/submit", {"numbers": ["2"]},
                        [401, 403, 200, 403, 403, 200, 403, 200])],
    "v1:approve_many": [("submitted", "post", f"{A_ROUND}/approve", {"numbers": ["2"]}, COORDINATOR_API)],
    "v1:list_entries": [(None, "get", f"{API}/rounds/{PUB}/entries", None, EVERYONE),
                        ("open", "get", f"{A_ROUND}/entries", None, WITH_ROLE)],
    "v1:get_entry": [(None, "get", f"{API}/rounds/{PUB}/entries/2", None, EVERYONE),
                     ("open", "get", f"{A_ROUND}/entries/2", None, WITH_ROLE)],
    "v1:put_entry": [("open", "put", f"{A_ROUND}/entries/2", _edit_json, [401, 403, 200, 403, 200, 200, 403, 200])],
    "v1:submit": [("confirmed", "post", f"{A_ROUND}/entries/2/submit", None,
                   [401, 403, 200, 403, 403, 200, 403, 200])],
    "v1:approve": [("submitted", "post", f"{A_ROUND}/entries/2/approve", None, COORDINATOR_API)],
    "v1:return_": [("submitted", "post", f"{A_ROUND}/entries/2/return", {"comment": "Mer, takk."},
                    COORDINATOR_API)],
    # An unpublished round is a 404 for the public; a body that is no form a 422 for those who may send one.
    "v1:one_form": [("open", "get", f"{A_ROUND}/forms/UD", None, [404, 403, 200, 403, 403, 200, 403, 200])],
    "v1:all_forms": [("open", "get", f"{A_ROUND}/forms", None, [404, 403, 403, 403, 403, 200, 403, 200])],
    "v1:take_form": [("open", "post", f"{A_ROUND}/forms", None, [401, 403, 422, 403, 422, 422, 403, 422])],
}


def _route_names(resolver=None, namespace=""):
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # the admin site: test_the_admin_site_is_for_administrators_only
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from _route_names(pattern, inner)
        elif isinstance(pattern, URLPattern):
            yield f"{namespace}{pattern.name}" if pattern.name else str(pattern.pattern)


def test_every_route_has_a_row():
    assert sorted(set(_route_names())) == sorted(ROWS)


def test_every_api_operation_has_a_row():
    from tiltak.api.api import api

    schema = api.get_openapi_schema()
    operations = {(method, path.replace("{", "<").replace("}", ">")) for path, item in schema["paths"].items()
                  for method in item}
    rows = {(method, route) for name, cases in ROWS.items() if name.startswith("v1:")
            for _stage, method, route, _body, _codes in cases}
    concrete = {(m, p.replace(f"/{P}", "/<plan>").replace(f"/{OPEN}", "/<round>").replace(f"/{PUB}", "/<round>")
                 .replace("/entries/2", "/entries/<number>").replace("/forms/UD", "/forms/<ministry>"))
                for m, p in rows}
    assert operations <= concrete


@pytest.fixture
def world(db):
    plan = import_report(acting_user=SYSTEM, document=document()).plan
    other_plan = import_report(acting_user=SYSTEM, plan_slug="annen-plan",
                               document=document(plan={**document()["plan"], "slug": "annen-plan"})).plan
    assert other_plan.pk != plan.pk
    people = {
        "reader": make_user("leser", Role.Kind.READER),
        "reporter_lead": make_user("rapportor-ud", Role.Kind.REPORTER, ministry="UD"),
        "reporter_other": make_user("rapportor-bld", Role.Kind.REPORTER, ministry="BLD"),
        "reporter_co": make_user("rapportor-jd", Role.Kind.REPORTER, ministry="JD"),
        "coordinator": make_user("koordinator"),
        "coordinator_other_plan": make_user("koordinator-annen"),
        "administrator": get_user_model().objects.create(username="admin", password=_password_hash(),
                                                         is_superuser=True, is_staff=True),
    }
    Role.objects.create(user=people["coordinator"], kind=Role.Kind.COORDINATOR, plan=plan)
    Role.objects.create(user=people["coordinator_other_plan"], kind=Role.Kind.COORDINATOR, plan=other_plan)
    return plan, people


def _prepare(stage, plan, coordinator):
    if stage is None:
        return
    the_round = open_round(plan=plan, slug=OPEN, label="Status per mars 2022", as_of=datetime.date(2022, 3, 1),
                           deadline=datetime.date(2022, 4, 1), acting_user=coordinator)
    if stage == "confirmed":
        confirmed(the_round, "2", coordinator)
    elif stage == "submitted":
        submitted(the_round, "2", coordinator)
    elif stage == "approved":
        all_approved(the_round, coordinator)


def _call(client, method, path, body, token):
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    data = body() if callable(body) else body
    if method == "get":
        return client.get(path, headers=headers)
    if path.startswith("/api/"):
        import json

        return getattr(client, method)(path, data=json.dumps(data or {}), content_type="application/json",
                                       headers=headers)
    return client.post(path, data)


CASES = [(name, i) for name, cases in ROWS.items() for i in range(len(cases))]


@pytest.mark.parametrize(("name", "index"), CASES, ids=[f"{n}[{i}]" for n, i in CASES])
def test_route_by_role(client, world, name, index, settings):
    settings.PAGE_SIZE = 1  # the plans have two measures each: the lists' second pages are there
    plan, people = world
    stage, method, path, body, expected = ROWS[name][index]
    path = path(people) if callable(path) else path
    _prepare(stage, plan, people["coordinator"])
    tokens = {role: issue_token(user=user) for role, user in people.items()} if path.startswith("/api/") else {}
    wrong = []
    for role, want in zip(ROLES, expected, strict=True):
        with transaction.atomic():
            client.logout()
            if role != "anonymous" and not path.startswith("/api/"):
                client.force_login(people[role], backend="django.contrib.auth.backends.ModelBackend")
            response = _call(client, method, path, body, tokens.get(role))
            got = response.status_code
            to_login = got == 302 and response["Location"].startswith(reverse("web:login"))
            ok = to_login if want == LOGIN else got == want and not (want == 302 and to_login)
            if not ok:
                wrong.append(f"{role}: expected {want}, got {got} {response.get('Location', '')}")
            transaction.set_rollback(True)
    assert wrong == [], f"{method.upper()} {path}:\n" + "\n".join(wrong)


def _admin_paths():
    yield reverse("admin:index")
    for model in admin.site._registry:
        meta = model._meta
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_changelist")
        yield reverse(f"admin:{meta.app_label}_{meta.model_name}_add")


def test_the_admin_site_is_for_administrators_only(client, world):
    _plan, people = world
    paths = list(_admin_paths())
    assert len(paths) > 10
    wrong = []
    for role in ROLES:
        client.logout()
        if role != "anonymous":
            client.force_login(people[role], backend="django.contrib.auth.backends.ModelBackend")
        for path in paths:
            response = client.get(path)
            if role == "administrator":
                ok = response.status_code in (200, 403) if path.endswith("/add/") else response.status_code == 200
            else:
                ok = response.status_code == 302 and response["Location"].startswith(reverse("admin:login"))
            if not ok:
                wrong.append(f"{role} {path}: {response.status_code}")
    assert wrong == []


SECRET = "HEMMELIG-UTKAST-4711"


def test_no_public_page_shows_an_unpublished_draft(client, world):
    """The draft text of an open round appears on no page, feed, download or API answer the public can reach."""
    from tiltak.plans.actions import update_entry

    plan, people = world
    _prepare("open", plan, people["coordinator"])
    entry = StatusEntry.objects.for_work().get(round__slug=OPEN, measure__number="2")
    update_entry(entry=entry, status=entry.status, narrative=f"{SECRET} står i utkastet.",
                 expected_version=entry.version, acting_user=people["coordinator"])
    public = [path for name, cases in ROWS.items() for _stage, method, path, _body, codes in cases
              if method == "get" and codes[0] == 200]
    public += [f"/rapport/{P}/{PUB}/rapport.{fmt}" for fmt in ("json", "md", "csv", "html")]
    public += [f"/plan/{P}/data/historikk.{fmt}" for fmt in ("json", "csv")] + ["/sok/?q=HEMMELIG"]
    client.logout()
    leaks = []
    for path in public:
        response = client.get(path)
        body = b"".join(response.streaming_content) if response.streaming else response.content
        if SECRET.encode() in body:
            leaks.append(path)
    assert len(public) > 20
    assert leaks == []
    # The same text is there for a person with a role (so the test would see a leak).
    client.force_login(people["reader"], backend="django.contrib.auth.backends.ModelBackend")
    assert SECRET in client.get(f"/arbeid/plan/{P}/{OPEN}/tiltak/2/").text


# --- The people pages across plans ------------------------------------------------------------------------------
# A coordinator manages only people whose every role lies within the plans they coordinate (access.people_managed_by,
# used by the pages and the actions). Plan A is the test plan (UD and JD, coordinated from JD); plan B is answered
# for by HOD and JD, coordinated from HOD: JD works on both, UD on A only, HOD on B only.

#                            coord-A coord-B coord-all admin
MANAGED_BY = {
    "reporter_a": (True, False, True, True),  # a reporter for UD
    "reader_a": (True, False, True, True),  # a reader of plan A's drafts
    "reporter_b": (False, True, True, True),  # a reporter for HOD
    "reporter_shared": (False, False, True, True),  # a reporter for JD: works on both plans
    "coordinator_b": (False, True, True, True),  # a coordinator of plan B
    "coordinator_b_reporting_a": (False, False, True, True),  # coordinates B, reports for UD
    "admin_reporting_a": (False, False, False, True),  # an administrator who also reports for UD
}
ACTORS = ["coordinator_a", "coordinator_b", "coordinator_all", "administrator"]


@pytest.fixture
def two_plans(db):
    from tiltak.plans.models import Ministry

    plan_a = import_report(acting_user=SYSTEM, document=document()).plan
    measures_b = [{**measure, "responsible": ["HOD", "JD"] if i else ["HOD"]}
                  for i, measure in enumerate(document()["measures"])]
    plan_b = import_report(acting_user=SYSTEM, plan_slug="plan-b", document=document(
        plan={**document()["plan"], "slug": "plan-b", "title": "Plan B (2020–2023)", "coordinator": "HOD"},
        measures=measures_b, warnings=[])).plan
    by = Ministry.objects.by_abbreviation

    def person(name, *roles, **fields):
        user = make_user(name, **fields)
        for kind, ministry, the_plan in roles:
            Role.objects.create(user=user, kind=kind, ministry=by(ministry) if ministry else None, plan=the_plan)
        return user

    coordinator, reporter, reader = Role.Kind.COORDINATOR, Role.Kind.REPORTER, Role.Kind.READER
    people = {
        "coordinator_a": person("koord-a", (coordinator, None, plan_a)),
        "coordinator_all": person("koord-alle", (coordinator, None, None)),
        "administrator": person("admin", is_superuser=True, is_staff=True),
        "reporter_a": person("rap-ud", (reporter, "UD", None)),
        "reader_a": person("les-a", (reader, None, plan_a)),
        "reporter_b": person("rap-hod", (reporter, "HOD", None)),
        "reporter_shared": person("rap-jd", (reporter, "JD", None)),
        "coordinator_b": person("koord-b", (coordinator, None, plan_b)),
        "coordinator_b_reporting_a": person("koord-b-rap-ud", (coordinator, None, plan_b), (reporter, "UD", None)),
        "admin_reporting_a": person("admin-rap-ud", (reporter, "UD", None), is_superuser=True, is_staff=True),
    }
    return plan_a, plan_b, people


def _target_names(actor_index):
    return {name for name, managed in MANAGED_BY.items() if managed[actor_index]}


@pytest.mark.parametrize("actor", ACTORS)
def test_the_people_a_coordinator_manages(two_plans, actor):
    from tiltak.plans import access

    _a, _b, people = two_plans
    targets = {people[name].pk: name for name in MANAGED_BY}
    managed = {targets[pk] for pk in access.people_managed_by(people[actor]).values_list("pk", flat=True)
               if pk in targets}
    assert managed == _target_names(ACTORS.index(actor))


@pytest.mark.parametrize("actor", ACTORS)
def test_every_people_page_and_action_follows_the_rule(client, two_plans, actor):
    """Each page and POST of the people pages, for every target: 200/302 where the actor manages the person, 404
    (not even confirmed) where not; the list shows exactly the managed; a refused POST changes nothing."""
    plan_a, plan_b, people = two_plans
    own_plan = plan_b if actor == "coordinator_b" else plan_a
    client.force_login(people[actor], backend="django.contrib.auth.backends.ModelBackend")
    listed = client.get("/arbeid/brukere/").text
    wrong = []
    for name, managed in MANAGED_BY.items():
        allowed = managed[ACTORS.index(actor)]
        target = people[name]
        if (f">{target.username}</a>" in listed) != allowed:
            wrong.append(f"{name}: listed {not allowed}")
        role = target.tiltak_roles.first()
        requests = [("get", f"/arbeid/brukere/{target.pk}/", None, 200),
                    ("post", f"/arbeid/brukere/{target.pk}/rolle/{role.pk}/",
                     {f"role{role.pk}-kind": "reader", f"role{role.pk}-plan": own_plan.slug},
                     # only an administrator changes a coordinator's role
                     403 if role.kind == Role.Kind.COORDINATOR and actor != "administrator" else 302),
                    ("post", f"/arbeid/brukere/{target.pk}/aktiv/", {"active": "0"}, 302),
                    ("post", f"/arbeid/brukere/{target.pk}/opphev-utestengning/", {}, 302),
                    ("post", f"/arbeid/brukere/{target.pk}/send-lenke/", {}, 302)] if role else [
                    ("get", f"/arbeid/brukere/{target.pk}/", None, 200)]
        for method, path, data, ok in requests:
            got = getattr(client, method)(path, data).status_code
            if got != (ok if allowed else 404):
                wrong.append(f"{name}: {method.upper()} {path} gave {got}")
        target.refresh_from_db()
        if not allowed and not target.is_active:
            wrong.append(f"{name}: deactivated")
    assert wrong == []


@pytest.mark.parametrize("actor", ACTORS)
def test_the_actions_refuse_people_outside_the_plans(two_plans, actor):
    """The same rule in the actions themselves, whoever calls them."""
    from django.core.exceptions import PermissionDenied, ValidationError

    from tiltak.plans.actions import accounts

    _a, _b, people = two_plans
    refused = []
    acting = people[actor]
    calls = (lambda user: accounts.set_active(user=user, active=False, acting_user=acting),
             lambda user: accounts.lift_lockout(user=user, acting_user=acting),
             lambda user: accounts.send_password_link(user=user, acting_user=acting),
             lambda user: accounts.issue_api_token(user=user, acting_user=acting))
    for name in MANAGED_BY:
        target = people[name]
        for call in calls:
            with transaction.atomic():
                try:
                    call(target)
                except PermissionDenied:
                    refused.append(name)
                except ValidationError:  # allowed, but not to oneself
                    assert target == people[actor]
                transaction.set_rollback(True)
            target.refresh_from_db()
    expected = [name for name, managed in MANAGED_BY.items() if not managed[ACTORS.index(actor)] for _ in range(4)]
    assert refused == expected
