import hashlib
import json
import os

from django.conf import settings
from django.contrib.staticfiles.finders import get_finders
from django.core.management import call_command
from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.migrations.executor import MigrationExecutor

from tiltak.plans.actions import search_index
from tiltak.plans.builtin import load_builtin_plan

# ReDoc (django-ninja ships it; the API docs page is Swagger UI) would add 4 MB to hash and compress.
STATIC_IGNORE = ["redoc.standalone.js*"]
STATIC_STAMP = ".tiltak-collected"


def pending_migrations() -> bool:
    executor = MigrationExecutor(connections[DEFAULT_DB_ALIAS])
    return bool(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def static_fingerprint() -> str:
    """What collectstatic would collect: every source file's name, size and modification time (a stat each, no
    reading), and the storage that writes them."""
    digest = hashlib.sha256(settings.STORAGES["staticfiles"]["BACKEND"].encode())
    for finder in get_finders():
        for path, storage in sorted(finder.list(STATIC_IGNORE), key=lambda item: item[0]):
            stat = os.stat(storage.path(path))
            digest.update(json.dumps([path, stat.st_size, stat.st_mtime_ns]).encode())
    return digest.hexdigest()


class Command(BaseCommand):
    help = ("Prepare the data directory and database: migrate, collect static files, load the built-in plan into "
            "an empty database — each only when it has something to do.")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]
        if pending_migrations():
            call_command("migrate", interactive=False, verbosity=max(verbosity - 1, 0))
        # Collecting (hashing and compressing every file) takes many seconds: only when the files have changed.
        stamp = settings.STATIC_ROOT / STATIC_STAMP
        fingerprint = static_fingerprint()
        manifest = settings.STATIC_ROOT / "staticfiles.json"
        if (not stamp.is_file() or stamp.read_text(encoding="utf-8") != fingerprint
                or ("Manifest" in settings.STORAGES["staticfiles"]["BACKEND"] and not manifest.is_file())):
            call_command("collectstatic", interactive=False, verbosity=max(verbosity - 1, 0),
                         ignore_patterns=STATIC_IGNORE)
            stamp.write_text(fingerprint, encoding="utf-8")
        if search_index.mend():
            self.stdout.write("the search index's GIN index was missing (a load killed outright?): made again")
        result = load_builtin_plan()
        if result is None:
            self.stdout.write("database ready; it already holds a plan, nothing loaded")
        else:
            count = result.plan.measures.count()
            self.stdout.write(f"database ready; loaded plan {result.plan.slug} with {count} measures "
                              f"and round {result.round.slug}")
