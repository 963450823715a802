"""Every role × every API action → the expected status code (the contract's 200/201/401/403/404)."""

import pytest

from tests.cast import all_approved, confirmed, open_2022, submitted

from .helpers import BASE, ApiClient

pytestmark = pytest.mark.django_db
ROUND = f"{BASE}/rounds/2022-03"
ROLES = ["coordinator", "reporter_jd", "reporter_ud", "reader", "anonymous"]


def _entry_body(number):
    def body(api):
        current = api.client.get(f"{ROUND}/entries/{number}", headers=api.headers).json()
        return {"status": "Gjennomført", "narrative": "Ny tekst.", "version": current.get("version", 1)}
    return body


# action: (setup, method, path, body, expected status for each role in ROLES)
ACTIONS = {
    "read published round": (None, "get", f"{BASE}/rounds/2021-03/entries", None, [200, 200, 200, 200, 200]),
    "read open round": ("open", "get", f"{ROUND}/entries", None, [200, 200, 200, 200, 404]),
    "open round": (None, "post", f"{BASE}/rounds",
                   {"slug": "2022-03", "label": "Status per mars 2022", "as_of": "2022-03-01"},
                   [201, 403, 403, 403, 401]),
    "edit JD's measure 10": ("open", "put", f"{ROUND}/entries/10", _entry_body("10"), [200, 200, 403, 403, 401]),
    "edit measure 2 (UD lead, JD co)": ("open", "put", f"{ROUND}/entries/2", _entry_body("2"),
                                        [200, 200, 200, 403, 401]),
    "submit measure 10 (JD lead)": ("confirmed", "post", f"{ROUND}/entries/10/submit", None,
                                    [200, 200, 403, 403, 401]),
    "submit measure 2 (UD lead)": ("confirmed", "post", f"{ROUND}/entries/2/submit", None, [200, 403, 200, 403, 401]),
    "approve": ("submitted", "post", f"{ROUND}/entries/10/approve", None, [200, 403, 403, 403, 401]),
    "return": ("submitted", "post", f"{ROUND}/entries/10/return", {"comment": "Mer, takk."},
               [200, 403, 403, 403, 401]),
    "publish": ("approved", "post", f"{ROUND}/publish", None, [200, 403, 403, 403, 401]),
}
CASES = [(action, role, codes[i]) for action, (*_, codes) in ACTIONS.items() for i, role in enumerate(ROLES)]


def prepare(stage, plan, coordinator):
    if stage is None:
        return
    the_round = open_2022(plan, coordinator)
    if stage == "confirmed":
        confirmed(the_round, "10", coordinator)
        confirmed(the_round, "2", coordinator)
    elif stage == "submitted":
        submitted(the_round, "10", coordinator)
    elif stage == "approved":
        all_approved(the_round, coordinator)


@pytest.mark.parametrize(("action", "role", "expected"), CASES, ids=[f"{a} | {r}" for a, r, _ in CASES])
def test_api_permission_matrix(client, plan, cast, action, role, expected):
    stage, method, path, body, _codes = ACTIONS[action]
    prepare(stage, plan, cast["coordinator"])
    api = ApiClient(client, cast[role])
    response = getattr(api, method)(path, *([body(api) if callable(body) else body] if method != "get" else []))
    assert response.status_code == expected, response.content
