from __future__ import annotations

from typing import Any

from django import forms
from django.db.models import Q

from sakip.organisation.models import Policy, RatingScale
from sakip.rules import policy as policy_rules

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
            "low_achievement_threshold",
            "far_beyond_target_percent",
            "renja_scale",
            "lkjip_scale",
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
                )
            except (TypeError, ValueError) as exc:
                raise forms.ValidationError(f"Kebijakan tidak dapat dipakai: {exc}.") from exc
        return cleaned
