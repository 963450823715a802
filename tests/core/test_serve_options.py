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


def test_links_in_e_mails_follow_the_port_served_on(monkeypatch, tmp_path, settings, db):
    """Without TILTAK_SITE_URL, `tiltak serve --port 8101` makes links point to port 8101, in the server and (through
    the address it records in the data folder) in `tiltak remind` run beside it."""
    from tests.cast import make_user
    from tiltak.lib.datadir import served_address
    from tiltak.plans.actions.accounts import password_link

    monkeypatch.delenv("TILTAK_SITE_URL", raising=False)
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(serve, "GunicornApplication", lambda options: type("App", (), {"run": lambda self: None})())
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(serve, "create_demo_accounts", lambda data_dir: [])
    monkeypatch.setattr(serve, "connections", type("Connections", (), {"close_all": lambda self: None})())
    assert served_address(tmp_path) == "http://127.0.0.1:8000"
    call_command("serve", "--port", "8101", stdout=(tmp_path / "out").open("w"))
    assert settings.SITE_URL == "http://127.0.0.1:8101"
    assert served_address(tmp_path) == "http://127.0.0.1:8101"
    assert password_link(make_user("kari")).startswith("http://127.0.0.1:8101/arbeid/passord/")


def test_a_set_site_url_wins(monkeypatch, tmp_path, settings):
    monkeypatch.setenv("TILTAK_SITE_URL", "https://tiltak.example.no")
    settings.SITE_URL = "https://tiltak.example.no"
    settings.DATA_DIR = tmp_path
    monkeypatch.setattr(serve, "GunicornApplication", lambda options: type("App", (), {"run": lambda self: None})())
    monkeypatch.setattr(serve, "call_command", lambda *args, **kwargs: None)
    monkeypatch.setattr(serve, "create_demo_accounts", lambda data_dir: [])
    call_command("serve", "--host", "::1", "--port", "8102", stdout=(tmp_path / "out").open("w"))
    assert settings.SITE_URL == "https://tiltak.example.no"
    assert not (tmp_path / "served-address").exists()
