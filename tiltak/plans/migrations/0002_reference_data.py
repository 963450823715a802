from django.db import migrations

from tiltak.plans.actions.reference import load_ministries, load_scales


def forward(apps, schema_editor):
    load_ministries(apps.get_model("plans", "Ministry"))
    load_scales(apps.get_model("plans", "StatusScale"), apps.get_model("plans", "Grade"),
                apps.get_model("plans", "StatusLabel"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0001_initial")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
