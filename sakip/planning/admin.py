from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.planning import models


class IndicatorTargetInline(admin.TabularInline):
    model = models.IndicatorTarget
    extra = 0


@admin.register(models.Rpjmd)
class RpjmdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pemda"]


@admin.register(models.RpjmdMission)
class RpjmdMissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rpjmd"]


@admin.register(models.RpjmdGoal)
class RpjmdGoalAdmin(admin.ModelAdmin):
    list_display = ["text", "mission"]


@admin.register(models.Renstra)
class RenstraAdmin(admin.ModelAdmin):
    list_display = ["__str__", "agency", "start_year", "end_year"]


@admin.register(models.Goal)
class GoalAdmin(admin.ModelAdmin):
    list_display = ["name", "renstra", "number"]


@admin.register(models.Objective)
class ObjectiveAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "number"]
    list_filter = ["agency__pemda"]


@admin.register(models.ProgramItem)
class ProgramItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "agency"]
    list_filter = ["level", "agency__pemda"]
    search_fields = ["code", "name"]


@admin.register(models.ItemBudget)
class ItemBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["item", "year", "pagu", "renstra_pagu"]
    list_filter = ["year"]


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    list_display = ["name", "agency", "unit", "polarity", "quarter_combine", "is_iku"]
    list_filter = ["pemda", "polarity", "quarter_combine", "is_iku"]
    search_fields = ["name", "code"]
    inlines = [IndicatorTargetInline]
