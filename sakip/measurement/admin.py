"""Measurement in the Django admin: read-only. Figures, evidence and the workflow change
only through sakip.measurement.actions (locks, optimistic locking, the event log);
an edit here would bypass all three."""

from django.contrib import admin

from sakip.measurement import models
from sakip.web.history_admin import GuardedHistoryAdmin


class ReadOnly:
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Actual)
class ActualAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["indicator", "year", "quarter", "value", "version", "updated_by"]
    list_filter = ["year", "quarter"]


@admin.register(models.BudgetActual)
class BudgetActualAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["item", "year", "quarter", "amount", "version", "updated_by"]
    list_filter = ["year", "quarter"]


@admin.register(models.QuarterReport)
class QuarterReportAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["agency", "year", "quarter", "state"]
    list_filter = ["year", "quarter", "state"]


@admin.register(models.EntryWindow)
class EntryWindowAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["pemda", "year", "quarter", "opens_on", "closes_on"]


@admin.register(models.Evidence)
class EvidenceAdmin(ReadOnly, admin.ModelAdmin):
    list_display = [
        "original_name",
        "agency",
        "year",
        "quarter",
        "content_type",
        "size",
        "uploaded_by",
    ]
    exclude = ["file"]  # downloaded through the access gate only


@admin.register(models.MeasurementEvent)
class MeasurementEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "actor_name", "action", "subject", "old_value", "new_value", "reason"]
    list_filter = ["action", "year", "quarter"]


class ActionPlanRowInline(ReadOnly, admin.TabularInline):
    model = models.ActionPlanRow
    extra = 0


@admin.register(models.ActionPlan)
class ActionPlanAdmin(ReadOnly, GuardedHistoryAdmin):
    """Read-only too: quarterly targets change only through save_plan_row (the PK target
    check, the lock of submitted quarters, versions and the event log)."""

    list_display = ["agency", "year"]
    inlines = [ActionPlanRowInline]
