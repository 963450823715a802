"""A corpus of action-plan documents in the layouts other plans publish, built on demand with their expected parse.

Each document is made by the program a ministry would use — plain text, python-docx for Word, WeasyPrint (ruled and
unruled tables), LibreOffice (``soffice --convert-to pdf``, from the Word document), headless Chromium's
print-to-PDF (a web page's table) and Typst for PDF — from one
description of its plan, so what the importer should find is known exactly. The tests check the parse of every
document; ``tiltak bench`` reports the figures per layout (measures found, titles exact, ministries right,
statuses right, false warnings: every document here is consistent with itself, so any warning is a false one).
"""

from __future__ import annotations

import datetime
import html
import importlib.util
import shutil
import subprocess
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from tiltak.importer.layout import MONTHS
from tiltak.importer.refdata import ministry_register


@dataclass(frozen=True)
class Item:
    number: str
    title: str
    responsible: tuple[str, ...]
    status: str | None = None


@dataclass(frozen=True)
class Plan:
    title: str
    period: tuple[str, str]
    items: tuple[Item, ...]
    as_of: str | None = None  # «2023-03» for a status report
    scale: tuple[str, ...] = ("Gjennomført", "Løpende/under gjennomføring", "Under forberedelse", "Ikke igangsatt")

    @property
    def day(self) -> datetime.date:
        if self.as_of:
            year, month = self.as_of.split("-")
            return datetime.date(int(year), int(month), 1)
        return datetime.date(int(self.period[0]), 1, 1)

    def names(self, item: Item) -> list[str]:
        """The item's ministries in full, as of the document's day."""
        register = ministry_register()
        return [register.resolve(a, self.day).name for a in item.responsible]


@dataclass
class Document:
    name: str
    layout: str  # what the figures are grouped by
    producer: str  # text, python-docx, WeasyPrint, LibreOffice, Chromium, Typst
    plan: Plan
    build: Callable[[Path], Path]
    needs: str | None = None  # a program the build needs («soffice», «chromium»)
    expected_kind: str = "plan"
    expected_language: str = "nb"
    extra: dict = field(default_factory=dict)
    origin: str = "made"  # «made» by the corpus, or «real»: an excerpt of a published document (real/README.md)
    source: str = ""  # where a real document was published

    def expected(self) -> list[dict]:
        return [{"number": i.number, "title": i.title, "responsible": list(i.responsible), "status": i.status}
                for i in self.plan.items]



VOLD = Plan(
    title="Handlingsplan mot vold i nære relasjoner – trygghet, hjelp og beskyttelse for alle som utsettes for vold "
          "(2021–2024)",
    period=("2021", "2024"),
    items=(
        Item("1", "Styrke krisesentrene i alle kommuner", ("BFD",)),
        Item("2", "Opplæring av politiet i avhør av barn", ("JD",)),
        Item("3", "Bedre samarbeid mellom hjelpetjenestene og politiet", ("HOD", "JD")),
        Item("4", "Kartlegge omfanget av vold mot eldre", ("HOD",)),
        Item("5", "Informasjon til nyankomne innvandrere om rettigheter og hjelpetilbud", ("KD", "BFD")),
        Item("6", "Styrke forskningen på vold i nære relasjoner", ("KD",)),
        Item("7", "Forebygge negativ sosial kontroll og æresrelatert vold", ("KMD", "JD", "BFD")),
        Item("8", "Et nasjonalt kompetansesenter for voldsutsatte barn", ("BFD", "JD", "HOD")),
    ),
)
SUBNUMBERED = Plan(
    title="Handlingsplan for digital inkludering (2023–2026)",
    period=("2023", "2026"),
    items=(
        Item("1.1", "Digital opplæring for eldre", ("DFD",)),
        Item("1.2", "Digitale tjenester på klart språk", ("DFD", "KDD")),
        Item("2.1", "Bredbånd i distriktene", ("KDD",)),
        Item("2.2", "Tilgang til utstyr for elever", ("KD",)),
        Item("3a", "Hjelp til digitale tjenester på biblioteket", ("KUD",)),
        Item("3b", "Veiledning i NAV", ("AID",)),
    ),
)
FRILUFT = Plan(
    title="Handlingsplan for friluftsliv – ta vare på, bruke og oppleve naturen (2020–2023)",
    period=("2020", "2023"),
    items=(
        Item("i", "Styrke friluftslivet i skolen", ("KD", "KLD")),
        Item("ii", "Sikre allmennhetens tilgang til strandsonen", ("KLD",)),
        Item("iii", "Merke flere turstier nær der folk bor", ("KLD", "KMD")),
        Item("iv", "Gi tilskudd til frivillige organisasjoner", ("KLD",)),
        Item("v", "Kartlegge friluftslivsområder i kommunene", ("KLD",)),
    ),
)
NYNORSK = Plan(
    title="Statusrapport for handlingsplanen mot vald i nære relasjonar (2022–2025)",
    period=("2022", "2025"),
    as_of="2023-03",
    scale=("Gjennomført", "Under gjennomføring", "Under førebuing", "Ikkje sett i gang"),
    items=(
        Item("1", "Styrkje krisesentera", ("BFD",), "Gjennomført"),
        Item("2", "Opplæring av politiet", ("JD",), "Under førebuing"),
        Item("3", "Betre samarbeid mellom hjelpetenestene", ("HOD", "JD"), "Ikkje sett i gang"),
        Item("4", "Kartleggje vald mot eldre", ("HOD",), "Under gjennomføring"),
        Item("5", "Meir forsking på vald i nære relasjonar", ("KD",), "Gjennomført"),
    ),
)
REPORT = Plan(
    title="Status for handlingsplan mot vold i nære relasjoner (2021–2024)",
    period=("2021", "2024"),
    as_of="2022-09",
    items=tuple(
        Item(i.number, i.title, tuple("KDD" if a == "KMD" else a for a in i.responsible), status)
        for i, status in zip(VOLD.items, ["Gjennomført", "Løpende", "Under gjennomføring", "Under forberedelse",
                                          "Ikke igangsatt", "Gjennomført", "Løpende", "Under forberedelse"],
                             strict=True)
    ),
)
_SUBJECTS = ["barnevernet", "krisesentrene", "helsestasjonene", "skolene", "politiet", "kommunene", "NAV",
             "domstolene", "kriminalomsorgen", "asylmottakene"]
_VERBS = ["Styrke", "Kartlegge", "Bedre", "Utvikle", "Evaluere", "Samordne", "Utrede", "Informere om"]
_MINISTRIES = [("JD",), ("BFD", "JD"), ("HOD",), ("KD", "HOD"), ("ASD",), ("KMD", "JD"), ("UD",), ("FIN",)]
LONG = Plan(
    title="Handlingsplan mot menneskehandel og utnyttelse (2021–2024)",
    period=("2021", "2024"),
    items=tuple(
        Item(str(n), f"{_VERBS[n % len(_VERBS)]} arbeidet mot utnyttelse i {_SUBJECTS[n % len(_SUBJECTS)]}"
                     + (" og sørge for at erfaringene deles med de andre etatene" if n % 3 == 0 else ""),
             _MINISTRIES[n % len(_MINISTRIES)])
        for n in range(1, 41)
    ),
)


# -- builders --------------------------------------------------------------------------------------------------


def _text(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


def numbered_list(plan: Plan, path: Path) -> Path:
    lines = [plan.title, "", "Regjeringen vil gjennomføre disse tiltakene:", ""]
    for item in plan.items:
        names = plan.names(item)
        joined = names[0] if len(names) == 1 else ", ".join(names[:-1]) + " og " + names[-1]
        lines.append(f"{item.number}. {item.title} ({joined})")
    return _text(path, "\n".join(lines) + "\n")


def pipe_table(plan: Plan, path: Path) -> Path:
    lines = [plan.title, "", "Tiltak | Nr. | Ansvarlig departement"]
    for item in plan.items:
        lines.append(f"{item.title} | {item.number} | {', '.join(item.responsible)}")
    return _text(path, "\n".join(lines) + "\n")


def roman_list(plan: Plan, path: Path) -> Path:
    lines = [plan.title, "", "Regjeringen vil:", ""]
    for k, item in enumerate(plan.items):
        mark = ")" if k % 2 else "."
        lines.append(f"{item.number}{mark} {item.title} ({', '.join(plan.names(item))})")
    return _text(path, "\n".join(lines) + "\n")


def contents(plan: Plan, path: Path) -> Path:
    lines = [plan.title, "", "Innhold"]
    for k, item in enumerate(plan.items):
        lines.append(f"Tiltak {item.number} {item.title} ({', '.join(item.responsible)}) {'.' * 12} {5 + 2 * k}")
    lines += ["", "Innledning", "", "Regjeringen legger med dette fram tiltakene i planen."]
    return _text(path, "\n".join(lines) + "\n")


def headings(plan: Plan, path: Path) -> Path:
    lines = [plan.title, ""]
    for item in plan.items:
        lines += [f"Tiltak {item.number}: {item.title}", f"Ansvar: {', '.join(plan.names(item))}",
                  "Tiltaket skal gjennomføres i planperioden.", ""]
    return _text(path, "\n".join(lines))


def subnumbered(plan: Plan, path: Path) -> Path:
    lines = [plan.title, ""]
    for item in plan.items:
        lines += [f"{item.number} {item.title} ({','.join(item.responsible)})", "Om tiltaket.", ""]
    return _text(path, "\n".join(lines))


def nynorsk_report(plan: Plan, path: Path) -> Path:
    year, month = plan.as_of.split("-")
    meanings = ["tiltaket er ferdig", "arbeidet er i gang", "arbeidet blir planlagt", "ingenting er gjort enno"]
    lines = [plan.title, "", f"Status per {MONTHS[int(month) - 1]} {year}.", "",
             "Denne rapporten viser kor langt kvart tiltak er kome. Tiltaka er vurderte slik:"]
    lines += [f"- {grade}: {meaning}" for grade, meaning in zip(plan.scale, meanings, strict=True)]
    lines.append("")
    for item in plan.items:
        lines += [f"Tiltak {item.number}: {item.title}", f"Ansvarleg: {', '.join(plan.names(item))}",
                  f"Status: {item.status}", "Arbeidet med tiltaket held fram, og departementa samarbeider om det.",
                  ""]
    return _text(path, "\n".join(lines))


def docx_list(plan: Plan, path: Path) -> Path:
    import docx

    document = docx.Document()
    document.core_properties.title = plan.title
    document.add_heading(plan.title, level=1)
    document.add_paragraph("Tabellen viser tiltakene i planen og hvem som har ansvaret for dem.")
    table = document.add_table(rows=1, cols=3)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Nr.", "Tiltak", "Ansvarlig departement"], strict=True):
        cell.text = text
    for item in plan.items:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text = item.number, item.title, ", ".join(plan.names(item))
    document.save(path)
    return path


def docx_report(plan: Plan, path: Path) -> Path:
    import docx

    year, month = plan.as_of.split("-")
    document = docx.Document()
    document.add_heading(plan.title, level=1)
    document.add_paragraph(f"Rapporten viser status per {MONTHS[int(month) - 1]} {year} for hvert tiltak.")
    legend = document.add_table(rows=1, cols=2)
    legend.style = "Table Grid"
    legend.rows[0].cells[0].text, legend.rows[0].cells[1].text = "Status", "Forklaring"
    for grade in plan.scale:
        row = legend.add_row().cells
        row[0].text, row[1].text = grade, "Se innledningen."
    document.add_paragraph("")
    table = document.add_table(rows=1, cols=4)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ["Tiltak", "Nr.", "Status", "Ansvarlig"], strict=True):
        cell.text = text
    for item in plan.items:
        row = table.add_row().cells
        row[0].text, row[1].text, row[2].text, row[3].text = (item.title, item.number, item.status,
                                                               ", ".join(item.responsible))
    for item in plan.items:
        document.add_heading(f"{item.number} {item.title} ({','.join(item.responsible)})", level=2)
        document.add_paragraph("Tiltaket skal gjennomføres i planperioden.")
        document.add_paragraph(f"Status: {item.status}")
        document.add_paragraph("Arbeidet går etter planen.")
    document.save(path)
    return path


def html_page(plan: Plan, *, report: bool, ruled: bool = True, title_width: str = "") -> str:
    """The plan's table (a report's legend, table and sections) as a web page, for an engine to print; with
    ``title_width`` («6cm») the titles wrap over lines in their cells."""
    e = html.escape
    if report:
        year, month = plan.as_of.split("-")
        rows = "".join(f"<tr><td>{e(i.number)}</td><td>{e(i.title)}</td><td>{e(', '.join(i.responsible))}</td>"
                       f"<td>{e(i.status)}</td></tr>" for i in plan.items)
        sections = "".join(f"<h2>{e(i.number)} {e(i.title)} ({e(','.join(i.responsible))})</h2>"
                           f"<p>Tiltaket skal gjennomføres i planperioden.</p><p>Status: {e(i.status)}</p>"
                           f"<p>Arbeidet går etter planen.</p>" for i in plan.items)
        body = (f"<h1>{e(plan.title)}</h1><p>Status per {MONTHS[int(month) - 1]} {year}.</p>"
                + "".join(f"<p>{e(g)}</p>" for g in plan.scale)
                + "<table><thead><tr><th>Nr.</th><th>Tiltak</th><th>Ansvarlig</th><th>Status</th></tr></thead>"
                + f"{rows}</table>{sections}")
    else:
        rows = "".join(f"<tr><td>{e(i.number)}</td><td>{e(i.title)}</td><td>{e(', '.join(i.responsible))}</td></tr>"
                       for i in plan.items)
        body = (f"<h1>{e(plan.title)}</h1><p>Tiltakene i planen.</p>"
                f"<table><thead><tr><th>Nr.</th><th>Tiltak</th><th>Ansvarlig</th></tr></thead>{rows}</table>")
    border = "border:1px solid #000;" if ruled else ""
    css = (f"body{{font-family:sans-serif;font-size:10pt}} table{{border-collapse:collapse}}"
           f"td,th{{{border}padding:2px 10px 2px 2px;vertical-align:top;text-align:left}} p{{margin:0 0 8pt 0}}"
           + (f"td:nth-child(2){{width:{title_width}}}" if title_width else ""))
    return (f"<html><head><meta charset='utf-8'><title>{e(plan.title)}</title><style>{css}</style></head>"
            f"<body>{body}</body></html>")


def weasy_pdf(plan: Plan, path: Path, *, report: bool, ruled: bool) -> Path:
    from weasyprint import HTML

    HTML(string=html_page(plan, report=report, ruled=ruled)).write_pdf(path)
    return path


def chromium_pdf(plan: Plan, path: Path, *, report: bool) -> Path:
    """The page printed by headless Chromium («Skriv ut → Lagre som PDF» in a browser); titles wrap in their
    cells and the table runs over pages."""
    with tempfile.TemporaryDirectory(prefix="tiltak-chromium-") as work:
        page = Path(work) / "side.html"
        page.write_text(html_page(plan, report=report, title_width="6cm"), encoding="utf-8")
        subprocess.run(  # noqa: S603 (Chromium on a page this module wrote)
            [chromium(), "--headless", "--no-sandbox", "--disable-gpu", f"--user-data-dir={work}/profile",
             "--no-pdf-header-footer", f"--print-to-pdf={path}", page.as_uri()],
            check=True, capture_output=True, timeout=180,
        )
    return path


def chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


def typst_pdf(plan: Plan, path: Path, *, report: bool) -> Path:
    """The document typeset by Typst (the engine of tiltak's own reports): a ruled table whose header repeats on
    every page and whose titles wrap in their cells, and for a report the legend before it and a section a
    measure after it."""
    import typst

    columns = ["Nr.", "Tiltak", "Ansvarlig"] + (["Status"] if report else [])
    cells = []
    for item in plan.items:
        row = [item.number, item.title, ", ".join(item.responsible)] + ([item.status] if report else [])
        cells.append(", ".join(f"[{_typst_text(c)}]" for c in row))
    lines = ['#set page(paper: "a4", margin: 2cm)', '#set text(lang: "nb", size: 10pt)',
             f"= {_typst_text(plan.title)}"]
    if report:
        year, month = plan.as_of.split("-")
        lines.append(f"Status per {MONTHS[int(month) - 1]} {year}.")
        lines += [_typst_text(g) for g in plan.scale]
    else:
        lines.append("Tiltakene i planen.")
    widths = "(auto, 6cm, auto, auto)" if report else "(auto, 6cm, auto)"  # titles wrap over lines
    header = ", ".join(f"[*{c}*]" for c in columns)
    lines.append(f"#table(columns: {widths}, align: left, table.header({header}), "
                 + ", ".join(cells) + ")")
    if report:
        for item in plan.items:
            lines += [f"== {_typst_text(item.number)} {_typst_text(item.title)} "
                      f"({_typst_text(','.join(item.responsible))})",
                      "Tiltaket skal gjennomføres i planperioden.", "", f"Status: {_typst_text(item.status)}", "",
                      "Arbeidet går etter planen."]
    source = "\n\n".join(lines) + "\n"
    with tempfile.TemporaryDirectory(prefix="tiltak-typst-") as work:
        main = Path(work) / "main.typ"
        main.write_text(source, encoding="utf-8")
        path.write_bytes(typst.compile(str(main)))
    return path


def _typst_text(text: str) -> str:
    """Text as Typst markup: its markup characters escaped."""
    return "".join("\\" + ch if ch in "\\#*_`$<>@[]=-+/~" else ch for ch in text)


def libreoffice_pdf(docx_builder: Callable[[Plan, Path], Path], plan: Plan, path: Path) -> Path:
    """The Word document converted by LibreOffice (headless), as a ministry's «Save as PDF» would."""
    with tempfile.TemporaryDirectory(prefix="tiltak-soffice-") as work:
        source = docx_builder(plan, Path(work) / (path.stem + ".docx"))
        subprocess.run(  # noqa: S603 (LibreOffice on a document this module wrote)
            [soffice(), f"-env:UserInstallation=file://{work}/profile", "--headless", "--convert-to", "pdf",
             "--outdir", work, str(source)],
            check=True, capture_output=True, timeout=180,
        )
        shutil.move(Path(work) / (path.stem + ".pdf"), path)
    return path


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


PROGRAMS: dict[str, Callable[[], str | None]] = {"soffice": soffice, "chromium": chromium}
REAL = Path(__file__).parent / "real"
_RADIKALISERING_ITEMS = (
    ("1", "Forskningsstrategi", ("BLD",)),
    ("2", "Forskning om lokalt forebyggingsarbeid", ("JD",)),
    ("3", "Forskning om radikaliseringsprosesser og motivasjonsfaktorer knyttet til fremmedkrigere", ("JD",)),
    ("4", "Utvikle kompetanse på helsesektorens arbeid med voldelige kstremisme", ("HOD",)),  # as published
    ("5", "Dialogkonferanser for ungdom", ("BLD",)),
    ("6", "Utarbeide veiledningsmateriell", ("JD",)),
    ("7", "Styrke kunnskapen gjennom utdanningene i justissektoren", ("JD",)),
    ("8", "Regionalt arbeid med kompetanse i helsesektoren", ("HOD",)),
    ("9", "Utvikle læringsressurser til bruk i ungdomsskolen og videregående opplæring", ("KD",)),
    ("10", "Nasjonal konferanse om forebygging av radikalisering og voldelig ekstremisme", ("JD",)),
    ("11", "Styrke den nasjonale koordineringen", ("JD",)),
    ("12", "Styrke den sentrale rådgivende forebyggingen ved PST", ("JD",)),
    ("13", "Forankre ansvar for forebygging av radikalisering og voldelig ekstremisme i politidistriktene", ("JD",)),
)
RADIKALISERING = Plan(title="Handlingsplan mot radikalisering og voldelig ekstremisme", period=("2014", "2014"),
                      items=tuple(Item(n, t, r) for n, t, r in _RADIKALISERING_ITEMS))
VOLD_2014 = Plan(title="Handlingsplan mot vold i nære relasjoner (2014–2017)", period=("2014", "2017"),
                 items=(Item("1", "Tiltakspakke for forebygging", ("JD", "ASD", "BLD", "HOD", "KD")),),
                 as_of="2014-12")



def _every_ministry(day: datetime.date) -> tuple[str, ...]:
    """«Alle» in a responsible column: every ministry of the day, as the register lists them (the Prime Minister's
    Office is no ministry)."""
    return tuple(row.abbreviation for row in ministry_register().valid_on(day) if row.abbreviation != "SMK")


_JUNE_2019 = datetime.date(2019, 6, 1)
_ALL_2019 = _every_ministry(_JUNE_2019)
OPPTRAPPING_2019 = Plan(
    title="Opptrappingsplan mot vold og overgrep (2017–2021)", period=("2017", "2021"), as_of="2019-06",
    scale=("Gjennomført", "Løpende/under gjennomføring", "Under forberedelse", "Ikke igangsatt"),
    items=(
        Item("1", "Gjennomgå etablerte strukturar og system for å vurdere korleis dei betre kan vareta arbeidet mot "
                  "vald og overgrep", _ALL_2019, "Byrja"),
        Item("2", "Sørgje for at vald og overgrep blir teke inn i samfunnsoppdraget til dei relevante "
                  "underliggjande etatane", _ALL_2019, "Byrja"),
        Item("3", "I samband med struktur- og kvalitetsreforma i barnevernet leggje fram ein lovproposisjon som "
                  "klargjer forventingane til det førebyggjande arbeidet i kommunane", ("BFD",), "Ferdig"),
        Item("4", "Gjere rammeplanen for innhald og oppgåver i barnehagen tydelegare når det gjeld arbeidet mot "
                  "omsorgssvikt, vald og overgrep", ("KD",), "Ferdig"),
        Item("5", "Greie ut endringar i krisesenterlova med sikte på å klargjere kva ansvar kommunane har når det "
                  "gjeld å førebyggje vald og overgrep", ("BFD",), "Byrja"),
        Item("6", "Gjere det tydelegare i spesialisthelsetenestelova, helse- og omsorgstenestelova og "
                  "tannhelsetenestelova kva ansvar dei regionale helseføretaka, kommunane og fylkeskommunane, "
                  "inkludert leiinga, har for å bidra til at vald og seksuelle overgrep blir førebygd, avdekt og "
                  "avverja ved yting av helse- og omsorgstenester", ("HOD",), "Ferdig"),
        Item("7", "Bidra til at kommunar utarbeider kommunale eller interkommunale handlingsplanar mot vald i nære "
                  "relasjonar", ("JD", *(a for a in _ALL_2019 if a != "JD")), "Byrja"),
    ),
)
OPPTRAPPING_2019_PAGE = ("https://www.statsbudsjettet.no/Statsbudsjettet-2020/Dokumenter1/Fagdepartementenes-"
                         "proposisjoner/Barne-og-familiedepartementet/Prop-1-S-/Del-3-Omtale-av-sarlege-tema-/"
                         "10-Oversikt--opptrappingsplanen-mot-vald-og-overgrep-/")
VOLD_2015_PDF = "https://9pdf.net/document/y4wxe199-statusrapport-for-handlingsplan-mot-vold-i-n%C3%A6re-relasjoner.html"
RADIKALISERING_PAGE = "https://www.regjeringen.no/no/sub/radikalisering/om-forebyggende-arbeid/Tiltak-i-handlingsplanen/id762552/"
VOLD_2014_PAGE = ("https://www.regjeringen.no/nb/dokumenter/statusrapport-for-tiltak-i-handlingsplan-mot-vold-i-nare-"
                  "relasjoner-2014-2017/id2356882/")


def _copy_real(name: str) -> Callable[[Path], Path]:
    def build(path: Path) -> Path:
        shutil.copyfile(REAL / name, path)
        return path
    return build


def real_documents() -> list[Document]:
    """Excerpts of published documents, kept as a ministry would bring them (tiltak/bench/real/README.md)."""
    return [
        Document("radikalisering-celler.txt", "list: web table copied one cell a line, group headings", "browser",
                 RADIKALISERING, _copy_real("radikalisering-celler.txt"), origin="real", source=RADIKALISERING_PAGE),
        Document("radikalisering-skilletegn.txt", "list: web table copied as «cell |» lines", "browser",
                 RADIKALISERING, _copy_real("radikalisering-skilletegn.txt"), origin="real",
                 source=RADIKALISERING_PAGE),
        Document("radikalisering.html", "list: saved web page (HTML table)", "HTML", RADIKALISERING,
                 _copy_real("radikalisering.html"), origin="real", source=RADIKALISERING_PAGE),
        Document("vold-status-2014.txt", "report: web page, «Ansvarlig:» lines, narrative status", "browser",
                 VOLD_2014, _copy_real("vold-status-2014.txt"), origin="real", source=VOLD_2014_PAGE,
                 expected_kind="report"),
        Document("vold-status-2015-pdf.txt", "report: PDF text, labels and values in two columns", "PDF text",
                 VOLD_2014, _copy_real("vold-status-2015-pdf.txt"), origin="real", source=VOLD_2014_PAGE,
                 expected_kind="report"),
        Document("vold-status-2015-12-pdf.txt", "report: PDF text, «Ansvarlig: … Gjennomføring: …» on one line",
                 "PDF text", VOLD_2014, _copy_real("vold-status-2015-12-pdf.txt"), origin="real",
                 source=VOLD_2015_PDF, expected_kind="report"),
        Document("opptrapping-prop1s-2019-nn.txt",
                 "report: Prop. 1 S status table, nynorsk, one cell a line, ministry column first", "browser",
                 OPPTRAPPING_2019, _copy_real("opptrapping-prop1s-2019-nn.txt"), origin="real",
                 source=OPPTRAPPING_2019_PAGE, expected_kind="report", expected_language="nn"),
    ]


def documents() -> list[Document]:
    """The corpus: one document per layout and producer, made here, then the excerpts of real documents."""
    return made_documents() + real_documents()


def made_documents() -> list[Document]:
    return [
        Document("tiltak-nummerert.txt", "list: numbered, names in full", "text", VOLD,
                 lambda p: numbered_list(VOLD, p)),
        Document("tiltak-tabell.txt", "list: table, columns reordered", "text", VOLD, lambda p: pipe_table(VOLD, p)),
        Document("tiltak-innhold.txt", "list: table of contents", "text", VOLD, lambda p: contents(VOLD, p)),
        Document("tiltak-overskrifter.txt", "list: «Tiltak N:» + «Ansvar:»", "text", VOLD,
                 lambda p: headings(VOLD, p)),
        Document("tiltak-underpunkt.txt", "list: numbers 1.2 and 3a", "text", SUBNUMBERED,
                 lambda p: subnumbered(SUBNUMBERED, p)),
        Document("tiltak-romertall.txt", "list: numbers i, ii, iii", "text", FRILUFT,
                 lambda p: roman_list(FRILUFT, p)),
        Document("tiltak.docx", "list: DOCX table", "python-docx", VOLD, lambda p: docx_list(VOLD, p)),
        Document("tiltak-ruled.pdf", "list: PDF ruled table over pages", "WeasyPrint", LONG,
                 lambda p: weasy_pdf(LONG, p, report=False, ruled=True)),
        Document("tiltak-unruled.pdf", "list: PDF unruled table over pages", "WeasyPrint", LONG,
                 lambda p: weasy_pdf(LONG, p, report=False, ruled=False)),
        Document("tiltak-libreoffice.pdf", "list: PDF table over pages", "LibreOffice", LONG,
                 lambda p: libreoffice_pdf(docx_list, LONG, p), needs="soffice"),
        Document("status-nynorsk.txt", "report: nynorsk, bulleted legend", "text", NYNORSK,
                 lambda p: nynorsk_report(NYNORSK, p), expected_kind="report", expected_language="nn"),
        Document("status.docx", "report: DOCX legend table, overview reordered", "python-docx", REPORT,
                 lambda p: docx_report(REPORT, p), expected_kind="report"),
        Document("status-libreoffice.pdf", "report: PDF", "LibreOffice", REPORT,
                 lambda p: libreoffice_pdf(docx_report, REPORT, p), needs="soffice", expected_kind="report"),
        Document("status-unruled.pdf", "report: PDF unruled overview", "WeasyPrint", REPORT,
                 lambda p: weasy_pdf(REPORT, p, report=True, ruled=False), expected_kind="report"),
        Document("tiltak-chromium.pdf", "list: PDF table over pages", "Chromium", LONG,
                 lambda p: chromium_pdf(LONG, p, report=False), needs="chromium"),
        Document("status-chromium.pdf", "report: PDF", "Chromium", REPORT,
                 lambda p: chromium_pdf(REPORT, p, report=True), needs="chromium", expected_kind="report"),
        Document("tiltak-typst.pdf", "list: PDF table over pages", "Typst", LONG,
                 lambda p: typst_pdf(LONG, p, report=False)),
        Document("status-typst.pdf", "report: PDF", "Typst", REPORT,
                 lambda p: typst_pdf(REPORT, p, report=True), expected_kind="report"),
    ]


# -- figures ---------------------------------------------------------------------------------------------------


def score(document: Document, parsed: dict) -> dict:
    """How the parse of one document compares with what it holds."""
    expected = {m["number"]: m for m in document.expected()}
    found = {m["number"]: m for m in parsed["measures"]}
    common = [n for n in expected if n in found]
    with_status = [n for n in common if expected[n]["status"]]
    return {
        "document": document.name,
        "origin": document.origin,
        "layout": document.layout,
        "producer": document.producer,
        "expected": len(expected),
        "found": len(common),
        "extra": len(set(found) - set(expected)),
        "titles_exact": sum(1 for n in common if found[n]["title"] == expected[n]["title"]),
        "ministries_right": sum(1 for n in common if found[n]["responsible"] == expected[n]["responsible"]),
        "statuses": len(with_status),
        "statuses_right": sum(1 for n in with_status if found[n]["status"] == expected[n]["status"]),
        "false_warnings": len(parsed["warnings"]),
        "kind_right": parsed.get("kind", "report") == document.expected_kind,
        "language_right": parsed.get("language", "nb") == document.expected_language,
    }


def run_corpus(directory: Path, parse: Callable[[Path], dict]) -> list[dict]:
    """Build every document whose programs are here into ``directory``, parse it, and score it."""
    out = []
    for document in documents():
        if document.needs and PROGRAMS[document.needs]() is None:
            out.append({"document": document.name, "origin": document.origin, "layout": document.layout,
                        "producer": document.producer, "skipped": f"{document.needs} is not installed"})
            continue
        if document.producer == "WeasyPrint" and importlib.util.find_spec("weasyprint") is None:
            out.append({"document": document.name, "origin": document.origin, "layout": document.layout,
                        "producer": document.producer,
                        "skipped": "WeasyPrint is not installed (pip install -e '.[bench]')"})
            continue
        path = document.build(directory / document.name)
        try:
            parsed = parse(path)
        except ValueError as exc:  # refused: nothing found
            parsed = {"measures": [], "warnings": [], "refused": str(exc)}
        out.append(score(document, parsed) | ({"refused": parsed["refused"]} if "refused" in parsed else {}))
    return out


def corpus_figures(directory: Path | None = None) -> list[dict]:
    """The corpus's figures per layout, as ``tiltak bench`` prints them: (name, value, unit, target, higher)."""
    from tiltak.importer.api import parse_file

    with tempfile.TemporaryDirectory(prefix="tiltak-corpus-") as work:
        results = run_corpus(Path(directory or work), lambda path: parse_file(path).to_json())
    skipped = [r for r in results if "skipped" in r]
    out = [{"name": "corpus: documents not built (LibreOffice, Chromium or WeasyPrint missing)", "value": len(skipped),
            "unit": "",
            "target": 0}] if skipped else []
    for origin in ("made", "real"):
        scored = [r for r in results if r.get("origin") == origin and "skipped" not in r]
        expected = sum(r["expected"] for r in scored) or 1
        out.append({"name": f"corpus {origin} documents ({len(scored)}): measures found",
                    "value": 100 * sum(r["found"] for r in scored) / expected, "unit": "%", "target": 100.0,
                    "higher_is_better": True})
        out.append({"name": f"corpus {origin} documents ({len(scored)}): titles exact",
                    "value": 100 * sum(r["titles_exact"] for r in scored) / expected, "unit": "%", "target": 100.0,
                    "higher_is_better": True})
        out.append({"name": f"corpus {origin} documents ({len(scored)}): false warnings",
                    "value": sum(r["false_warnings"] for r in scored), "unit": "", "target": 0})
    for r in results:
        where = f"corpus {r.get('origin', 'made')}: {r['layout']} ({r['producer']})"
        if "skipped" in r:
            continue
        expected = r["expected"] or 1
        out.append({"name": f"{where}: measures found", "value": 100 * r["found"] / expected, "unit": "%",
                    "target": 100.0, "higher_is_better": True})
        out.append({"name": f"{where}: titles exact", "value": 100 * r["titles_exact"] / expected, "unit": "%",
                    "target": 100.0, "higher_is_better": True})
        out.append({"name": f"{where}: ministries right", "value": 100 * r["ministries_right"] / expected,
                    "unit": "%", "target": 100.0, "higher_is_better": True})
        if r["statuses"]:
            out.append({"name": f"{where}: statuses right", "value": 100 * r["statuses_right"] / r["statuses"],
                        "unit": "%", "target": 100.0, "higher_is_better": True})
        out.append({"name": f"{where}: false warnings", "value": r["false_warnings"], "unit": "", "target": 0})
    return out
