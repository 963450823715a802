"""The ministry register extended to every Norwegian ministry since 2000, with their periods and successors; the
scales' nynorsk labels («Under førebuing», «Ikkje sett i gang», «Byrja», «Ferdig»).

Rows already in the database are found again by abbreviation and name, so the ministries plans already point to
keep their identity and only get their corrected periods.
"""

from django.db import migrations

from tiltak.plans.actions.reference import load_ministries, load_scales


def forward(apps, schema_editor):
    load_ministries(apps.get_model("plans", "Ministry"))
    load_scales(apps.get_model("plans", "StatusScale"), apps.get_model("plans", "Grade"),
                apps.get_model("plans", "StatusLabel"))


class Migration(migrations.Migration):
    dependencies = [("plans", "0003_accounts_and_reminders")]

    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
