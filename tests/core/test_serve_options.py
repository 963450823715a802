"""`tiltak serve` runs gunicorn with workers that are recycled and time out after the document parse does."""

from django.core.management import call_command

from tiltak.core.management.commands import serve
from tiltak.importer import sandbox


def test_workers_are_recycled_with_jitter_and_time_out_after_a_parse_would(monkeypatch, tmp_path):
    seen = {}

    class Recorder:
        def __init__(self, options):
            seen.update(options)

        def run(self):
            seen["ran"] = True

    monkeypatch.setattr(serve, "GunicornApplication", Recorder)
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(serve, "create_demo_accounts", lambda data_dir: [])
    call_command("serve", "--port", "8121", stdout=(tmp_path / "out").open("w"))
    assert seen["ran"]
    assert seen["max_requests"] >= 100 and 0 < seen["max_requests_jitter"] < seen["max_requests"]
    assert seen["timeout"] > sandbox.WALL_SECONDS and seen["graceful_timeout"] > 0
