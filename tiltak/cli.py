"""The ``tiltak`` console script: every Django management command, with tiltak's own among them.

Configuration errors (a bad environment variable, an unwritable data directory) end with one line on
stderr and exit code 2, before Django prints a traceback.

Reading the settings never writes anything; this script prepares the data folder before a command runs:
it creates the folder (0700) and the SQLite file (0600), and for `init` and `serve` the secret key (0600).
"""

import os
import sys

# Commands that touch no database and no data folder.
NO_DATA_DIR = {"parse", "help", "--help", "-h", "version", "--version"}
# Commands that prepare an instance, and so generate its secret key when the environment gives none.
PREPARING = {"init", "serve"}


def _fail(message: str) -> None:
    sys.stderr.write(f"tiltak: error: {message}\n")
    sys.exit(2)


def _prepare(command: str) -> None:
    """Read the settings (which validates them), then make the data folder ready for the command."""
    import importlib

    from django.core.exceptions import ImproperlyConfigured

    from tiltak.lib import datadir
    from tiltak.lib.env import EnvError, env_secret

    module = os.environ["DJANGO_SETTINGS_MODULE"]
    try:
        config = importlib.import_module(module)
    except ImproperlyConfigured as exc:
        _fail(str(exc))
    if command in NO_DATA_DIR or module != "tiltak.settings":
        return
    try:
        datadir.prepare(config.DATA_DIR, sqlite_file=datadir.sqlite_file(config.DATABASES["default"]),
                        secret_key=command in PREPARING and env_secret("TILTAK_SECRET_KEY") is None)
        # The key the settings read before it existed: the one now in the folder, for this process too.
        config.SECRET_KEY = env_secret("TILTAK_SECRET_KEY") or datadir.read_secret_key(config.DATA_DIR) \
            or config.SECRET_KEY
        if command == "serve":
            # gunicorn's workers keep their metrics in files that /metrics adds up (tiltak.lib.metrics);
            # prometheus-client reads this when first imported, so before Django starts.
            os.environ["PROMETHEUS_MULTIPROC_DIR"] = str(datadir.fresh_metrics_dir(config.DATA_DIR))
    except EnvError as exc:
        _fail(str(exc))


def main(argv: list[str] | None = None) -> None:
    argv = list(sys.argv if argv is None else argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")
    _prepare(argv[1] if len(argv) > 1 else "help")

    import django
    from django.core.exceptions import ImproperlyConfigured

    try:
        django.setup()
    except ImproperlyConfigured as exc:
        _fail(str(exc))

    from django.core.management import execute_from_command_line

    argv[0] = "tiltak"
    execute_from_command_line(argv)


if __name__ == "__main__":
    main()
