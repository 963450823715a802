from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tiltak.portal.export import ExportError, export_site


class Command(BaseCommand):
    help = "Write the whole public portal (both languages, downloads, feeds, search) as static files into a folder."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", required=True,
                            help="the folder to write; missing, empty or an earlier export (replaced whole)")

    def handle(self, *args, **options):
        try:
            result = export_site(Path(options["output"]))
        except ExportError as exc:
            raise CommandError(str(exc), returncode=2) from None
        except OSError as exc:
            raise CommandError(f"cannot write {options['output']}: {exc.strerror or exc}", returncode=2) from None
        self.stdout.write(f"{result.pages} pages and {result.files - result.pages} other files in {options['output']}")
