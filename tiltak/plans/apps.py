from django.apps import AppConfig


class PlansConfig(AppConfig):
    name = "tiltak.plans"
