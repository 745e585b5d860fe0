from __future__ import annotations

from django import forms
from django.db.models import Q

from sakip.organisation.models import Policy, RatingScale


class PolicyForm(forms.ModelForm):
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

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        scales = RatingScale.objects.filter(Q(pemda=None) | Q(pemda=self.instance.pemda_id))
        self.fields["renja_scale"].queryset = scales  # type: ignore[attr-defined]
        self.fields["lkjip_scale"].queryset = scales  # type: ignore[attr-defined]
        for field in self.fields.values():
            css = (
                "form-check-input"
                if isinstance(field.widget, forms.CheckboxInput)
                else "form-control"
            )
            if isinstance(field.widget, forms.Select):
                css = "form-select"
            field.widget.attrs["class"] = css
