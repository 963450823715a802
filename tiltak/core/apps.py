from django.apps import AppConfig


class CoreConfig(AppConfig):
    """What belongs to the whole app rather than to one of its parts: the commands that prepare, serve, measure,
    export and restore an instance, and the web helpers every interface app shares (the page cache, paging, the
    narratives' markup)."""

    name = "tiltak.core"

    def ready(self):
        from tiltak.core.generations import connect_signals

        connect_signals()
