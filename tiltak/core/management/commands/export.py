import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tiltak.lib.datadir import write_private_text
from tiltak.plans.backup import export_document


class Command(BaseCommand):
    help = "Write everything (ministries, plans, rounds, entries with history, users) as one JSON document."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, **options):
        text = json.dumps(export_document(), ensure_ascii=False, indent=1) + "\n"
        if not options["output"]:
            self.stdout.write(text, ending="")
            return
        output = Path(options["output"])
        try:
            # Password hashes, token digests and e-mail addresses: readable by the owner only, from the start.
            write_private_text(output, text)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}", returncode=2) from None
        self.stderr.write(f"wrote {output}")
