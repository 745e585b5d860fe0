"""The forms of the set-up screens. Every choice of a related record is limited to the
admin's own Pemda; model validation (NIP, cycles of superiors, dates) runs as usual."""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib.auth.forms import SetPasswordForm

from sakip.accounts.models import Role, User
from sakip.organisation.models import Agency, Employee, Pemda, Position, PositionHolding, Unit


def style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs["class"] = "form-check-input"
        elif isinstance(widget, forms.Select):
            widget.attrs["class"] = "form-select"
        else:
            widget.attrs["class"] = "form-control"


class PemdaScopedForm(forms.ModelForm):
    def __init__(self, *args: Any, pemda: Pemda, actor: User | None = None, **kwargs: Any) -> None:
        self.pemda = pemda
        self.actor = actor
        super().__init__(*args, **kwargs)
        if hasattr(self.instance, "pemda_id") and not self.instance.pemda_id:
            self.instance.pemda = pemda
        for name, field in self.fields.items():
            if not isinstance(field, forms.ModelChoiceField):
                continue
            model = field.queryset.model  # type: ignore[attr-defined]
            if model is Agency:
                field.queryset = Agency.objects.filter(pemda=pemda)  # type: ignore[attr-defined]
            elif model is Unit:
                units = Unit.objects.filter(agency__pemda=pemda).select_related("agency")
                field.queryset = units  # type: ignore[attr-defined]
            elif model is Position:
                positions = Position.objects.filter(pemda=pemda)
                if name == "superior" and self.instance.pk:
                    positions = positions.exclude(pk=self.instance.pk)
                field.queryset = positions  # type: ignore[attr-defined]
            elif model is Employee:
                field.queryset = Employee.objects.filter(pemda=pemda, active=True)  # type: ignore[attr-defined]
        style(self)


class AgencyForm(PemdaScopedForm):
    class Meta:
        model = Agency
        fields = ["code", "name", "short_name", "kind", "address"]
        widgets = {"address": forms.Textarea(attrs={"rows": 2})}


class UnitForm(PemdaScopedForm):
    class Meta:
        model = Unit
        fields = ["agency", "code", "name", "parent"]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        parent, agency = cleaned.get("parent"), cleaned.get("agency")
        if parent and agency and parent.agency_id != agency.pk:
            self.add_error("parent", "Unit induk harus di perangkat daerah yang sama.")
        return cleaned


class PositionForm(PemdaScopedForm):
    class Meta:
        model = Position
        fields = ["code", "title", "agency", "unit", "eselon", "superior"]


class EmployeeForm(PemdaScopedForm):
    class Meta:
        model = Employee
        fields = ["code", "name", "nip", "golongan"]


class HoldingForm(PemdaScopedForm):
    class Meta:
        model = PositionHolding
        fields = ["year", "position", "employee", "kind", "start_date", "end_date"]
        widgets = {
            "start_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "end_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }


class UserForm(PemdaScopedForm):
    """Role and scope of a user of the Pemda. Passwords are never typed here: a new
    user gets an invitation link to set their own."""

    class Meta:
        model = User
        fields = ["username", "first_name", "last_name", "email", "role", "agency", "position"]
        labels = {"first_name": "Nama depan", "last_name": "Nama belakang"}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["role"].required = True
        self.fields["role"].choices = Role.choices  # type: ignore[attr-defined]

    def clean_role(self) -> str:
        """The import's rules (resources.UserResource.file_problems): an admin keeps
        their own admin role, and the Pemda keeps an active admin."""
        role = self.cleaned_data["role"]
        user = self.instance
        if user.pk is None or role == Role.ADMIN_PEMDA or user.role != Role.ADMIN_PEMDA:
            return role
        if self.actor is not None and user.pk == self.actor.pk:
            raise forms.ValidationError(
                "Anda tidak dapat mengubah peran akun Anda sendiri dari Admin Pemda; minta "
                "admin lain mengubahnya."
            )
        others = User.objects.filter(pemda=self.pemda, role=Role.ADMIN_PEMDA, is_active=True)
        if user.is_active and not others.exclude(pk=user.pk).exists():
            raise forms.ValidationError(
                "Pengguna ini Admin Pemda aktif terakhir; pemerintah daerah harus memiliki "
                "sedikitnya satu Admin Pemda aktif."
            )
        return role

    def save(self, commit: bool = True) -> User:
        user = super().save(commit=False)
        if user.pk is None:
            user.set_unusable_password()
        if commit:
            user.save()
        return user


class PemdaForm(forms.ModelForm):
    """The platform operator's form for a new Pemda."""

    class Meta:
        model = Pemda
        fields = ["code", "name", "kind", "seat", "head_title", "time_zone"]

    admin_username = forms.CharField(label="Nama pengguna admin pemda", max_length=150)
    admin_name = forms.CharField(label="Nama lengkap admin pemda", max_length=150)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)

    def clean_admin_username(self) -> str:
        username = self.cleaned_data["admin_username"].strip()
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError("Nama pengguna ini sudah dipakai.")
        return username


class InvitationPasswordForm(SetPasswordForm):  # type: ignore[type-arg]
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        style(self)


class ImportForm(forms.Form):
    file = forms.FileField(label="Berkas Excel (.xlsx)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["file"].widget.attrs.update({"class": "form-control", "accept": ".xlsx"})
