"""The one place that writes an entry's history. Every action that changes an entry calls ``record_version``."""

from django.utils import timezone

from tiltak.plans.models import StatusEntry, StatusEntryVersion


def record_version(entry: StatusEntry, *, action: str, acting_user=None, comment: str = "") -> StatusEntryVersion:
    """Store the entry as it now stands as history row number ``entry.version``."""
    return StatusEntryVersion.objects.create(
        entry=entry,
        version=entry.version,
        action=action,
        status=entry.status,
        narrative=entry.narrative,
        links=list(entry.links),
        state=entry.state,
        comment=comment,
        changed_at=entry.updated_at or timezone.now(),
        changed_by=acting_user,
    )
