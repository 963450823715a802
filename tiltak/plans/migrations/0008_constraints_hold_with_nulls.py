"""Uniqueness that holds where fields are NULL (roles, plan-wide notes, ministries without a start date), and one
reminder per round, person, kind and window by constraint.

Before the constraints: duplicate roles and notes that the old constraints let in are removed (the oldest row
stays), and every reminder gets the window it was for.
"""

import datetime

from django.conf import settings
from django.db import migrations, models

REPEAT_OVERDUE_DAYS = 7  # tiltak.web.reminders.REPEAT_OVERDUE


def _drop_duplicates(model, key) -> None:
    seen = set()
    doomed = []
    for row in model.objects.order_by("pk"):
        if key(row) in seen:
            doomed.append(row.pk)
        seen.add(key(row))
    model.objects.filter(pk__in=doomed).delete()


def remove_duplicates_and_fill_windows(apps, schema_editor):
    _drop_duplicates(apps.get_model("plans", "Role"), lambda r: (r.user_id, r.kind, r.ministry_id, r.plan_id))
    _drop_duplicates(apps.get_model("plans", "DataQualityNote"), lambda n: (n.round_id, n.measure_id, n.code))
    Reminder = apps.get_model("plans", "Reminder")
    for reminder in Reminder.objects.select_related("round"):
        deadline = reminder.round.deadline or reminder.sent_at.date()
        if reminder.kind == "overdue":
            weeks = max((reminder.sent_at.date() - deadline).days, 0) // REPEAT_OVERDUE_DAYS
            reminder.window = deadline + datetime.timedelta(days=weeks * REPEAT_OVERDUE_DAYS)
        else:
            reminder.window = deadline
        reminder.save(update_fields=["window"])
    _drop_duplicates(Reminder, lambda r: (r.round_id, r.user_id, r.kind, r.window))


class Migration(migrations.Migration):

    dependencies = [
        ("plans", "0007_normalise_stored_text"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RemoveConstraint(
            model_name='dataqualitynote',
            name='note_unique_per_measure_code',
        ),
        migrations.RemoveConstraint(
            model_name='ministry',
            name='ministry_unique_period',
        ),
        migrations.RemoveConstraint(
            model_name='role',
            name='role_unique',
        ),
        migrations.RemoveIndex(
            model_name='reminder',
            name='reminder_lookup',
        ),
        migrations.AddField(
            model_name='reminder',
            name='window',
            field=models.DateField(default=datetime.date(2000, 1, 1)),
            preserve_default=False,
        ),
        migrations.RunPython(remove_duplicates_and_fill_windows, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name='dataqualitynote',
            constraint=models.UniqueConstraint(condition=models.Q(('measure__isnull', False)), fields=('round', 'measure', 'code'), name='note_unique_per_measure_code'),
        ),
        migrations.AddConstraint(
            model_name='dataqualitynote',
            constraint=models.UniqueConstraint(condition=models.Q(('measure__isnull', True)), fields=('round', 'code'), name='note_unique_per_round_code'),
        ),
        migrations.AddConstraint(
            model_name='ministry',
            constraint=models.UniqueConstraint(condition=models.Q(('valid_from__isnull', False)), fields=('abbreviation', 'valid_from'), name='ministry_unique_period'),
        ),
        migrations.AddConstraint(
            model_name='ministry',
            constraint=models.UniqueConstraint(condition=models.Q(('valid_from__isnull', True)), fields=('abbreviation',), name='ministry_unique_open_start'),
        ),
        migrations.AddConstraint(
            model_name='reminder',
            constraint=models.UniqueConstraint(fields=('round', 'user', 'kind', 'window'), name='reminder_once_per_window'),
        ),
        migrations.AddConstraint(
            model_name='role',
            constraint=models.UniqueConstraint(condition=models.Q(('ministry__isnull', False), ('plan__isnull', False)), fields=('user', 'kind', 'ministry', 'plan'), name='role_unique'),
        ),
        migrations.AddConstraint(
            model_name='role',
            constraint=models.UniqueConstraint(condition=models.Q(('ministry__isnull', False), ('plan__isnull', True)), fields=('user', 'kind', 'ministry'), name='role_unique_without_plan'),
        ),
        migrations.AddConstraint(
            model_name='role',
            constraint=models.UniqueConstraint(condition=models.Q(('ministry__isnull', True), ('plan__isnull', False)), fields=('user', 'kind', 'plan'), name='role_unique_without_ministry'),
        ),
        migrations.AddConstraint(
            model_name='role',
            constraint=models.UniqueConstraint(condition=models.Q(('ministry__isnull', True), ('plan__isnull', True)), fields=('user', 'kind'), name='role_unique_without_ministry_and_plan'),
        ),
    ]
