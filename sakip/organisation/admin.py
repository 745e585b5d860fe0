from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from sakip.organisation import models


class EmployeeForm(forms.ModelForm):
    """Typed NIPs are validated (DOMAIN §3); imported printed text is kept by the importer."""

    class Meta:
        model = models.Employee
        fields = ["pemda", "code", "name", "nip", "golongan"]

    def clean_nip(self) -> str:
        nip = self.cleaned_data["nip"].strip()
        if nip:
            models.validate_nip(nip)
            return "".join(nip.split())
        return nip


class RatingBandInline(admin.TabularInline):
    model = models.RatingBand
    extra = 0


@admin.register(models.Pemda)
class PemdaAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "seat", "code"]
    search_fields = ["name"]


@admin.register(models.Policy)
class PolicyAdmin(SimpleHistoryAdmin):
    list_display = ["pemda", "lower_is_better_formula", "achievement_cap", "rounding", "decimals"]


@admin.register(models.RatingScale)
class RatingScaleAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "pemda"]
    inlines = [RatingBandInline]


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
    list_filter = ["pemda", "eselon"]
    search_fields = ["title"]


@admin.register(models.Employee)
class EmployeeAdmin(SimpleHistoryAdmin):
    form = EmployeeForm
    list_display = ["name", "nip", "golongan", "pemda"]
    list_filter = ["pemda"]
    search_fields = ["name", "nip"]


@admin.register(models.PositionHolding)
class PositionHoldingAdmin(admin.ModelAdmin):
    list_display = ["employee", "position", "year", "acting"]
    list_filter = ["year"]
