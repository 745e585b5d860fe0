"""The evaluation in the Django admin: read-only. Answers, the workflow and templates
change only through sakip.evaluation.actions (the final lock, the event log, the weight
checks); an edit here would bypass them."""

from django.contrib import admin

from sakip.evaluation import models
from sakip.web.history_admin import GuardedHistoryAdmin


class ReadOnly:
    def has_add_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_change_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False

    def has_delete_permission(self, request, obj=None):  # type: ignore[no-untyped-def]
        return False


@admin.register(models.Template)
class TemplateAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["name", "pemda", "year", "grade_scale"]


@admin.register(models.Evaluation)
class EvaluationAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["agency", "year", "state", "template", "grade_indicator"]
    list_filter = ["year", "state"]


@admin.register(models.Answer)
class AnswerAdmin(ReadOnly, GuardedHistoryAdmin):
    list_display = ["evaluation", "criterion", "option", "self_option", "version"]


@admin.register(models.EvaluationEvent)
class EvaluationEventAdmin(ReadOnly, admin.ModelAdmin):
    list_display = ["at", "pemda", "agency", "year", "action", "subject", "actor_name"]
    list_filter = ["action", "year"]
