"""The one place that writes an entry's history. Every action that changes an entry calls ``record_version``
(or, for many entries at once, ``record_versions``)."""

from django.utils import timezone

from tiltak.core.generations import expire_plans
from tiltak.lib import requestid
from tiltak.plans.models import Round, StatusEntry, StatusEntryVersion


def version_of(entry: StatusEntry, *, action: str, acting_user=None, comment: str = "",
               via: str = "") -> StatusEntryVersion:
    """The entry as it now stands, as (unsaved) history row number ``entry.version``."""
    return StatusEntryVersion(
        entry=entry,
        version=entry.version,
        action=action,
        status_id=entry.status_id,
        narrative=entry.narrative,
        links=list(entry.links),
        state=entry.state,
        comment=comment,
        via=via,
        changed_at=entry.updated_at or timezone.now(),
        changed_by=acting_user,
        request_id=requestid.current(),
    )


def record_version(entry: StatusEntry, *, action: str, acting_user=None, comment: str = "",
                   via: str = "") -> StatusEntryVersion:
    """``via``: how the change came in when not by the entry page or the API (``Via.FORM``: a filled-in form)."""
    version = version_of(entry, action=action, acting_user=acting_user, comment=comment, via=via)
    version.save()
    return version


def record_versions(rows: list[tuple[StatusEntry, str]], *, action: str, acting_user=None,
                    batch_size: int | None = None) -> None:
    """History rows for many entries in one INSERT (or one per ``batch_size``): ``rows`` pairs each (saved) entry
    with its comment. The bulk path: opening a round and the demo data write their history through it."""
    StatusEntryVersion.objects.bulk_create(
        [version_of(entry, action=action, acting_user=acting_user, comment=comment) for entry, comment in rows],
        batch_size=batch_size,
    )
    # A bulk INSERT sends no signal: the cached pages of the plans whose published rounds these rows belong to
    # expire here (a saved history row expires them through its signal, tiltak.core.generations.connect_signals);
    # a draft of a round in progress, which no published page shows, expires nothing.
    rounds = {entry.round_id for entry, _comment in rows}
    expire_plans(Round.objects.filter(pk__in=rounds, state=Round.State.PUBLISHED)
                 .values_list("plan__slug", flat=True).distinct())


def record_versions_as_they_stand(entries, *, action: str, acting_user=None) -> int:
    """The first history row of each of ``entries`` (a StatusEntry queryset of entries just written in bulk), copied
    from the entry by the database in one INSERT … SELECT, as :func:`version_of` would make it with no comment.
    The bulk path for rows that never passed through Python objects (the demo data). Returns how many rows."""
    from django.db import connection

    entry, version = StatusEntry._meta, StatusEntryVersion._meta
    quote = connection.ops.quote_name
    source, params = entries.order_by().values("id").query.sql_with_params()
    columns = ", ".join(quote(version.get_field(name).column) for name in (
        "entry", "version", "action", "status", "narrative", "links", "state", "comment", "via", "changed_at",
        "changed_by", "request_id"))
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {quote(version.db_table)} ({columns}) "  # noqa: S608 - names from the models, values bound
            f"SELECT e.id, e.version, %s, e.status_id, e.narrative, e.links, e.state, '', '', e.updated_at, %s, %s "
            f"FROM {quote(entry.db_table)} e WHERE e.id IN ({source}) ORDER BY e.id",
            [action, acting_user.pk if acting_user else None, requestid.current(), *params])
        count = cursor.rowcount
    expire_plans(Round.objects.filter(pk__in=entries.order_by().values("round_id"), state=Round.State.PUBLISHED)
                 .values_list("plan__slug", flat=True).distinct())
    return count
