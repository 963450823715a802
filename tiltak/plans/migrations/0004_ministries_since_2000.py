"""The ministry register extended to every Norwegian ministry since 2000, with their periods and successors.

Rows already in the database are found again by abbreviation and name, so the ministries plans already point to
keep their identity and only get their corrected periods.
"""

from django.db import migrations

from tiltak.plans.reference import load_ministries


def forward(apps, schema_editor):
    load_ministries(apps.get_model("plans", "Ministry"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_accounts_and_reminders")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
