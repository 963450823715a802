import multiprocessing
import os

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connections
from gunicorn.app.base import BaseApplication

from tiltak.lib.datadir import address_served_on, record_served_address
from tiltak.lib.logs import gunicorn_config
from tiltak.web.demo import create_demo_accounts

# See docs/benchmarks.md («Workers»): a worker's memory rises ~35 MB over its first few thousand requests and is
# nearly flat after (+7 MB over 16,000 more); recycling is a rare guard, not what bounds memory.
MAX_REQUESTS = 50_000


class GunicornApplication(BaseApplication):
    """gunicorn with our WSGI app and options, run in this process (gunicorn's documented custom-app pattern)."""

    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self):
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from tiltak.wsgi import application

        return application


def _worker_exited(server, worker) -> None:
    from tiltak.lib.metrics import worker_exited

    worker_exited(worker.pid)


def _start_task_consumer(worker) -> None:
    from tiltak.reports.tasks import start_embedded_consumer

    start_embedded_consumer()


class Command(BaseCommand):
    help = "Prepare what needs preparing (as 'tiltak init') and serve the web app with gunicorn."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--workers", type=int, default=min(4, multiprocessing.cpu_count() * 2))
        parser.add_argument("--no-init", action="store_true",
                            help="serve at once, without the checks of 'tiltak init' (for deployments that "
                                 "migrate and collect static files themselves)")

    def handle(self, *args, **options):
        if not 0 < options["port"] < 65536:
            raise CommandError(f"--port {options['port']} is not a TCP port (1–65535)", returncode=2)
        if not options["no_init"]:
            # Each step of init only when it has something to do: on a prepared instance this takes a second.
            call_command("init", verbosity=options["verbosity"], stdout=self.stdout)
            self.stdout.write("\n".join(create_demo_accounts(settings.DATA_DIR) or ["no demo accounts made"]))
        host = options["host"]
        shown = f"[{host}]" if ":" in host else host
        if not os.environ.get("TILTAK_SITE_URL"):
            # Links in e-mails point where this server answers (settings were read before it knew the port).
            settings.SITE_URL = address_served_on(host, options["port"])
            record_served_address(settings.DATA_DIR, settings.SITE_URL)
        self.stdout.write(f"tiltak is serving on http://{shown}:{options['port']}/ (data in {settings.DATA_DIR})")
        self.stdout.flush()
        # `init` above left persistent connections open (CONN_MAX_AGE). Close them before gunicorn forks: workers
        # that inherit one share its socket and read each other's rows (on PostgreSQL: IndexError and
        # StopIteration deep in the ORM, 500s under load).
        connections.close_all()
        GunicornApplication({
            "bind": f"{shown}:{options['port']}",
            "workers": options["workers"],
            # Text (gunicorn's access log, with the request id) or one JSON object a line (TILTAK_LOG_FORMAT).
            **gunicorn_config(settings.LOG_FORMAT),
            # A worker is recycled now and then, so memory a request left behind cannot pile up — rarely (after
            # 1,000 requests a worker lived 3.5 s at full load and every restart cost the requests waiting on it)
            # and never two together: the jitter is half the span. A worker silent for 60 s is killed; document
            # parses and renders stop themselves well before (tiltak/importer/sandbox.py: 40 s).
            "max_requests": MAX_REQUESTS,
            "max_requests_jitter": MAX_REQUESTS // 2,
            "timeout": 60,
            # gunicorn answers a request line over 4 KiB with an HTML 414 of its own; 0 passes lines up to its hard
            # cap (1 MiB) to tiltak, which refuses those over 8 KiB in words, as JSON under /api/ as the OpenAPI
            # description declares (tiltak.middleware.RefuseLongRequestLines).
            "limit_request_line": 0,
            # Each worker runs a consumer thread of the task queue (long renders; tiltak.reports.tasks).
            "post_worker_init": _start_task_consumer,
            "child_exit": _worker_exited,
            "graceful_timeout": 30,
            # gunicorn's control socket would live in $HOME, shared by every tiltak on the machine: keep it in
            # the data dir, which belongs to this instance.
            "control_socket": str(settings.DATA_DIR / "gunicorn.ctl"),
        }).run()
