"""An uploaded file checked to be one of our fill-in forms, unchanged in all but the cells to fill, and its rows.

Refused in words, nothing stored: a file that is not an XLSX (a CSV, a renamed DOCX), a spreadsheet that is not
our form, a form whose metadata was changed (its signature no longer matches), sheets renamed, added or removed,
a header changed, rows added, removed or moved; a form for another plan, round or ministry than the one it is
uploaded to. Which rows are stored, and how, is the action's business (tiltak.plans.actions.forms).
"""

from dataclasses import dataclass

from django.conf import settings
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

from tiltak.forms_xlsx import layout
from tiltak.forms_xlsx.metadata import EntryMark, Metadata
from tiltak.forms_xlsx.reader import Unreadable, check_archive
from tiltak.forms_xlsx.sandbox import read_in_child
from tiltak.plans.actions.forms import FormRow
from tiltak.plans.models import Round


class FormRefused(ValueError):
    """The file is not a form tiltak can take in; the message says why, for the person who sent it."""


@dataclass
class ReadForm:
    meta: Metadata
    the_round: Round
    rows: list[FormRow]

    @property
    def ministry(self) -> str:
        return self.meta.ministry


def _unreadable(exc: Unreadable, max_bytes: int) -> str:
    if exc.code == "not_xlsx":
        return _("Filen er ikke et regneark i XLSX-format (fra Excel eller LibreOffice Calc). Last opp skjemaet "
                 "du lastet ned fra tiltak.")
    if exc.code == "too_big":
        return _("Filen pakker seg ut til mer enn et skjema kan være, og avvises.")
    if exc.code == "too_many_rows":
        return _("Regnearket har flere rader enn et skjema kan ha (høyst %(limit)d).") % {"limit": exc.details["limit"]}
    if exc.code == "too_slow":
        return _("Det tok for lang tid å lese filen, og den avvises.")
    if exc.code == "sheet_missing":
        return _("Skjemaet mangler arket «%(sheet)s». Ikke gi nytt navn til eller slett arkene i skjemaet.") % {
            "sheet": str(exc.details.get("sheet", ""))[:40]}
    if exc.code == "not_ours":
        return _not_ours()
    return _("Filen kan ikke leses som et regneark.")


def _not_ours() -> str:
    return _("Dette er ikke et skjema for utfylling fra tiltak. Last ned skjemaet under «Skjema for utfylling» og "
             "fyll ut det.")


def _metadata(rows: list[list[str]]) -> tuple[Metadata, str]:
    keys = {row[0]: row[1] for row in rows[:len(layout.META_KEYS)]}
    if keys.get("format") != layout.FORMAT or any(key not in keys for key in layout.META_KEYS):
        raise FormRefused(_not_ours())
    marks = []
    for row in rows[layout.META_ROWS - 1:]:
        try:
            marks.append(EntryMark(row[0], int(row[1]), row[2], row[3]))
        except ValueError:
            raise FormRefused(_tampered()) from None
    meta = Metadata(format=keys["format"], plan=keys["plan"], round=keys["round"], ministry=keys["ministry"],
                    language=keys["language"], exported_at=keys["exported_at"], entries=tuple(marks))
    return meta, keys["signature"]


def _tampered() -> str:
    return _("Skjemaets skjulte opplysninger (plan, runde, departement og versjoner) er endret, så tiltak kan ikke "
             "stole på skjemaet. Last ned et nytt skjema.")


def read_upload(data: bytes, *, max_bytes: int | None = None) -> ReadForm:
    """The form in ``data``, checked; FormRefused says what is wrong."""
    max_bytes = max_bytes or settings.MAX_UPLOAD_BYTES
    if len(data) > max_bytes:
        raise FormRefused(_("Filen er for stor: høyst %(limit)s.") % {"limit": filesizeformat(max_bytes)})
    try:
        check_archive(data)  # in this process, cheaply: what is no XLSX at all costs no child process
        read = read_in_child(data)
    except Unreadable as exc:
        raise FormRefused(_unreadable(exc, max_bytes)) from None
    meta, signature = _metadata(read["meta"])
    if not meta.signed_by_us(signature):
        raise FormRefused(_tampered())
    expected_sheets = {meta.ministry, layout.instructions_title(meta.language), layout.META_SHEET}
    if set(read["sheets"]) != expected_sheets or len(read["sheets"]) != len(expected_sheets):
        raise FormRefused(_("Arkene i skjemaet er endret (lagt til, fjernet eller gitt nytt navn). Bruk skjemaet "
                            "slik det ble lastet ned."))
    if not read["protected"]:
        raise FormRefused(_("Beskyttelsen av et ark i skjemaet er fjernet, så tiltak kan ikke vite at bare cellene "
                            "som skal fylles ut, er endret. Fyll ut et skjema med beskyttelsen på."))
    rows = read["rows"]
    if not rows or rows[0] not in layout.known_headers():
        raise FormRefused(_("Overskriftsraden i skjemaet er endret. Bruk skjemaet slik det ble lastet ned."))
    body = rows[1:]
    numbers = [mark.number for mark in meta.entries]
    if [row[layout.NUMBER - 1].strip() for row in body] != numbers:
        raise FormRefused(_("Radene i skjemaet er endret: tiltak er lagt til, fjernet, flyttet eller har fått nytt "
                            "nummer. Skjemaet skal ha de samme radene som da det ble lastet ned."))
    the_round = Round.objects.select_related("plan__scale").filter(plan__slug=meta.plan, slug=meta.round).first()
    if the_round is None:
        raise FormRefused(_("Skjemaet er for en runde som ikke finnes i tiltak."))
    form_rows = [FormRow(number=mark.number, version=mark.version, digest=mark.digest,
                         status=row[layout.STATUS - 1], narrative=row[layout.TEXT - 1], links=row[layout.LINKS - 1])
                 for mark, row in zip(meta.entries, body, strict=True)]
    return ReadForm(meta=meta, the_round=the_round, rows=form_rows)


def require_round(form: ReadForm, the_round: Round) -> None:
    """Refuse a form of another plan or round than the one it is uploaded to."""
    if form.the_round.pk != the_round.pk:
        raise FormRefused(_("Skjemaet er for «%(form)s» (%(plan)s), ikke for «%(round)s». Last opp skjemaet for "
                            "denne runden.") % {"form": form.the_round.label, "plan": form.the_round.plan.title,
                                                "round": the_round.label})



def overwrite_choices(text: str) -> dict[str, int]:
    """«10:3,12:5»: the rows whose conflict the sender chooses to settle with the form's text, each with the version
    of the entry they saw in the answer (a dry run's `conflict` row says it). An entry changed again since then is
    a conflict once more: nothing is overwritten blind. Refused in words when it is not such a list."""
    chosen: dict[str, int] = {}
    for part in filter(None, (piece.strip() for piece in text.split(","))):
        number, _colon, version = part.rpartition(":")
        if not number or not version.isdigit() or not version.isascii() or int(version) < 1:
            raise FormRefused(_("«%(part)s» er ikke et tiltaksnummer og en versjon, som «10:3».") % {"part": part})
        chosen[number.strip()] = int(version)
    return chosen
