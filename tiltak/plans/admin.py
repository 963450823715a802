"""The administrator's view of the register. Status changes go through the web app's actions, so entries and
their history are read-only here."""

from django.contrib import admin

from tiltak.plans.models import (
    DataQualityNote,
    Grade,
    Measure,
    Ministry,
    Plan,
    Responsibility,
    Round,
    StatusEntry,
    StatusEntryVersion,
    StatusLabel,
    StatusScale,
)


@admin.register(Ministry)
class MinistryAdmin(admin.ModelAdmin):
    list_display = ["abbreviation", "name", "valid_from", "valid_to", "successor"]
    search_fields = ["abbreviation", "name"]


class StatusLabelInline(admin.TabularInline):
    model = StatusLabel
    extra = 0


@admin.register(Grade)
class GradeAdmin(admin.ModelAdmin):
    list_display = ["name", "scale", "position", "meaning", "colour"]
    list_filter = ["scale"]
    inlines = [StatusLabelInline]


class GradeInline(admin.TabularInline):
    model = Grade
    extra = 0
    show_change_link = True


@admin.register(StatusScale)
class StatusScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "slug"]
    inlines = [GradeInline]


@admin.register(Plan)
class PlanAdmin(admin.ModelAdmin):
    list_display = ["title", "slug", "period_start", "period_end", "coordinator"]
    prepopulated_fields = {"slug": ["title"]}


class ResponsibilityInline(admin.TabularInline):
    model = Responsibility
    extra = 0
    ordering = ["position"]


@admin.register(Measure)
class MeasureAdmin(admin.ModelAdmin):
    list_display = ["number", "title", "plan"]
    list_filter = ["plan"]
    search_fields = ["number", "title"]
    ordering = ["plan", "sort_key"]
    readonly_fields = ["sort_key"]
    inlines = [ResponsibilityInline]


@admin.register(Round)
class RoundAdmin(admin.ModelAdmin):
    list_display = ["label", "plan", "as_of", "deadline", "state"]
    list_filter = ["plan", "state"]


class StatusEntryVersionInline(admin.TabularInline):
    model = StatusEntryVersion
    extra = 0
    can_delete = False
    readonly_fields = ["version", "action", "status", "state", "narrative", "comment", "changed_at", "changed_by"]
    fields = readonly_fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(StatusEntry)
class StatusEntryAdmin(admin.ModelAdmin):
    list_display = ["measure", "round", "status", "state", "version", "updated_at"]
    list_filter = ["round__plan", "round", "state"]
    list_select_related = ["measure", "round__plan", "status"]
    inlines = [StatusEntryVersionInline]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False


@admin.register(DataQualityNote)
class DataQualityNoteAdmin(admin.ModelAdmin):
    list_display = ["round", "measure", "code", "message"]
    list_filter = ["round", "code"]
    list_select_related = ["round__plan", "measure"]
