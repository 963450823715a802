from django.core.management.base import BaseCommand
from django.utils import timezone

from tiltak.web.reminders import send_reminders


class Command(BaseCommand):
    help = ("E-mail reporters whose measures are not yet submitted: a week before the deadline and when it has "
            "passed. Safe to run from cron as often as you like.")

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="say who would get what, send nothing")

    def handle(self, *args, **options):
        sent = send_reminders(now=timezone.now(), dry_run=options["dry_run"])
        verb = "would send" if options["dry_run"] else "sent"
        for item in sent:
            self.stdout.write(f"{verb} {item.kind} reminder for {item.round} to {item.email}: "
                              f"{', '.join(item.numbers)}")
        self.stdout.write(f"{len(sent)} reminder{'s' if len(sent) != 1 else ''} {verb}")
