import pytest
from django.core.cache import caches
from django.urls import reverse

from tests.cast import make_user
from tiltak.plans import selectors
from tiltak.plans.actions import update_entry
from tiltak.plans.models import Role, StatusEntry
from tiltak.reports import cache as report_cache
from tiltak.reports.data import build_report
from tiltak.reports.renderers import RENDERERS

pytestmark = pytest.mark.django_db


@pytest.fixture
def counted_markdown(monkeypatch):
    calls = []
    real = RENDERERS["md"]

    def counting(report, *, lang):
        calls.append(lang)
        return real(report, lang=lang)

    monkeypatch.setitem(RENDERERS, "md", counting)
    caches[report_cache.CACHE_ALIAS].clear()
    return calls


def test_the_same_report_is_rendered_once(builtin_plan, counted_markdown):
    the_round = selectors.latest_published_round(builtin_plan)
    first = report_cache.render_cached(build_report(builtin_plan, the_round), "md", lang="nb")
    second = report_cache.render_cached(build_report(builtin_plan, the_round), "md", lang="nb")
    assert first == second
    assert counted_markdown == ["nb"]
    report_cache.render_cached(build_report(builtin_plan, the_round), "md", lang="en")
    assert counted_markdown == ["nb", "en"]


def test_a_changed_entry_is_never_served_stale(builtin_plan, counted_markdown, client):
    the_round = selectors.latest_published_round(builtin_plan)
    url = reverse("reports:download", kwargs={"plan": builtin_plan.slug, "round": the_round.slug, "fmt": "md"})
    assert "Et rettet avsnitt." not in client.get(url).content.decode()
    assert client.get(url)["X-Tiltak-Cache"] == "hit"
    # A correction of the published round, as the coordinator makes it: the entry's conditional UPDATE and its
    # history row (which renews the page cache's generation).
    entry = StatusEntry.objects.select_related("round__plan", "status").get(round=the_round, measure__number="1")
    update_entry(entry=entry, status=entry.status, narrative="Et rettet avsnitt.", expected_version=entry.version,
                 acting_user=make_user("koordinator", Role.Kind.COORDINATOR), reason="Skrivefeil.")
    response = client.get(url)
    assert response["X-Tiltak-Cache"] == "miss" and "Et rettet avsnitt." in response.content.decode()
    assert len(counted_markdown) == 2


def test_a_renamed_measure_is_never_served_stale(builtin_plan, client):
    the_round = selectors.latest_published_round(builtin_plan)
    url = reverse("reports:page", kwargs={"plan": builtin_plan.slug, "round": the_round.slug})
    assert client.get(url)["X-Tiltak-Cache"] == "miss"
    assert client.get(url)["X-Tiltak-Cache"] == "hit"
    measure = builtin_plan.measures.get(number="1")
    measure.title = "Et nytt navn på tiltaket"
    measure.save()
    response = client.get(url)
    assert response["X-Tiltak-Cache"] == "miss" and "Et nytt navn på tiltaket" in response.content.decode()


def test_the_renderers_code_is_part_of_the_key(builtin_plan, monkeypatch):
    report = build_report(builtin_plan, selectors.latest_published_round(builtin_plan))
    before = report_cache.cache_key(report, "pdf", "nb")
    monkeypatch.setattr(report_cache, "code_fingerprint", lambda: "another version of the templates")
    assert report_cache.cache_key(report, "pdf", "nb") != before
