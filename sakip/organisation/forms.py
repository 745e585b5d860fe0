from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.db.models import Q

from sakip.organisation.models import Policy, RatingScale
from sakip.rules import policy as policy_rules
from sakip.rules import ratings as rating_rules

#: What each choice does to the figures, for the admin deciding (DOMAIN §4).
HELP = {
    "lower_is_better_formula": (
        "Untuk indikator “semakin rendah semakin baik” (progres negatif), mis. target 80, "
        "realisasi 100: (2T − R) / T × 100 = 75%; T / R × 100 = 80%. Indikator dapat "
        "menetapkan rumusnya sendiri."
    ),
    "achievement_cap": (
        "Kosong = tanpa batas. Jika diisi (mis. 110), capaian di atasnya dihitung sebesar "
        "batas itu hanya untuk rata-rata dan predikat; capaian asli tetap ditampilkan."
    ),
    "rounding": (
        "Hanya untuk tampilan. Contoh 16,666…%: setengah ke atas 16,67%; dipotong 16,66%."
    ),
    "decimals": "Jumlah angka di belakang koma pada capaian dan rata-rata (0 sampai 6).",
    "weighted_average": (
        "Evaluasi Renja: rata-rata capaian sub kegiatan ditimbang dengan pagunya. Indikator "
        "IKU belum memiliki bobot, sehingga rata-ratanya tetap rata-rata sederhana."
    ),
    "round_actual_before_achievement": (
        "Mati (bawaan): capaian dihitung dari realisasi apa adanya. Jika dicentang, "
        "realisasi dibulatkan dulu ke jumlah desimal dan cara pembulatan di atas, seperti "
        "pemerintah daerah yang menghitung dari angka tercetak: realisasi 65,225 dengan 2 "
        "desimal dihitung sebagai 65,23."
    ),
    "far_beyond_target_percent": (
        "Realisasi di atas persentase target ini ditandai untuk diperiksa (sering salah "
        "satuan). Harus lebih dari 0."
    ),
}


class PolicyForm(forms.ModelForm):
    """The Pemda admin's computation choices. Decimals are typed the Indonesian way
    ("110,5"); whatever the rules engine would refuse is refused here, in Indonesian,
    so a saved policy can never break a report."""

    class Meta:
        model = Policy
        fields = [
            "lower_is_better_formula",
            "achievement_cap",
            "rounding",
            "decimals",
            "weighted_average",
            "round_actual_before_achievement",
            "low_achievement_threshold",
            "far_beyond_target_percent",
            "renja_scale",
            "lkjip_scale",
            "head_approves_quarters",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        scales = RatingScale.objects.filter(Q(pemda=None) | Q(pemda=self.instance.pemda_id))
        self.fields["renja_scale"].queryset = scales  # type: ignore[attr-defined]
        self.fields["lkjip_scale"].queryset = scales  # type: ignore[attr-defined]
        for name, field in self.fields.items():
            if isinstance(field, forms.DecimalField):
                # "110,5" as Indonesians type it (a number input would refuse the comma).
                field.localize = True
                field.widget = forms.TextInput(attrs={"inputmode": "decimal"})
                field.widget.is_localized = True
            if name in HELP:
                field.help_text = HELP[name]
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control"
            )
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs["class"] = css

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        far = cleaned.get("far_beyond_target_percent")
        if far is not None and far <= 0:
            self.add_error("far_beyond_target_percent", "Ambang harus lebih dari 0.")
        if not self.errors:
            try:
                policy_rules.Policy(
                    lower_is_better_formula=cleaned["lower_is_better_formula"],
                    achievement_cap=cleaned.get("achievement_cap"),
                    rounding=cleaned["rounding"],
                    decimals=cleaned["decimals"],
                    weighted_average=cleaned.get("weighted_average", False),
                    low_achievement_threshold=cleaned["low_achievement_threshold"],
                    far_beyond_target_percent=cleaned["far_beyond_target_percent"],
                    round_actual_before_achievement=cleaned.get(
                        "round_actual_before_achievement", False
                    ),
                )
            except (TypeError, ValueError) as exc:
                raise forms.ValidationError(f"Kebijakan tidak dapat dipakai: {exc}.") from exc
        return cleaned


#: The colour a new band starts with (Bootstrap's secondary grey).
DEFAULT_BAND_COLOUR = "#6c757d"
BandRow = tuple[Decimal | None, str, str]


def check_bands(name: str, rows: list[BandRow]) -> None:
    """The rules' own checks of a set of bands (DOMAIN §4.3: ordered, gap-free, one
    open lowest band, distinct labels, hex colours): a set that passes can always be
    used by every report; one that does not is refused with the rules' Indonesian
    message."""
    try:
        rating_rules.scale_from_rows("periksa", name or "ini", rows)
    except (TypeError, ValueError) as exc:
        raise forms.ValidationError(str(exc)) from exc


class RatingScaleNameForm(forms.Form):
    name = forms.CharField(label="Nama skala", max_length=200)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["name"].widget.attrs["class"] = "form-control"


class RatingBandForm(forms.Form):
    """One band: its predikat, its lower bound (values strictly above it belong to the
    band; empty for the lowest band) and its colour."""

    label = forms.CharField(label="Predikat", max_length=50, required=False)
    above = forms.DecimalField(
        label="Lebih dari (%)",
        max_digits=9,
        decimal_places=4,
        required=False,
        localize=True,
        error_messages={"invalid": "Masukkan angka, mis. 90 atau 87,5."},
        widget=forms.TextInput(attrs={"inputmode": "decimal", "class": "form-control"}),
    )
    colour = forms.CharField(
        label="Warna",
        max_length=7,
        initial=DEFAULT_BAND_COLOUR,
        widget=forms.TextInput(attrs={"type": "color", "class": "form-control form-control-color"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["label"].widget.attrs["class"] = "form-control"
        self.fields["above"].widget.is_localized = True

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        if cleaned.get("above") is not None and not (cleaned.get("label") or "").strip():
            self.add_error("label", "Isi nama predikat untuk batas ini.")
        return cleaned

    @property
    def is_blank(self) -> bool:
        """A row left empty (no predikat, no bound): ignored, like a deleted one."""
        data = getattr(self, "cleaned_data", {})
        return not (data.get("label") or "").strip() and data.get("above") is None


class BaseRatingBandFormSet(forms.BaseFormSet):  # type: ignore[type-arg]
    def __init__(self, *args: Any, scale_name: str = "", **kwargs: Any) -> None:
        self.scale_name = scale_name
        super().__init__(*args, **kwargs)

    def rows(self) -> list[BandRow]:
        """The bands typed, highest bound first; blank and deleted rows left out."""
        rows: list[BandRow] = []
        for form in self.forms:
            if not hasattr(form, "cleaned_data") or form.is_blank:
                continue
            if self.can_delete and self._should_delete_form(form):
                continue
            data = form.cleaned_data
            rows.append((data.get("above"), data["label"].strip(), data["colour"]))
        rows.sort(key=lambda row: (row[0] is None, -(row[0] or 0)))
        return rows

    def clean(self) -> None:
        super().clean()
        if any(self.errors):
            return
        check_bands(self.scale_name, self.rows())


RatingBandFormSet = forms.formset_factory(
    RatingBandForm,
    formset=BaseRatingBandFormSet,
    extra=2,
    can_delete=True,
    max_num=15,
    validate_max=True,
)
