"""WSGI entry point for gunicorn: ``gunicorn tiltak.wsgi``."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tiltak.settings")

application = get_wsgi_application()
