from django.apps import AppConfig


class FormsXlsxConfig(AppConfig):
    name = "tiltak.forms_xlsx"
    label = "forms_xlsx"
