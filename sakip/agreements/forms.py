"""Forms of the PK editor. Choices are computed once per page (not once per row), so a
page with many rows still runs a fixed number of queries."""

from __future__ import annotations

import datetime

from django import forms

from sakip.agreements.actions import BudgetInput, TargetInput
from sakip.agreements.models import AgreementTarget
from sakip.planning.models import Indicator, ProgramItem
from sakip.rules import formatting


def _style(form: forms.BaseForm) -> None:
    for field in form.fields.values():
        widget = field.widget
        if isinstance(widget, forms.CheckboxInput):
            widget.attrs.setdefault("class", "form-check-input")
        elif isinstance(widget, forms.Select):
            widget.attrs.setdefault("class", "form-select form-select-sm")
        elif not isinstance(widget, forms.HiddenInput):
            widget.attrs.setdefault("class", "form-control form-control-sm")


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(format="%Y-%m-%d")


class CreateForm(forms.Form):
    position = forms.TypedChoiceField(label="Jabatan (pihak pertama)", coerce=int)
    year = forms.IntegerField(label="Tahun", min_value=2000, max_value=2100)
    additional = forms.BooleanField(
        label="PK tambahan: jabatan ini menandatangani lebih dari satu PK tahun ini",
        required=False,
    )

    def __init__(self, *args: object, positions: list[tuple[int, str]], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["position"].choices = [("", "— pilih jabatan —"), *positions]  # type: ignore[attr-defined]
        _style(self)


class HeaderForm(forms.Form):
    place = forms.CharField(label="Tempat", max_length=100)
    date = forms.DateField(label="Tanggal", widget=DateInput())
    month_only = forms.BooleanField(
        label="Cetak bulan dan tahun saja (mis. “Tana Paser, Januari 2024”)", required=False
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _style(self)


class TargetRowForm(forms.Form):
    id = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, widget=forms.HiddenInput
    )
    indicator = forms.TypedChoiceField(
        label="Indikator (dari perencanaan)", coerce=int, required=False, empty_value=None
    )
    objective_text = forms.CharField(
        label="Sasaran", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    indicator_text = forms.CharField(
        label="Indikator kinerja (teks tercetak)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    target_text = forms.CharField(label="Target", max_length=100, required=False)
    serves = forms.TypedChoiceField(
        label="Mendukung baris PK atasan", coerce=int, required=False, empty_value=None
    )

    def __init__(
        self,
        *args: object,
        indicator_choices: list[tuple[object, str]],
        serves_choices: list[tuple[object, str]],
        row_ids: list[int],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["indicator"].choices = [
            ("", "— tanpa indikator perencanaan —"),
            *indicator_choices,
        ]  # type: ignore[attr-defined]
        self.fields["serves"].choices = [("", "— saran sistem —"), *serves_choices]  # type: ignore[attr-defined]
        self.fields["id"].choices = [("", ""), *((i, str(i)) for i in row_ids)]  # type: ignore[attr-defined]
        _style(self)


class BudgetRowForm(forms.Form):
    id = forms.TypedChoiceField(
        coerce=int, required=False, empty_value=None, widget=forms.HiddenInput
    )
    item = forms.TypedChoiceField(
        label="Program / kegiatan / sub kegiatan", coerce=int, required=False, empty_value=None
    )
    name = forms.CharField(
        label="Nama tercetak", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    amount = forms.CharField(
        label="Anggaran (Rp)",
        required=False,
        help_text="Kosongkan untuk memakai pagu.",
    )
    source = forms.CharField(label="Sumber dana", max_length=50, required=False)

    def __init__(
        self,
        *args: object,
        item_choices: list[tuple[object, str]],
        row_ids: list[int],
        **kwargs: object,
    ) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["item"].choices = [("", "— pilih —"), *item_choices]  # type: ignore[attr-defined]
        self.fields["id"].choices = [("", ""), *((i, str(i)) for i in row_ids)]  # type: ignore[attr-defined]
        _style(self)

    def clean_amount(self) -> int | None:
        return parse_rupiah(self.cleaned_data.get("amount") or "")


#: The largest amount of one PK budget row: far above any Pemda's whole APBD, and small
#: enough that the sum of thousands of rows stays within the database's 64-bit integers.
MAX_PK_RUPIAH = 10**15


def parse_rupiah(text: str) -> int | None:
    """``"89.300.000"``, ``"Rp 89.300.000"``, ``"89300000"`` → 89300000. Whole Rupiah
    only: a decimal part other than ``,00`` is refused."""
    cleaned = text.strip().replace("Rp.", "").replace("Rp", "").replace(" ", "")
    if not cleaned:
        return None
    if cleaned.endswith(",00"):
        cleaned = cleaned[:-3]
    digits = cleaned.replace(".", "")
    # Only the digits 0-9: str.isdigit also accepts "²" (int() then fails) and other
    # scripts' digits such as "٣" (which int() reads), neither of them a typed Rupiah.
    if not (digits.isascii() and digits.isdigit()):
        raise forms.ValidationError(
            "Tulis anggaran dalam rupiah penuh, tanpa sen, dengan angka 0–9, mis. 89.300.000.",
            code="rupiah",
        )
    amount = int(digits)
    if amount > MAX_PK_RUPIAH:
        raise forms.ValidationError(
            "Anggaran terlalu besar: paling banyak Rp1.000.000.000.000.000 per baris.",
            code="rupiah_too_large",
        )
    return amount


TargetFormSet = forms.formset_factory(TargetRowForm, extra=2, can_delete=True)
BudgetFormSet = forms.formset_factory(BudgetRowForm, extra=2, can_delete=True)


class RevisionForm(forms.Form):
    reason = forms.CharField(
        label="Alasan perubahan",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=(
            "Mis. pergantian pejabat; perubahan sasaran, program, kegiatan atau anggaran "
            "(APBD-P/DPPA); perubahan prioritas atau asumsi yang berarti."
        ),
    )
    revised_on = forms.DateField(label="Tanggal perubahan", widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _style(self)


class BudgetApprovalForm(forms.Form):
    year = forms.IntegerField(label="Tahun anggaran", min_value=2000, max_value=2100)
    approved_on = forms.DateField(label="Tanggal penetapan APBD", widget=DateInput())

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        _style(self)


# --------------------------------------------------------------------------- choices


def indicator_choices(indicators: list[Indicator]) -> list[tuple[object, str]]:
    """Grouped by what they measure: the sasaran first, then the Renja items by code."""
    groups: dict[str, list[tuple[int, str]]] = {}
    for ind in indicators:
        if ind.program_item_id:
            item = ind.program_item
            group = item.get_level_display()  # type: ignore[union-attr]
            label = f"{item.code} — {ind.name}"  # type: ignore[union-attr]
        elif ind.objective_id:
            group, label = "Sasaran", f"{ind.objective.name} — {ind.name}"  # type: ignore[union-attr]
        elif ind.goal_id:
            group, label = "Tujuan", ind.name
        else:
            group, label = "Tujuan RPJMD", ind.name
        groups.setdefault(group, []).append((ind.pk, _short(label, 160)))
    order = ["Sasaran", "Tujuan", "Tujuan RPJMD", "Program", "Kegiatan", "Sub Kegiatan"]
    return [(g, groups[g]) for g in order if g in groups] + [
        (g, c) for g, c in groups.items() if g not in order
    ]


def serves_choices(rows: list[AgreementTarget]) -> list[tuple[object, str]]:
    return [(r.pk, _short(f"{r.agreement.first_name}: {r.indicator_text}", 140)) for r in rows]


def item_choices(items: list[ProgramItem], pagu: dict[int, int]) -> list[tuple[object, str]]:
    groups: dict[str, list[tuple[int, str]]] = {}
    for item in items:
        amount = pagu.get(item.pk)
        suffix = f" (pagu {formatting.format_rupiah(amount)})" if amount is not None else ""
        groups.setdefault(item.get_level_display(), []).append(
            (item.pk, _short(f"{item.code} {item.name}", 130) + suffix)
        )
    return list(groups.items())


def _short(text: str, n: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= n else text[: n - 1] + "…"


def target_inputs(
    formset: forms.BaseFormSet,
    indicators: dict[int, Indicator],
    serves: dict[int, AgreementTarget],
) -> list[TargetInput]:
    """The rows the user kept (filled and not marked for deletion), in order."""
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if not any(
            data.get(k) for k in ("indicator", "objective_text", "indicator_text", "target_text")
        ):
            continue  # an empty spare row
        rows.append(
            TargetInput(
                id=data.get("id"),
                indicator=indicators.get(data["indicator"]) if data.get("indicator") else None,
                objective_text=data.get("objective_text") or "",
                indicator_text=data.get("indicator_text") or "",
                target_text=data.get("target_text") or "",
                serves=serves.get(data["serves"]) if data.get("serves") else None,
            )
        )
    return rows


def budget_inputs(formset: forms.BaseFormSet, items: dict[int, ProgramItem]) -> list[BudgetInput]:
    rows = []
    for form in formset.forms:
        data = form.cleaned_data
        if not data or data.get("DELETE"):
            continue
        if not any(data.get(k) for k in ("item", "name")) and data.get("amount") is None:
            continue
        rows.append(
            BudgetInput(
                id=data.get("id"),
                item=items.get(data["item"]) if data.get("item") else None,
                name=data.get("name") or "",
                amount=data.get("amount"),
                source=data.get("source") or "",
            )
        )
    return rows


def month_only_initial(date_printed: str, date: datetime.date) -> bool:
    return bool(date_printed) and date_printed == formatting.format_month_year(date)
