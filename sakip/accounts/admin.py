from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from sakip.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):
    list_display = ["username", "get_full_name", "role", "pemda", "agency", "is_active"]
    list_filter = ["role", "pemda", "is_active"]
    fieldsets = (
        *BaseUserAdmin.fieldsets,
        ("Peran dan cakupan", {"fields": ("role", "pemda", "agency", "position")}),
    )
