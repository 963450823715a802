import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tiltak.plans.actions.restore import RestoreRefused, restore_document


class Command(BaseCommand):
    help = "Load a 'tiltak export' document into an empty database, in one transaction."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, **options):
        path = Path(options["file"])
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise CommandError(f"{path}: no such file", returncode=2) from None
        except (OSError, UnicodeDecodeError) as exc:
            raise CommandError(f"{path}: cannot be read ({exc})", returncode=2) from None
        except RecursionError:
            raise CommandError(f"{path}: the JSON is nested too deeply to be a tiltak export", returncode=2) from None
        except json.JSONDecodeError as exc:
            raise CommandError(f"{path}: not JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})",
                               returncode=2) from None
        try:
            count = restore_document(document=document)
        except RestoreRefused as exc:
            raise CommandError(f"{path}: {exc}", returncode=2) from None
        self.stdout.write(f"restored {count} objects from {path}")
