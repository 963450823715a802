"""`tiltak site -o DIR`: the whole public portal as static files, with relative links that all resolve."""

import re
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from django.core.management import CommandError, call_command

from tests.portal.conftest import SECRET
from tiltak.plans.models import Responsibility
from tiltak.portal.export import ExportError, export_site, file_for, relative

PLAN = "plan/menneskehandel-2011-2014"
REPORT = "rapport/menneskehandel-2011-2014/2012-02"
LINK = re.compile(r'\b(?:href|src|action)="([^"]*)"')


def word(text: str) -> str:
    """A pager's «previous» or «next»: a word that narrow screens hide, leaving the arrow (site/_pager.html)."""
    return f'<span class="site-pager-word">{text}</span>'


def links_of(page: Path) -> list[str]:
    return LINK.findall(page.read_text(encoding="utf-8"))


def broken_links(root: Path) -> list[str]:
    """Every address in every page that names a file of the export which is not there (external ones aside)."""
    broken = []
    for page in root.rglob("*.html"):
        for link in links_of(page):
            parts = urlsplit(link)
            if parts.scheme or link.startswith("#") or not parts.path:
                continue
            target = (page.parent / unquote(parts.path)).resolve()
            if not target.is_file():
                broken.append(f"{page.relative_to(root)}: {link}")
    return broken


@pytest.fixture(scope="module")
def site(django_db_setup, django_db_blocker, tmp_path_factory):
    """The built-in plan with a second published round and an open third, exported once for this module."""
    with django_db_blocker.unblock():
        from django.conf import settings
        from django.db import transaction
        from django.test import override_settings

        from tests.portal.conftest import make_history
        from tiltak.plans.actions.reference import load_ministries, load_scales
        from tiltak.plans.builtin import load_builtin_plan
        from tiltak.plans.models import Grade, Ministry, Plan, StatusLabel, StatusScale

        plain = {**settings.STORAGES,
                 "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        with override_settings(STORAGES=plain), transaction.atomic():
            if not Ministry.objects.exists():  # emptied by a transactional test that ran before this module
                load_ministries(Ministry)
                load_scales(StatusScale, Grade, StatusLabel)
            load_builtin_plan()
            make_history(Plan.objects.get())
            output = tmp_path_factory.mktemp("export") / "site"
            result = export_site(output)
            abbreviations = sorted(set(Responsibility.objects.values_list("ministry__abbreviation", flat=True)))
            transaction.set_rollback(True)
    return output, result, abbreviations


def test_the_export_has_every_page_in_both_languages(site):
    root, result, abbreviations = site
    for prefix in ("", "en/"):
        assert (root / prefix / "index.html").is_file()
        for page in ("sok", "apne-data", "tilgjengelighet", PLAN, f"{PLAN}/runde/2012-02",
                     f"{PLAN}/sammenligning/2012-02/2013-02", REPORT, REPORT.replace("2012-02", "2013-02")):
            assert (root / prefix / page / "index.html").is_file(), prefix + page
        measures = sorted(p.parent.name for p in (root / prefix / PLAN / "tiltak").glob("*/index.html"))
        assert len(measures) == 35 and "1" in measures and "35" in measures
        for abbreviation in abbreviations:
            assert (root / prefix / "departement" / abbreviation / "index.html").is_file(), abbreviation
        for fmt in ("pdf", "docx", "csv", "xlsx", "json", "md", "html"):
            assert (root / prefix / REPORT / f"rapport.{fmt}").stat().st_size > 100, fmt
        for fmt in ("csv", "xlsx", "json"):
            assert (root / prefix / PLAN / "data" / f"historikk.{fmt}").is_file()
        assert (root / prefix / PLAN / "runder.atom").read_text().startswith("<?xml")
        assert (root / prefix / PLAN / "rettelser.atom").is_file()
        assert (root / prefix / "sok" / "indeks.js").read_text().startswith("window.tiltakSearchIndex = ")
    assert (root / REPORT / "rapport.pdf").read_bytes().startswith(b"%PDF-")
    assert (root / "404.html").is_file()
    assert (root / "static" / "site" / "fonts" / "inter-latin-400-normal.woff2").is_file()
    assert result.pages >= 2 * (35 + len(abbreviations) + 8)


def test_the_languages_are_right_on_each_side(site):
    root, _result, _ = site
    english = (root / "en" / PLAN / "index.html").read_text()
    assert '<html lang="en"' in english and "Overview of measures" in english
    assert 'href="../../../rapport/menneskehandel-2011-2014/2013-02/rapport.pdf"' not in english
    assert 'href="../../rapport/menneskehandel-2011-2014/2013-02/rapport.pdf"' in english  # the English PDF
    norwegian = (root / PLAN / "index.html").read_text()
    assert '<html lang="nb"' in norwegian and 'href="../../en/plan/menneskehandel-2011-2014/index.html"' in norwegian


def test_every_internal_link_resolves_and_none_is_absolute(site):
    root, _result, _ = site
    assert broken_links(root) == []
    for page in root.rglob("*.html"):
        absolute = [link for link in links_of(page) if link.startswith("/")]
        assert absolute == [], page


def test_no_unpublished_text_and_no_server_only_parts(site):
    root, _result, _ = site
    for page in root.rglob("*.html"):
        text = page.read_text()
        assert SECRET not in text and "csrfmiddlewaretoken" not in text, page
    search = (root / "sok" / "index.html").read_text()
    assert 'src="indeks.js"' in search and "search.js" in search


def test_addresses_become_files_and_relative_links():
    assert file_for("/") == "index.html"
    assert file_for("/plan/x/tiltak/3.2/") == "plan/x/tiltak/3.2/index.html"
    assert file_for("/rapport/x/y/rapport.pdf") == "rapport/x/y/rapport.pdf"
    assert relative("/", "plan/x/index.html") == "../../index.html"
    assert relative("/sok/?q=a#b", "index.html") == "sok/index.html?q=a#b"
    assert relative("/en/plan/x/", "plan/x/index.html") == "../../en/plan/x/index.html"


def test_a_foreign_folder_is_never_overwritten(tmp_path, db):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(ExportError, match="not an earlier export"):
        export_site(tmp_path)
    assert (tmp_path / "mine.txt").read_text() == "keep me"


def test_the_command_refuses_a_foreign_folder_with_exit_code_2(tmp_path, db):
    (tmp_path / "mine.txt").write_text("keep me")
    with pytest.raises(CommandError, match="not an earlier export") as refused:
        call_command("site", "-o", str(tmp_path))
    assert refused.value.returncode == 2 and "\n" not in str(refused.value)


def test_a_large_rounds_pdf_made_by_the_task_queue_is_exported_too(tmp_path, builtin_plan, monkeypatch):
    from django.core.cache import caches
    from huey import MemoryHuey

    from tiltak.core.exporting import exporting
    from tiltak.portal.export import _Exporter
    from tiltak.reports import tasks

    huey = MemoryHuey("test-export", immediate=False)
    monkeypatch.setitem(tasks._TASKS, "render_report", huey.task(name="render_report")(tasks.render_report))
    monkeypatch.setattr(tasks, "queue", lambda: huey)
    monkeypatch.setattr(tasks, "LONG_RENDER_MEASURES", 10)  # the built-in 35 measures count as large
    caches["reports"].clear()
    with exporting():
        _Exporter(tmp_path)._page(f"/{REPORT}/rapport.pdf", "(test)")
    assert (tmp_path / REPORT / "rapport.pdf").read_bytes().startswith(b"%PDF-")


@pytest.mark.browser
def test_the_static_search_and_filters_work_from_file_urls(site, monkeypatch):
    import shutil

    from playwright.sync_api import sync_playwright

    root, _result, _ = site
    assert shutil.which("/usr/bin/chromium"), "/usr/bin/chromium is missing: run scripts/system-packages"
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path="/usr/bin/chromium",
                                             args=["--headless", "--no-sandbox", "--disable-gpu"])
        page = browser.new_page()
        page.goto(f"file://{root}/sok/index.html")
        page.fill("#q", "Europarådet")
        page.press("#q", "Enter")
        page.locator("#search-list li").first.wait_for()
        assert page.locator("#search-list mark").count() > 0
        assert "Treff:" in page.locator("#search-status").text_content()
        page.locator("#search-list a").first.click()
        page.wait_for_url("**/tiltak/*/index.html")
        page.goto(f"file://{root}/{PLAN}/index.html?departement=FD")
        shown = page.locator("#overview-table tbody tr:not([hidden])").count()
        assert 0 < shown < 35
        browser.close()


def test_every_page_of_a_long_list_is_exported_and_links_resolve(db, tmp_path, settings):
    """Pages of two measures: the test plan's overview, its report page and a ministry's measures are in parts,
    and every part is a file of the export that the pagers' relative links reach."""
    from tests.plans.documents import document
    from tiltak.plans.actions import SYSTEM, import_report

    settings.PAGE_SIZE = 1
    import_report(acting_user=SYSTEM, document=document())  # two measures, JD answers for both
    root = tmp_path / "site"
    export_site(root)
    for prefix in ("", "en/"):
        for page in ("plan/testplan/runde/2021-03/side/2", "rapport/testplan/2021-03/side/2",
                     "departement/JD/side/2"):
            assert (root / prefix / page / "index.html").is_file(), prefix + page
        assert not (root / prefix / "plan/testplan/runde/2021-03/side/3").exists()
    overview = (root / "plan/testplan/index.html").read_text()
    assert f'href="runde/2021-03/side/2/index.html" rel="next">{word("Neste")}</a>' in overview
    second = (root / "plan/testplan/runde/2021-03/side/2/index.html").read_text()
    assert f'href="../../index.html" rel="prev">{word("Forrige")}</a>' in second and "data-carry-filters" in second
    assert broken_links(root) == []


SIGN_IN = "/arbeid/logg-inn/"
TESTPLAN_PAGES = ("/", "/plan/testplan/tiltak/2/")


@pytest.fixture
def testplan(db):
    """The two-measure test plan, published: a small export."""
    from tests.plans.documents import document
    from tiltak.plans.actions import SYSTEM, import_report

    import_report(acting_user=SYSTEM, document=document())


def test_an_export_after_live_visits_renders_its_own_pages(testplan, client, tmp_path, settings):
    """The live site and the export render the header differently (the sign-in link leads to the server from
    the static files): pages a visitor's request stored in the page cache are never the export's."""
    for path in TESTPLAN_PAGES:
        live = client.get(path)
        assert live["X-Tiltak-Cache"] == "miss" and f'href="{SIGN_IN}"' in live.content.decode()
        assert client.get(path)["X-Tiltak-Cache"] == "hit"  # stored
    root = tmp_path / "site"
    export_site(root)
    for path in TESTPLAN_PAGES:
        page = (root / file_for(path)).read_text()
        assert f'href="{settings.SITE_URL}{SIGN_IN}"' in page, path
    assert not (root / "arbeid").exists()  # the exporter followed no live page's link to the work pages


def test_live_visitors_after_an_export_get_the_live_pages(testplan, client, tmp_path, settings):
    export_site(tmp_path / "site")
    for path in TESTPLAN_PAGES:
        page = client.get(path)
        html = page.content.decode()
        assert f'href="{SIGN_IN}"' in html and settings.SITE_URL + SIGN_IN not in html, path
        assert page["X-Tiltak-Cache"] == "miss", path  # the export stored nothing
