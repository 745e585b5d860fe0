from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.planning import models
from sakip.rules import formula as formula_rules


class IndicatorForm(forms.ModelForm):
    """The formula is read by the rules' allow-list evaluator; its Indonesian message is
    shown at the field (the model's clean checks it too, for every other save path)."""

    class Meta:
        model = models.Indicator
        fields = [
            "pemda",
            "agency",
            "code",
            "name",
            "unit",
            "polarity",
            "lower_is_better_formula",
            "allows_negative_actual",
            "quarter_combine",
            "year_combine",
            "is_iku",
            "formula_text",
            "formula",
            "variables",
            "definition",
            "data_source",
            "responsible_unit",
            "baseline_text",
            "end_target_text",
            "end_target",
            "rpjmd_goal",
            "rpjmd_objective",
            "goal",
            "objective",
            "program_item",
            "order",
        ]
        help_texts = {
            "formula": (
                "Contoh: resolved / total * 100. Boleh: angka (titik desimal), nama variabel, "
                "+ - × ÷, kurung, dan fungsi sum, mean, min, max, abs, stdev."
            ),
            "variables": 'Nama variabel dan keterangannya, misalnya {"resolved": "Jumlah konflik '
            'yang terselesaikan", "total": "Jumlah konflik yang ada"}.',
        }

    def clean_formula(self) -> str:
        formula = self.cleaned_data["formula"].strip()
        if formula:
            try:
                formula_rules.validate(formula)
            except formula_rules.FormulaError as exc:
                raise forms.ValidationError(str(exc)) from exc
        return formula


class IndicatorTargetInline(admin.TabularInline):
    model = models.IndicatorTarget
    extra = 0


class RpjmdMissionInline(admin.TabularInline):
    model = models.RpjmdMission
    extra = 0


class RpjmdGoalInline(admin.TabularInline):
    model = models.RpjmdGoal
    extra = 0


class RpjmdObjectiveInline(admin.TabularInline):
    model = models.RpjmdObjective
    extra = 0


@admin.register(models.Rpjmd)
class RpjmdAdmin(admin.ModelAdmin):
    list_display = ["__str__", "pemda"]
    list_filter = ["pemda"]
    inlines = [RpjmdMissionInline]


@admin.register(models.RpjmdMission)
class RpjmdMissionAdmin(admin.ModelAdmin):
    list_display = ["__str__", "rpjmd"]
    list_filter = ["rpjmd__pemda"]
    inlines = [RpjmdGoalInline]


@admin.register(models.RpjmdGoal)
class RpjmdGoalAdmin(admin.ModelAdmin):
    list_display = ["text", "mission"]
    list_filter = ["mission__rpjmd__pemda"]
    inlines = [RpjmdObjectiveInline]


@admin.register(models.RpjmdObjective)
class RpjmdObjectiveAdmin(admin.ModelAdmin):
    list_display = ["text", "goal", "number"]
    list_filter = ["goal__mission__rpjmd__pemda"]
    search_fields = ["text"]


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


class RenjaRevisionInline(admin.TabularInline):
    model = models.RenjaRevision
    extra = 0
    fields = ["number", "kind", "effective_date", "reason"]


@admin.register(models.Renja)
class RenjaAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "agency", "year"]
    list_filter = ["year", "agency__pemda"]
    list_select_related = ["agency"]
    inlines = [RenjaRevisionInline]


@admin.register(models.ProgramItem)
class ProgramItemAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "level", "renja"]
    list_filter = ["level", "renja__year", "agency__pemda"]
    list_select_related = ["renja__agency"]
    search_fields = ["code", "name"]


@admin.register(models.ItemBudget)
class ItemBudgetAdmin(SimpleHistoryAdmin):
    list_display = ["item", "revision", "pagu", "renstra_pagu"]
    list_filter = ["revision__renja__year", "revision__kind"]
    list_select_related = ["item", "revision"]


@admin.register(models.Indicator)
class IndicatorAdmin(SimpleHistoryAdmin):
    form = IndicatorForm
    list_display = ["name", "agency", "unit", "polarity", "quarter_combine", "is_iku"]
    list_filter = ["pemda", "polarity", "quarter_combine", "is_iku"]
    search_fields = ["name", "code"]
    inlines = [IndicatorTargetInline]
