"""Plans were to have chapters; nothing ever made one. The model and the measures' empty link to it go
(`tiltak restore` reads an export made before this without them: tiltak.plans.actions.restore)."""

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('plans', '0010_entry_version_via'),
    ]

    operations = [
        migrations.RemoveField(
            model_name='measure',
            name='chapter',
        ),
        migrations.DeleteModel(
            name='Chapter',
        ),
    ]
