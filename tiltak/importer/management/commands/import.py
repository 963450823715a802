"""``tiltak import FILE [--plan SLUG] [--dry-run] [--scale SLUG] [--reason TEXT] [--unpublished]``.

Parse a report (in a child process with limits: tiltak/importer/sandbox.py), then store it in one short
transaction. The command acts as the system (``actions.SYSTEM``): whoever runs it on the server acts as an
administrator, so the same rules hold as in the web import — an approved entry of a round in progress is never
changed, a published round only corrected with a reason — but no permission is asked.
"""

from django.core.management.base import BaseCommand, CommandError

from tiltak.importer.management.commands.parse import add_parse_arguments, parse_or_fail

KEPT_FIELDS = {"title": "tittel", "plan_text": "tekst i planen", "status_text": "beskrivelse",
               "introduction": "innledning"}


class Command(BaseCommand):
    help = (
        "Parse a status report and store it: as a new plan with one round, or as a round of the plan --plan names "
        "or of the existing plan the document matches (same title and period, or the same measures). Prints what "
        "it created or changed, and every warning. Changing a published round is a correction and needs --reason."
    )

    def add_arguments(self, parser):
        add_parse_arguments(parser)
        parser.add_argument("--plan", help="slug of the plan: an existing plan gets a new round")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; store nothing")
        parser.add_argument("--reason", default="", help="why a published round is corrected (recorded in the history)")
        parser.add_argument("--unpublished", action="store_true",
                            help="keep a new round unpublished (closed, every entry approved) for review")

    def handle(self, *args, file, scale=None, plan=None, dry_run=False, reason="", unpublished=False, **options):
        from tiltak.plans.actions import SYSTEM, ImportRejected, import_report

        report = parse_or_fail(file, scale)  # before any transaction: a parse never holds the write lock
        try:
            result = import_report(document=report.to_json(), plan_slug=plan, acting_user=SYSTEM, dry_run=dry_run,
                                   reason=reason, publish=not unpublished)
        except ImportRejected as exc:
            raise CommandError(f"{file}: {exc}", returncode=2) from None
        if dry_run:
            self.stdout.write("Prøvekjøring (--dry-run): ingenting er lagret.")
        for line in result.lines:
            self.stdout.write(line)
        if not result.changed:
            self.stdout.write("Ingenting er endret.")
        for kept in result.stored_kept:  # the document is worse than what is stored: the stored text is kept
            where = f"tiltak {kept.measure}" if kept.measure is not None else "runden"
            what = KEPT_FIELDS.get(kept.field, kept.field)
            if kept.whole:
                self.stdout.write(f"beholdt: {where}: {what}: dokumentet er dårligere her; "
                                  "den lagrede teksten beholdes")
            else:
                self.stdout.write(f"beholdt: {where}: {what}: {kept.kept_words} ord beholder den lagrede skrivemåten")
        for note in report.uncertain:  # what was not read for certain, though the document does not contradict it
            where = f"tiltak {note.measure}: " if note.measure else ""
            self.stdout.write(f"usikkert: {where}{note.message} [{note.code}]")
        if result.needs_reason and dry_run and not reason:
            self.stdout.write("Runden er publisert: endringene er rettelser og krever --reason.")
        for warning in result.warnings:
            where = f"tiltak {warning['measure']}: " if warning.get("measure") else ""
            self.stdout.write(f"advarsel: {where}{warning.get('message', '')} [{warning.get('code', '')}]")
