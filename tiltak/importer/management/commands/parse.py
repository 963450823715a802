"""``tiltak parse FILE [--scale SLUG] [--restorations]``: a status report as report JSON on stdout; no database."""

import io
import json
import sys

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from tiltak.importer.api import ImportFailure
from tiltak.importer.readers import DEFAULT_MAX_BYTES
from tiltak.importer.sandbox import parse_file


def parse_or_fail(path: str, scale: str | None):
    """Parse ``path`` with the size limit of the settings, in a child process with limits on memory and time
    (:mod:`tiltak.importer.sandbox`); a CommandError (exit code 2) on bad input."""
    max_bytes = getattr(settings, "MAX_UPLOAD_BYTES", DEFAULT_MAX_BYTES)
    try:
        return parse_file(path, scale=scale, max_bytes=max_bytes)
    except ImportFailure as exc:
        raise CommandError(str(exc), returncode=2) from None


def add_parse_arguments(parser) -> None:
    parser.add_argument("file", help="the report: plain/OCR text, DOCX, PDF or report JSON")
    parser.add_argument(
        "--scale",
        help="slug of the status scale (tiltak/plans/data/scales.json) for a document without a legend",
    )


class Command(BaseCommand):
    help = (
        "Read a published status report (plain/OCR text in UTF-8 or Windows-1252, DOCX, PDF, or report JSON) and "
        "print it as report JSON (UTF-8) on stdout, with its warnings. Touches no database. Files over "
        "MAX_UPLOAD_BYTES (TILTAK_MAX_UPLOAD_BYTES, default 20 MiB) are refused. With --restorations the JSON gets "
        'a "restorations" list of every restored word (the unsure ones flagged); -v 2 prints the unsure ones on stderr.'
    )
    requires_system_checks = []
    requires_migrations_checks = False

    def add_arguments(self, parser):
        add_parse_arguments(parser)
        parser.add_argument(
            "--restorations",
            action="store_true",
            help='add a "restorations" list: every restored word, the unsure ones flagged',
        )

    def handle(self, *args, file, scale=None, restorations=False, **options):
        if isinstance(sys.stdout, io.TextIOWrapper) and (sys.stdout.encoding or "").lower() != "utf-8":
            sys.stdout.reconfigure(encoding="utf-8")
        report = parse_or_fail(file, scale)
        if options.get("verbosity", 1) >= 2:
            for note in (n for n in report.restorations if n["unsure"]):
                self.stderr.write(
                    f"unsure: tiltak {note['measure']}: {note['word']} → {note['chosen']}"
                    f" (or {', '.join(note['alternatives'])})"
                )
        self.stdout.write(json.dumps(report.to_json(with_restorations=restorations), ensure_ascii=False, indent=2))
