"""``tiltak import FILE [--plan SLUG] [--dry-run] [--scale SLUG]``: parse a report and store it, in one transaction."""

from django.core.management.base import BaseCommand, CommandError

from tiltak.importer.management.commands.parse import add_parse_arguments, parse_or_fail


class Command(BaseCommand):
    help = (
        "Parse a status report and store it: as a new plan with one round, or as a new round of the plan --plan "
        "names. Prints what it created or changed, and every warning."
    )

    def add_arguments(self, parser):
        add_parse_arguments(parser)
        parser.add_argument("--plan", help="slug of the plan: an existing plan gets a new round")
        parser.add_argument("--dry-run", action="store_true", help="show what would change; store nothing")

    def handle(self, *args, file, scale=None, plan=None, dry_run=False, **options):
        from tiltak.plans.actions import ImportRejected, import_report

        report = parse_or_fail(file, scale)
        try:
            result = import_report(document=report.to_json(), plan_slug=plan, acting_user=None, dry_run=dry_run)
        except ImportRejected as exc:
            raise CommandError(f"{file}: {exc}", returncode=2) from None
        if dry_run:
            self.stdout.write("Prøvekjøring (--dry-run): ingenting er lagret.")
        for line in result.lines:
            self.stdout.write(line)
        if not result.lines:
            self.stdout.write("Ingenting er endret.")
        for note in report.uncertain:  # what was not read for certain, though the document does not contradict it
            where = f"tiltak {note.measure}: " if note.measure else ""
            self.stdout.write(f"usikkert: {where}{note.message} [{note.code}]")
        for warning in result.warnings:
            where = f"tiltak {warning['measure']}: " if warning.get("measure") else ""
            self.stdout.write(f"advarsel: {where}{warning.get('message', '')} [{warning.get('code', '')}]")
