"""`tiltak export`: everything as one JSON document. It holds password hashes, token digests and e-mail addresses, so
wherever it is written it is the owner's alone: ``-o FILE`` creates it 0600; on standard output a file the shell
opened (``tiltak export > FILE``) is narrowed to 0600 before anything is written, a terminal is refused, and a pipe
gets a one-line warning (what it ends up in is the receiver's to protect)."""

import json
import os
import stat
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tiltak.lib.datadir import write_private_text
from tiltak.plans.backup import export_document


class Command(BaseCommand):
    help = "Write everything (ministries, plans, rounds, entries with history, users) as one JSON document."

    def add_arguments(self, parser):
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, **options):
        if not options["output"]:
            self._protect_stdout()
            self.stdout.write(json.dumps(export_document(), ensure_ascii=False, indent=1) + "\n", ending="")
            return
        text = json.dumps(export_document(), ensure_ascii=False, indent=1) + "\n"
        output = Path(options["output"])
        try:
            # Password hashes, token digests and e-mail addresses: readable by the owner only, from the start.
            write_private_text(output, text)
        except OSError as exc:
            raise CommandError(f"cannot write {output}: {exc.strerror}", returncode=2) from None
        self.stderr.write(f"wrote {output}")

    def _protect_stdout(self) -> None:
        try:
            fd = self.stdout._out.fileno()
        except (AttributeError, OSError, ValueError):
            return  # not a file at all (called from Python with a StringIO, say)
        if os.isatty(fd):
            raise CommandError("the export holds password hashes and e-mail addresses: write it to a file "
                               "(-o FILE, created readable by you only) rather than to the terminal", returncode=2)
        mode = os.fstat(fd).st_mode
        if stat.S_ISREG(mode):
            if stat.S_IMODE(mode) & 0o077:
                try:
                    os.fchmod(fd, 0o600)
                except OSError as exc:
                    raise CommandError(f"cannot make the output readable by its owner only: {exc.strerror}; "
                                       "use -o FILE", returncode=2) from None
        else:
            self.stderr.write("tiltak export: the output holds password hashes and e-mail addresses; keep what "
                              "receives it private (-o FILE creates a file readable by you only)")
