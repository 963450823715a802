"""Every role × every web action → the expected status code.

Anonymous visitors are sent to the login page (302 to /arbeid/logg-inn/); a signed-in person who may not
act gets 403; one who may, gets the page (200) or is sent on after the change (302).
"""

import pytest

from tests.api.test_permissions import ROLES, prepare
from tiltak.plans.models import EntryState, Round, StatusEntry

pytestmark = pytest.mark.django_db
ROUND = "/arbeid/plan/testplan/2022-03/"
ENTRY = ROUND + "tiltak/{}/"
LOGIN = 302  # anonymous: to the login page


def _edit(number):
    def data():
        entry = StatusEntry.objects.get(round__slug="2022-03", measure__number=number)
        return {"status": entry.status_id, "narrative": "Ny tekst fra nettskjemaet.", "links": "",
                "version": entry.version}
    return data


# action: (stage, method, path, data, codes for ROLES, what must hold after a success)
ACTIONS = {
    "home": (None, "get", "/arbeid/", None, [200, 200, 200, 200, LOGIN], None),
    "view published round": (None, "get", "/arbeid/plan/testplan/2021-03/", None, [200, 200, 200, 200, LOGIN],
                             None),
    "view open round": ("open", "get", ROUND, None, [200, 200, 200, 200, LOGIN], None),
    "view entry": ("open", "get", ENTRY.format(10), None, [200, 200, 200, 200, LOGIN], None),
    "view history": ("open", "get", ENTRY.format(10) + "historikk/", None, [200, 200, 200, 200, LOGIN], None),
    "open round form": (None, "get", "/arbeid/plan/testplan/ny-runde/", None, [200, 403, 403, 403, LOGIN], None),
    "open round": (None, "post", "/arbeid/plan/testplan/ny-runde/",
                   {"label": "Status per mars 2022", "slug": "2022-03", "as_of": "2022-03-01", "deadline": ""},
                   [302, 403, 403, 403, LOGIN], lambda: Round.objects.filter(slug="2022-03").exists()),
    "edit JD's measure 10": ("open", "post", ENTRY.format(10), _edit("10"), [302, 302, 403, 403, LOGIN],
                             lambda: StatusEntry.objects.filter(narrative="Ny tekst fra nettskjemaet.").exists()),
    "edit measure 2 (UD lead, JD co)": ("open", "post", ENTRY.format(2), _edit("2"), [302, 302, 302, 403, LOGIN],
                                        lambda: StatusEntry.objects.filter(
                                            narrative="Ny tekst fra nettskjemaet.").exists()),
    "submit measure 10 (JD lead)": ("confirmed", "post", ENTRY.format(10) + "send-inn/", {},
                                    [302, 302, 403, 403, LOGIN],
                                    lambda: StatusEntry.objects.filter(state=EntryState.SUBMITTED).exists()),
    "submit measure 2 (UD lead)": ("confirmed", "post", ENTRY.format(2) + "send-inn/", {},
                                   [302, 403, 302, 403, LOGIN],
                                   lambda: StatusEntry.objects.filter(state=EntryState.SUBMITTED).exists()),
    "approve": ("submitted", "post", ENTRY.format(10) + "godkjenn/", {}, [302, 403, 403, 403, LOGIN],
                lambda: StatusEntry.objects.filter(round__slug="2022-03", state=EntryState.APPROVED).exists()),
    "return": ("submitted", "post", ENTRY.format(10) + "returner/", {"comment": "Mer, takk."},
               [302, 403, 403, 403, LOGIN], lambda: StatusEntry.objects.filter(state=EntryState.RETURNED).exists()),
    "publish": ("approved", "post", ROUND + "publiser/", {"confirm": "yes"}, [302, 403, 403, 403, LOGIN],
                lambda: Round.objects.get(slug="2022-03").is_published),
    "preview": ("approved", "get", ROUND + "forhandsvisning/", None, [200, 403, 403, 403, LOGIN], None),
    "edit the report's title": ("open", "post", ROUND + "forhandsvisning/", {"title": "Ny tittel", "introduction": ""},
                                [302, 403, 403, 403, LOGIN], lambda: Round.objects.filter(title="Ny tittel").exists()),
    "bulk submit 10 (JD lead)": ("open", "post", ROUND + "send-inn/", {"numbers": ["10"]},
                                 [302, 302, 403, 403, LOGIN],
                                 lambda: StatusEntry.objects.filter(state=EntryState.SUBMITTED).exists()),
    "bulk approve all": ("submitted", "post", ROUND + "godkjenn/", {"scope": "all"}, [302, 403, 403, 403, LOGIN],
                         lambda: StatusEntry.objects.filter(round__slug="2022-03",
                                                            state=EntryState.APPROVED).exists()),
}
CASES = [(action, role, spec[4][i]) for action, spec in ACTIONS.items() for i, role in enumerate(ROLES)]


@pytest.mark.parametrize(("action", "role", "expected"), CASES, ids=[f"{a} | {r}" for a, r, _ in CASES])
def test_web_permission_matrix(client, plan, cast, action, role, expected):
    stage, method, path, data, _codes, effect = ACTIONS[action]
    prepare(stage, plan, cast["coordinator"])
    if role != "anonymous":
        client.force_login(cast[role])
    response = client.get(path) if method == "get" else client.post(path, data() if callable(data) else data)
    assert response.status_code == expected, response.content[:500]
    if role == "anonymous":
        assert response["Location"].startswith("/arbeid/logg-inn/")
    if effect is not None:
        # the change happened exactly when the role was allowed to make it
        assert effect() == (expected == 302 and role != "anonymous")
