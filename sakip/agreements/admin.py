from typing import Any

from django.contrib import admin, messages
from django.http import HttpRequest, HttpResponse

from sakip.agreements import models
from sakip.web.history_admin import GuardedHistoryAdmin

#: A signed PK is a document both parties signed: it is read-only, here as in sakip
#: (actions.require_draft). A change is a perubahan, a new version made with the
#: revision action on the PK's page (regulations.md §5.3).
SIGNED_READ_ONLY = (
    "PK ini sudah ditandatangani dan hanya dapat dibaca. Perubahan dibuat sebagai versi "
    "baru melalui tombol “Buat perubahan (versi baru)” pada halaman PK di sakip."
)


def _signed(obj: object) -> bool:
    return isinstance(obj, models.Agreement) and obj.is_signed


class _RowInline(admin.TabularInline):
    extra = 0

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any) -> Any:
        # Each row's select would run its own query for the same choices (one query a
        # budget row): read them once per request and give every row the same list.
        field = super().formfield_for_foreignkey(db_field, request, **kwargs)
        if field is not None and hasattr(field, "queryset"):
            cache = request.__dict__.setdefault("_sakip_admin_choices", {})
            key = (self.model, db_field.name)
            if key not in cache:
                cache[key] = list(field.choices)
            field.choices = cache[key]
        return field

    # ``obj`` is the PK the rows belong to.
    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _signed(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _signed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _signed(obj) and super().has_delete_permission(request, obj)


class TargetInline(_RowInline):
    model = models.AgreementTarget


class BudgetInline(_RowInline):
    model = models.AgreementBudget


@admin.register(models.Agreement)
class AgreementAdmin(GuardedHistoryAdmin):
    list_display = ["__str__", "first_name", "year", "version", "state"]
    list_filter = ["pemda", "year", "state"]
    inlines = [TargetInline, BudgetInline]

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _signed(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return not _signed(obj) and super().has_delete_permission(request, obj)

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method == "GET" and _signed(self.get_object(request, object_id)):
            messages.info(request, SIGNED_READ_ONLY)
        return super().change_view(request, object_id, form_url, extra_context)


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
class BudgetApprovalAdmin(GuardedHistoryAdmin):
    list_display = ["pemda", "year", "approved_on"]
    list_filter = ["pemda"]
