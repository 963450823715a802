"""Every message a person can see has an English translation (issue 8), checked from the source, not from the
catalogues as committed: `makemessages` runs over a copy of each app, so a string added without a translation
fails here even if nobody updated the .po file. And an English page shows no Norwegian fixed text outside what
is marked lang="nb" (people's own text, names that have no English form)."""

import datetime
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest
from django.test import Client

from tests.cast import submitted
from tiltak.plans.models import Role

ROOT = Path(__file__).resolve().parent.parent.parent / "tiltak"
APPS = sorted(p.parents[3].name for p in ROOT.glob("*/locale/en/LC_MESSAGES/django.po"))
# Apps whose code or templates go through gettext must have a catalogue.
NEEDS_CATALOGUE = ["api", "forms_xlsx", "plans", "portal", "reports", "web"]


def test_every_app_that_speaks_has_a_catalogue():
    assert set(NEEDS_CATALOGUE) <= set(APPS)


def _entries(po: str):
    """(msgid, [msgstr…], fuzzy) per entry of a .po file, the header left out."""
    entries = []
    for chunk in po.split("\n\n"):
        lines = [line for line in chunk.splitlines() if line and not line.startswith("#~")]
        fuzzy = any(line.startswith("#,") and "fuzzy" in line for line in lines)
        fields: dict[str, str] = {}
        key = None
        for line in lines:
            if line.startswith("#"):
                continue
            if line.startswith('"') and key:
                fields[key] += line[1:-1]
            else:
                key, _, value = line.partition(" ")
                fields[key] = value[1:-1]
        if fields.get("msgid"):
            entries.append((fields["msgid"], [v for k, v in fields.items() if k.startswith("msgstr")], fuzzy))
    return entries


@pytest.mark.parametrize("app", NEEDS_CATALOGUE)
def test_makemessages_finds_no_message_without_an_english_translation(app, tmp_path):
    copy = tmp_path / app
    shutil.copytree(ROOT / app, copy, ignore=shutil.ignore_patterns("__pycache__", "*.mo"))
    (copy / "locale").mkdir(exist_ok=True)
    tiltak = Path(sys.executable).parent / "tiltak"
    result = subprocess.run([str(tiltak), "makemessages", "-l", "en", "--no-location"], cwd=copy,
                            capture_output=True, text=True, env={"TILTAK_DATA_DIR": str(tmp_path / "data"),
                                                                 "PATH": "/usr/bin:/bin"}, check=False)
    assert result.returncode == 0, result.stderr
    po = (copy / "locale" / "en" / "LC_MESSAGES" / "django.po").read_text(encoding="utf-8")
    missing = [msgid for msgid, strs, fuzzy in _entries(po) if fuzzy or not all(strs)]
    assert missing == [], f"{app}: messages without an English translation: {missing}"


class _Visible(HTMLParser):
    """The page's text outside elements marked lang="nb" (and outside <script>/<style>)."""

    VOID = {"br", "img", "input", "meta", "link", "hr", "source", "wbr", "col", "area", "base", "embed", "track"}

    def __init__(self):
        super().__init__()
        self.stack: list[bool] = []
        self.text: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.VOID:
            return
        hidden = dict(attrs).get("lang") == "nb" or tag in ("script", "style", "title")
        self.stack.append(hidden or (bool(self.stack) and self.stack[-1]))

    def handle_endtag(self, tag):
        if tag not in self.VOID and self.stack:
            self.stack.pop()

    def handle_data(self, data):
        if not (self.stack and self.stack[-1]):
            self.text.append(data)


NORWEGIAN = ["Frist", "Lagre", "Send inn", "Sendt inn", "Tilstand", "Utkast", "Åpen", "forfalt", "Godkjenn",
             "uendret", "Mine tiltak", "Status per", "Beskrivelse", "Fremdrift", "Departement", "Til gjennomgang",
             "Hovedansvar", "Medansvar", "Innlogget", "Logg ut", "Rapporteringsrunder", "Alle tiltak", "Historikk",
             "Versjon", "Forrige runde", "Hva planen sier", "Lenker", "Tiltak", "Ansvar", "Publiser", "Velg",
             "endret", "ansvarlig", "Dette blir", "Forhåndsvis", "Innledning", "Tittel", "Gjennomført",
             "Under forberedelse", "Ikke igangsatt", "Løpende", "oktober", "april", "mars"]


@pytest.mark.django_db
def test_english_work_pages_show_no_norwegian_fixed_text(plan, coordinator, reporter_jd, round_open):
    Role.objects.filter(user=coordinator).update(kind=Role.Kind.COORDINATOR)
    submitted(round_open, "10", coordinator)
    pages = {
        reporter_jd: ["/arbeid/", "/arbeid/plan/testplan/2022-03/tiltak/2/",
                      "/arbeid/plan/testplan/2022-03/tiltak/10/historikk/"],
        coordinator: ["/arbeid/plan/testplan/2022-03/", "/arbeid/plan/testplan/2022-03/forhandsvisning/",
                      "/arbeid/plan/testplan/2022-03/tiltak/10/"],
    }
    assert round_open.deadline == datetime.date(2022, 4, 1)
    for user, paths in pages.items():
        client = Client()
        client.force_login(user)
        client.cookies["django_language"] = "en"
        for path in paths:
            response = client.get(path)
            assert response.status_code == 200, path
            parser = _Visible()
            parser.feed(response.content.decode())
            text = " ".join(" ".join(parser.text).split())
            found = [word for word in NORWEGIAN if f" {word}" in f" {text}"]
            assert found == [], f"{path} in English shows Norwegian: {found}\n{text[:3000]}"
