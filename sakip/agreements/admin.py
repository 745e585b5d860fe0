from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.agreements import models


class TargetInline(admin.TabularInline):
    model = models.AgreementTarget
    extra = 0


class BudgetInline(admin.TabularInline):
    model = models.AgreementBudget
    extra = 0


@admin.register(models.Agreement)
class AgreementAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "first_name", "year", "version", "state"]
    list_filter = ["pemda", "year", "state"]
    inlines = [TargetInline, BudgetInline]


@admin.register(models.AgreementEvent)
class AgreementEventAdmin(admin.ModelAdmin):
    """The workflow log is written by the actions only: read it here, never edit it."""

    list_display = ["at", "action", "subject", "actor", "pemda"]
    list_filter = ["pemda", "action"]
    search_fields = ["subject", "reason"]

    def has_add_permission(self, request: object) -> bool:
        return False

    def has_change_permission(self, request: object, obj: object = None) -> bool:
        return False

    def has_delete_permission(self, request: object, obj: object = None) -> bool:
        return False


@admin.register(models.BudgetApproval)
class BudgetApprovalAdmin(SimpleHistoryAdmin):
    list_display = ["pemda", "year", "approved_on"]
    list_filter = ["pemda"]
