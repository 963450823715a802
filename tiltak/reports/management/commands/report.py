from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from tiltak.plans.lookup import NotFound, find_plan, find_round
from tiltak.reports.data import build_report
from tiltak.reports.renderers import ALL_ROUNDS_FORMATS, RENDERERS


class Command(BaseCommand):
    help = "Write a round's status report in one format (to stdout, or to a file with -o)."

    def add_arguments(self, parser):
        parser.add_argument("--plan", help="plan slug; may be left out while the database holds one plan")
        parser.add_argument("--round", help="round slug, or «latest» (the default: the latest published round)")
        parser.add_argument("--format", required=True, choices=sorted(RENDERERS), help="output format")
        parser.add_argument("--lang", default="nb", choices=["nb", "en"], help="language of labels and headings")
        parser.add_argument("-o", "--output", help="write to this file instead of stdout")

    def handle(self, *args, **options):
        output = Path(options["output"]) if options["output"] else None
        if output is not None and not output.parent.is_dir():
            raise CommandError(f"cannot write {output}: the folder {output.parent} does not exist", returncode=2)
        try:
            plan = find_plan(options["plan"])
            the_round = find_round(plan, options["round"])
        except NotFound as exc:
            raise CommandError(str(exc), returncode=2) from None
        fmt = options["format"]
        report = build_report(plan, the_round, all_rounds=fmt in ALL_ROUNDS_FORMATS)
        content = RENDERERS[fmt](report, lang=options["lang"])
        if output is None:
            self._write_stdout(content)
            return
        # Write next to the target and rename, so a failure never leaves half a file.
        partial = output.with_name(f".{output.name}.partial")
        try:
            partial.write_bytes(content)
            partial.replace(output)
        except OSError as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {output}: {exc.strerror}", returncode=2) from None
        self.stderr.write(f"wrote {output} ({len(content)} bytes)")

    def _write_stdout(self, content: bytes) -> None:
        buffer = getattr(self.stdout, "buffer", None)
        if buffer is not None:
            buffer.write(content)
            buffer.flush()
        else:  # call_command(stdout=StringIO()) in tests: text formats only
            self.stdout.write(content.decode("utf-8"), ending="")
