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
