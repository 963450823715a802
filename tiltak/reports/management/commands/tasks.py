from django.core.management.base import BaseCommand

from tiltak.reports.tasks import consume_forever, queue, run_pending


class Command(BaseCommand):
    help = ("Run the task queue's consumer on its own (tiltak serve already runs one in every worker): long "
            "renders of large reports. --once runs what is queued and stops.")

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="run the queued tasks, then stop")

    def handle(self, *args, **options):
        if options["once"]:
            self.stdout.write(f"ran {run_pending()} queued tasks")
            return
        self.stdout.write(f"consuming {queue().name} (Ctrl-C stops)")
        consume_forever()
