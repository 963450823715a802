from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "tiltak.reports"

    def ready(self):
        from tiltak.lib.httpcache import connect_signals

        connect_signals()
