from django import forms
from django.contrib import admin
from django.forms.models import BaseInlineFormSet
from django.http import HttpRequest

from sakip.organisation import actions, models
from sakip.organisation.forms import check_bands
from sakip.web.history_admin import GuardedHistoryAdmin


class EmployeeForm(forms.ModelForm):
    """Typed NIPs are normalised and validated by the model (DOMAIN §3): this form shows
    and keeps what was typed when it is refused."""

    class Meta:
        model = models.Employee
        fields = ["pemda", "code", "name", "nip", "golongan"]


class RatingBandAdminFormSet(BaseInlineFormSet):  # type: ignore[type-arg]
    """The bands as saved, checked by the rules' own band checks (DOMAIN §4.3): a scale
    whose bands overlap or have two open ends would break every report using it."""

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        rows = [
            (
                f.cleaned_data.get("above"),
                f.cleaned_data.get("label", ""),
                f.cleaned_data.get("colour", ""),
            )
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        check_bands(self.instance.name, rows)


class RatingBandInline(admin.TabularInline):
    model = models.RatingBand
    formset = RatingBandAdminFormSet
    extra = 0

    def has_add_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _editable_scale(obj) and super().has_add_permission(request, obj)

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _editable_scale(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _editable_scale(obj) and super().has_delete_permission(request, obj)


def _editable_scale(scale: object) -> bool:
    """A shipped scale (no Pemda) is every Pemda's: read-only here, as everywhere."""
    return not (isinstance(scale, models.RatingScale) and scale.pk and scale.pemda_id is None)


class RatingScaleAdminForm(forms.ModelForm):
    class Meta:
        model = models.RatingScale
        fields = ["pemda", "code", "name"]

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        # Shipped scales come from the data migration only.
        if "pemda" in self.fields:  # absent when the scale is shown read-only
            self.fields["pemda"].required = True


@admin.register(models.Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "seat", "code"]
    search_fields = ["name"]

    def save_model(
        self, request: HttpRequest, obj: models.Pemda, form: object, change: bool
    ) -> None:
        # The admin's save runs in one transaction (changeform_view is atomic): the new
        # Pemda and its policy are saved together, as by actions.create_pemda.
        super().save_model(request, obj, form, change)
        if not change:
            actions.create_default_policy(obj)


@admin.register(models.Policy)
class PolicyAdmin(GuardedHistoryAdmin):
    list_display = ["pemda", "lower_is_better_formula", "achievement_cap", "rounding", "decimals"]


@admin.register(models.RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    form = RatingScaleAdminForm
    list_display = ["name", "code", "pemda"]
    inlines = [RatingBandInline]

    def has_change_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _editable_scale(obj) and super().has_change_permission(request, obj)

    def has_delete_permission(self, request: HttpRequest, obj: object = None) -> bool:
        return _editable_scale(obj) and super().has_delete_permission(request, obj)


@admin.register(models.Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "pemda", "kind"]
    list_filter = ["pemda", "kind"]
    search_fields = ["name"]


@admin.register(models.Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "agency", "parent"]
    list_filter = ["agency__pemda"]


@admin.register(models.Position)
class PositionAdmin(admin.ModelAdmin):
    list_display = ["title", "agency", "eselon", "superior"]
    list_select_related = ["agency", "superior"]  # one query for the page, not two a row
    list_filter = ["pemda", "eselon"]
    search_fields = ["title"]


@admin.register(models.Employee)
class EmployeeAdmin(GuardedHistoryAdmin):
    form = EmployeeForm
    list_display = ["name", "nip", "golongan", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["name", "nip"]


@admin.register(models.PositionHolding)
class PositionHoldingAdmin(admin.ModelAdmin):
    list_display = ["employee", "position", "year", "kind"]
    list_filter = ["year"]
