from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.measurement import models


@admin.register(models.Actual)
class ActualAdmin(SimpleHistoryAdmin):
    list_display = ["indicator", "year", "quarter", "value"]
    list_filter = ["year", "quarter"]


@admin.register(models.BudgetActual)
class BudgetActualAdmin(SimpleHistoryAdmin):
    list_display = ["item", "year", "quarter", "amount"]
    list_filter = ["year", "quarter"]


@admin.register(models.QuarterReport)
class QuarterReportAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "year", "quarter", "state"]


class ActionPlanRowInline(admin.TabularInline):
    model = models.ActionPlanRow
    extra = 0


@admin.register(models.ActionPlan)
class ActionPlanAdmin(SimpleHistoryAdmin):
    list_display = ["agency", "year"]
    inlines = [ActionPlanRowInline]
