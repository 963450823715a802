from django.core.management import call_command
from django.core.management.base import BaseCommand

from tiltak.plans.builtin import load_builtin_plan


class Command(BaseCommand):
    help = "Prepare the data directory and database: migrate, load the built-in plan into an empty database."

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        # ReDoc (django-ninja ships it; the API docs page is Swagger UI) would add 4 MB to hash and compress.
        call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0),
                     ignore_patterns=["redoc.standalone.js*"])
        result = load_builtin_plan()
        if result is None:
            self.stdout.write("database ready; it already holds a plan, nothing loaded")
        else:
            count = result.plan.measures.count()
            self.stdout.write(f"database ready; loaded plan {result.plan.slug} with {count} measures "
                              f"and round {result.round.slug}")
