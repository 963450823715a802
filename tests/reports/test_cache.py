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


def test_a_render_under_way_elsewhere_is_waited_for_not_repeated(builtin_plan, counted_markdown, monkeypatch):
    the_round = selectors.latest_published_round(builtin_plan)
    report = build_report(builtin_plan, the_round)
    cache = caches[report_cache.CACHE_ALIAS]
    key = report_cache.cache_key(report, "md", "nb")
    cache.add(f"rendering:{key}", 1, timeout=60)  # another worker renders it

    def the_other_finishes(seconds):
        cache.set(key, b"made elsewhere", timeout=None)
        cache.delete(f"rendering:{key}")

    monkeypatch.setattr(report_cache.time, "sleep", the_other_finishes)
    assert report_cache.render_cached(report, "md", lang="nb") == b"made elsewhere"
    assert counted_markdown == []


def test_a_failed_render_gives_its_claim_back(builtin_plan, monkeypatch):
    the_round = selectors.latest_published_round(builtin_plan)
    report = build_report(builtin_plan, the_round)
    caches[report_cache.CACHE_ALIAS].clear()

    def failing(report, *, lang):
        raise RuntimeError("boom")

    monkeypatch.setitem(RENDERERS, "md", failing)
    with pytest.raises(RuntimeError):
        report_cache.render_cached(report, "md", lang="nb")
    key = report_cache.cache_key(report, "md", "nb")
    assert caches[report_cache.CACHE_ALIAS].get(f"rendering:{key}") is None


def test_a_pdf_over_the_render_limits_is_refused_in_words(builtin_plan, client, monkeypatch):
    from tiltak.lib import typeset as typesetting
    from tiltak.reports.renderers import pdf

    caches[report_cache.CACHE_ALIAS].clear()

    def too_large(*args, **kwargs):
        raise typesetting.TooLarge("too large")

    monkeypatch.setattr(pdf, "typeset", too_large)
    the_round = selectors.latest_published_round(builtin_plan)
    response = client.get(f"/rapport/{builtin_plan.slug}/{the_round.slug}/rapport.pdf")
    assert response.status_code == 413
    html = response.content.decode()
    assert "PDF-filen til denne rapporten kan ikke lages" in html and "768 MB minne" in html
    english = client.get(f"/en/rapport/{builtin_plan.slug}/{the_round.slug}/rapport.pdf").content.decode()
    assert "The PDF file of this report cannot be made" in english
    assert client.get(f"/rapport/{builtin_plan.slug}/{the_round.slug}/rapport.csv").status_code == 200
