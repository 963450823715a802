"""The ``tiltak`` console script: every Django management command, with tiltak's own among them.

Configuration errors (a bad environment variable, an unwritable data directory) end with one line on
stderr and exit code 2, before Django prints a traceback.
"""

import os
import sys


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        sys.stderr.write(f"tiltak: error: {exc}\n")
        sys.exit(2)

    from django.core.management import execute_from_command_line

    argv[0] = "tiltak"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
