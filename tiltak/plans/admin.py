"""The administrator's view of the register. Django's admin cannot go around the rules:

- rounds (their state and publication), entries and their history are read-only here: they change through the
  web app's and the API's actions only;
- plans, measures and the status scales are read-only too: they change on the register pages (/arbeid/planer/),
  through the actions that keep published rounds as they were and record every change;
- roles are read-only (the people pages, /arbeid/brukere/, change them and record who did);
- the ministry register is read-only: it is reference data, changed in ``data/ministries.json`` and loaded by a
  data migration (a ministry renamed here would silently change published reports);
- nothing here deletes a row that history hangs on, so no admin screen deletes or rewrites a history row
  (deleting a plan, round or entry would cascade to its history; deleting a user would blank «changed by»).

Every history row shows the id of the request that made it (``X-Request-ID``, the ``request_id`` of that request's
log lines and of nginx's access line), and the history lists are searched by it: an operator who finds a request in
a log finds what it changed here, and back.
"""

from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin

from tiltak.plans.models import (
    AccountChange,
    DataQualityNote,
    Grade,
    Measure,
    Ministry,
    Plan,
    PlanChange,
    Responsibility,
    Role,
    Round,
    SignInIdentity,
    StatusEntry,
    StatusEntryVersion,
    StatusLabel,
    StatusScale,
)


class ReadOnlyMixin:
    """Viewable, never added, changed or deleted from the admin."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class ReadOnlyInline(ReadOnlyMixin, admin.TabularInline):
    extra = 0
    can_delete = False


@admin.register(Ministry)
class MinistryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    """The ministry register is reference data (``tiltak/plans/data/ministries.json``, loaded by migrations): a
    name changed here would change the published reports that show it, with no record of who or why."""

    list_display = ["abbreviation", "name", "valid_from", "valid_to", "successor"]
    search_fields = ["abbreviation", "name"]


class StatusLabelInline(ReadOnlyInline):
    model = StatusLabel


@admin.register(Grade)
class GradeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "scale", "position", "meaning", "colour"]
    list_filter = ["scale"]
    inlines = [StatusLabelInline]


class GradeInline(ReadOnlyInline):
    model = Grade
    show_change_link = True


@admin.register(StatusScale)
class StatusScaleAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["name", "slug"]
    inlines = [GradeInline]


@admin.register(Plan)
class PlanAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["title", "slug", "period_start", "period_end", "coordinator"]
    list_filter = ["coordinator"]
    search_fields = ["title", "slug"]


class ResponsibilityInline(ReadOnlyInline):
    model = Responsibility
    ordering = ["position"]


@admin.register(Measure)
class MeasureAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["number", "title", "plan", "retired_at"]
    list_filter = ["plan"]
    search_fields = ["number", "title"]
    ordering = ["plan", "sort_key"]
    inlines = [ResponsibilityInline]


@admin.register(Round)
class RoundAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["label", "plan", "as_of", "deadline", "state", "published_at"]
    list_filter = ["plan", "state"]


class StatusEntryVersionInline(ReadOnlyInline):
    model = StatusEntryVersion
    fields = ["version", "action", "status", "state", "narrative", "comment", "changed_at", "changed_by",
              "request_id"]
    readonly_fields = fields


@admin.register(StatusEntry)
class StatusEntryAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["measure", "round", "status", "state", "version", "updated_at"]
    list_filter = ["round__plan", "round", "state"]
    list_select_related = ["measure", "round__plan", "status"]
    # «=»: the whole id (a request's entries, found from its id in a log line).
    search_fields = ["=versions__request_id"]
    inlines = [StatusEntryVersionInline]


@admin.register(DataQualityNote)
class DataQualityNoteAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["round", "measure", "code", "message"]
    list_filter = ["round", "code"]
    list_select_related = ["round__plan", "measure"]


@admin.register(Role)
class RoleAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "kind", "ministry", "plan"]
    list_filter = ["kind", "ministry__abbreviation", "plan"]
    list_select_related = ["user", "ministry", "plan"]
    search_fields = ["user__username", "user__email"]


@admin.register(PlanChange)
class PlanChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["changed_at", "plan", "action", "measure", "changed_by", "request_id"]
    list_filter = ["plan", "action"]
    list_select_related = ["plan", "measure", "changed_by"]
    search_fields = ["=request_id"]


@admin.register(AccountChange)
class AccountChangeAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["changed_at", "username", "action", "detail", "changed_by", "plan", "request_id"]
    list_filter = ["action", "plan"]
    list_select_related = ["changed_by", "plan"]
    search_fields = ["username", "detail", "=request_id"]


@admin.register(SignInIdentity)
class SignInIdentityAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ["user", "issuer", "subject", "linked_at"]
    list_select_related = ["user"]
    search_fields = ["user__username", "subject"]


class TiltakUserAdmin(ReadOnlyMixin, UserAdmin):
    """Accounts are read-only here: activation, roles, e-mail and passwords change on the people pages
    (/arbeid/brukere/) or with `tiltak user`, through the actions that check who may and write the account log
    (Django's own pages would change active, superuser and password with no record). Accounts are deactivated,
    never deleted: their name stays on the history they wrote."""


admin.site.unregister(get_user_model())
admin.site.register(get_user_model(), TiltakUserAdmin)
