from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "tiltak.web"

    def ready(self):
        # Registers the permission rules with django-rules, so user.has_perm() answers from the first request on
        # (the rules library's own autodiscovery does the same for modules named rules.py).
        from tiltak.plans import access  # noqa: F401
