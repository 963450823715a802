"""`tiltak backup FILE`: a consistent copy of the SQLite database while the server goes on serving.

SQLite's online backup API copies the database page by page inside one read transaction, so the copy is the
database as it was at one moment, whatever writers do meanwhile (WAL mode lets them go on). The copy is written
next to FILE, checked, and only then moved into place, readable by its owner only (it holds password hashes).

On PostgreSQL the database server makes the copy: `pg_dump --format=custom --file=FILE DATABASE` (and
`pg_restore --clean --dbname=DATABASE FILE` to bring it back); this command says so and stops.
"""

import os
import re
import sqlite3
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import connection


def _regexp(pattern, value) -> bool:
    return value is not None and re.search(pattern, str(value)) is not None


class Command(BaseCommand):
    help = "Write a consistent copy of the SQLite database to FILE while tiltak serves (PostgreSQL: use pg_dump)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="where the copy goes (replaced if it exists)")

    def handle(self, *args, **options):
        if connection.vendor != "sqlite":
            raise CommandError("tiltak backup copies SQLite databases; on PostgreSQL use "
                               "«pg_dump --format=custom --file=FILE DATABASE» (see README.md)", returncode=2)
        target = Path(options["file"]).expanduser().resolve()
        if target == Path(connection.settings_dict["NAME"]).resolve():
            raise CommandError("the copy cannot replace the database itself", returncode=2)
        partial = target.with_name(f".{target.name}.partial")
        try:
            partial.unlink(missing_ok=True)
            os.close(os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600))
            connection.ensure_connection()
            copy = sqlite3.connect(partial)
            # The integrity check evaluates CHECK constraints, some of which use REGEXP (as Django defines it).
            copy.create_function("REGEXP", 2, _regexp, deterministic=True)
            try:
                connection.connection.backup(copy)
                copy.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
                check = copy.execute("PRAGMA integrity_check").fetchone()[0]
            finally:
                copy.close()
            if check != "ok":
                raise CommandError(f"the copy failed its integrity check: {check}", returncode=2)
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as exc:
            partial.unlink(missing_ok=True)
            raise CommandError(f"cannot write {target}: {exc}", returncode=2) from None
        self.stderr.write(f"wrote {target} ({target.stat().st_size:,} bytes)".replace(",", " "))
