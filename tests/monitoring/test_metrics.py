"""/metrics: Prometheus' text format to the bearer of TILTAK_METRICS_TOKEN, a 404 to anyone else."""

import pytest
from prometheus_client.parser import text_string_to_metric_families

from tiltak.plans.builtin import BUILTIN_PLAN_SLUG

TOKEN = "a-metrics-token-of-some-length"


@pytest.fixture
def metrics_token(settings):
    settings.METRICS_TOKEN = TOKEN
    return TOKEN


def scrape(client) -> dict[str, float]:
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain; version=")
    samples = {}
    for family in text_string_to_metric_families(response.content.decode()):
        for sample in family.samples:
            labels = ",".join(f"{k}={v}" for k, v in sorted(sample.labels.items()))
            samples[f"{sample.name}{{{labels}}}"] = sample.value
    return samples


@pytest.mark.django_db
@pytest.mark.parametrize("authorization", [None, "Bearer wrong-token-of-some-length", f"Basic {TOKEN}",
                                           f"Bearer {TOKEN}x", "Bearer "])
def test_without_the_token_metrics_is_not_there(client, metrics_token, authorization):
    headers = {"Authorization": authorization} if authorization else {}
    response = client.get("/metrics", headers=headers)
    assert response.status_code == 404
    assert b"tiltak_" not in response.content


@pytest.mark.django_db
def test_with_no_token_set_nobody_gets_metrics(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", headers={"Authorization": "Bearer "}).status_code == 404
    assert client.get("/metrics").status_code == 404


@pytest.mark.django_db
def test_requests_queries_page_cache_queue_and_renders_are_counted(client, builtin_plan, metrics_token, settings):
    settings.CACHES = {**settings.CACHES, "reports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache",
                                                      "LOCATION": "reports-metrics-test"}}
    before = scrape(client)
    overview = f"/plan/{BUILTIN_PLAN_SLUG}/"
    assert client.get(overview).status_code == 200  # a miss, stored
    assert client.get(overview).status_code == 200  # a hit
    assert client.get("/finnes-ikke/").status_code == 404
    assert client.get(f"/rapport/{BUILTIN_PLAN_SLUG}/{builtin_plan.rounds.get().slug}/rapport.md").status_code == 200
    after = scrape(client)

    def grew(name: str) -> float:
        return after.get(name, 0) - before.get(name, 0)

    assert grew("tiltak_http_request_duration_seconds_count{method=GET,status=200,view=portal:plan}") == 2
    assert grew("tiltak_http_request_duration_seconds_count{method=GET,status=404,view=unresolved}") == 1
    assert grew("tiltak_http_request_duration_seconds_bucket{le=+Inf,method=GET,status=200,view=portal:plan}") == 2
    assert grew("tiltak_db_queries_total{view=portal:plan}") >= 1
    assert grew("tiltak_page_cache_total{result=hit}") == 1
    assert grew("tiltak_page_cache_total{result=miss}") >= 2  # the overview, the download
    assert grew("tiltak_render_seconds_count{format=md}") == 1
    assert after["tiltak_task_queue_depth{}"] >= 0
