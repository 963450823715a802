"""Project-wide app configuration."""

from django.contrib.staticfiles.apps import StaticFilesConfig


class StaticFiles(StaticFilesConfig):
    """Django's static files, leaving out django-ninja's ReDoc (tiltak's API docs page is Swagger UI): it and its
    source map are 4 MB that `tiltak init` would otherwise hash and compress for nothing."""

    ignore_patterns = [*StaticFilesConfig.ignore_patterns, "redoc.standalone.js*"]
