"""The IKU of an agency through Excel (django-import-export): which of its indicators
are key indicators, with the definition, formula and its input variables, polarity,
how quarters combine, data source and responsible unit (DOMAIN §1, Table 6). A row
names an indicator the agency's Renstra already has; IKU are chosen among them."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db.models import Q
from import_export import resources

from sakip.accounts.models import User
from sakip.organisation.models import Agency
from sakip.planning.models import Indicator
from sakip.setup import widgets
from sakip.setup.excel import Column
from sakip.setup.models import SetupEvent


class _Variables(widgets.TextWidget):
    """The formula's input variables as "name: what it counts", one per line or
    separated by ";" ("selesai: Jumlah konflik yang terselesaikan; total: Jumlah
    konflik")."""

    def clean(self, value: Any, row: Any = None, **kwargs: Any) -> dict[str, str]:  # type: ignore[override]
        if widgets._blank(value):
            return {}
        found: dict[str, str] = {}
        for part in str(value).replace("\n", ";").split(";"):
            if not part.strip():
                continue
            name, sep, text = part.partition(":")
            if not sep or not name.strip() or not text.strip():
                raise ValueError(
                    f"“{part.strip()[:40]}”: tulis variabel sebagai nama: keterangan, "
                    "dipisahkan titik koma."
                )
            found[name.strip()] = " ".join(text.split())
        return found

    def render(self, value: Any, obj: Any = None, **kwargs: Any) -> str:
        return "; ".join(f"{k}: {v}" for k, v in (value or {}).items())


def _choices(name: str) -> list[tuple[Any, Any]]:
    return list(Indicator._meta.get_field(name).choices or [])


class IkuResource(resources.ModelResource):
    noun = "IKU"

    def __init__(self, agency: Agency, actor: User | None = None) -> None:
        self.agency = agency
        self.actor = actor
        self._by_name: dict[str, list[Indicator]] | None = None
        super().__init__()

    name = Column(
        attribute="name",
        column_name="Indikator",
        widget=widgets.TextWidget(),
        required=True,
        help="Nama indikator persis seperti di Renstra perangkat daerah ini.",
        example="Persentase konflik sosial yang tertangani",
    )
    is_iku = Column(
        attribute="is_iku",
        column_name="IKU",
        widget=widgets.YesNoWidget(default=True),
        help="Tidak = indikator ini bukan lagi IKU.",
        example="Ya",
    )
    definition = Column(
        attribute="definition",
        column_name="Definisi operasional",
        widget=widgets.TextWidget(),
        example="Konflik sosial yang diselesaikan melalui mediasi dibandingkan seluruh konflik",
    )
    formula_text = Column(
        attribute="formula_text",
        column_name="Formulasi (uraian)",
        widget=widgets.TextWidget(),
        example="Jumlah konflik tertangani ÷ jumlah konflik × 100%",
    )
    formula = Column(
        attribute="formula",
        column_name="Rumus",
        widget=widgets.TextWidget(),
        help="Rumus dengan nama variabel: + - * / dan tanda kurung, mis. selesai / total * 100.",
        example="selesai / total * 100",
    )
    variables = Column(
        attribute="variables",
        column_name="Variabel",
        widget=_Variables(),
        help="Setiap variabel rumus dengan keterangannya: nama: keterangan; nama: keterangan.",
        example="selesai: Jumlah konflik tertangani; total: Jumlah konflik",
    )
    polarity = Column(
        attribute="polarity",
        column_name="Arah",
        widget=widgets.ChoiceWidget(_choices("polarity"), blank=False),
        required=True,
        example="Semakin tinggi semakin baik",
    )
    lower_is_better_formula = Column(
        attribute="lower_is_better_formula",
        column_name="Rumus capaian negatif",
        widget=widgets.ChoiceWidget(_choices("lower_is_better_formula")),
        help="Kosong = mengikuti kebijakan pemerintah daerah.",
        example="",
    )
    quarter_combine = Column(
        attribute="quarter_combine",
        column_name="Penggabungan triwulan",
        widget=widgets.ChoiceWidget(_choices("quarter_combine"), blank=False),
        required=True,
        example="Kumulatif (dijumlahkan)",
    )
    data_source = Column(
        attribute="data_source",
        column_name="Sumber data",
        widget=widgets.TextWidget(),
        example="Laporan penanganan konflik",
    )
    responsible_unit = Column(
        attribute="responsible_unit",
        column_name="Penanggung jawab",
        widget=widgets.TextWidget(),
        example="Bidang Kewaspadaan Nasional",
    )

    class Meta:
        model = Indicator
        fields = (
            "name",
            "is_iku",
            "definition",
            "formula_text",
            "formula",
            "variables",
            "polarity",
            "lower_is_better_formula",
            "quarter_combine",
            "data_source",
            "responsible_unit",
        )
        import_id_fields = ("name",)
        skip_unchanged = True
        report_skipped = True
        clean_model_instances = True
        skip_html_diff = True

    def get_queryset(self) -> Any:
        return Indicator.objects.filter(agency=self.agency)

    def by_name(self) -> dict[str, list[Indicator]]:
        if self._by_name is None:
            self._by_name = {}
            for indicator in self.get_queryset():
                key = " ".join(indicator.name.split()).casefold()
                self._by_name.setdefault(key, []).append(indicator)
        return self._by_name

    def get_instance(self, instance_loader: Any, row: Any) -> Indicator | None:
        name = widgets.TextWidget().clean(row.get("Indikator")).casefold()
        found = self.by_name().get(name, [])
        if not found:
            raise ValidationError(
                {
                    "name": "Indikator ini tidak ada di Renstra perangkat daerah ini; tambahkan "
                    "dahulu di Renstra."
                }
            )
        if len(found) > 1:
            raise ValidationError(
                {"name": "Ada lebih dari satu indikator dengan nama ini; bedakan di Renstra."}
            )
        return found[0]

    def renstra_indicators(self) -> Any:
        """The agency's indicators of its Renstra tujuan and sasaran: what may be an IKU."""
        return (
            self.get_queryset()
            .filter(Q(goal__isnull=False) | Q(objective__isnull=False))
            .order_by("order", "pk")
        )

    def export_queryset(self) -> Any:
        return self.get_queryset().filter(is_iku=True).order_by("order", "pk")

    def deactivates(self, original: Any, instance: Any) -> bool:
        return bool(original.is_iku and not instance.is_iku)

    def after_commit(self, preview: Any) -> None:
        counts = ", ".join(f"{label.lower()} {n}" for _, label, n in preview.counts if n)
        SetupEvent.objects.create(
            pemda_id=self.agency.pemda_id,
            agency=self.agency,
            action=SetupEvent.Action.IMPORTED,
            subject_type="IKU",
            subject=f"{len(preview.rows)} baris",
            detail=counts,
            actor=self.actor,
        )


class IkuRowResource(IkuResource):
    """The IKU import of one row typed on screen (setup.iku_row_views): its event says
    so."""

    def after_commit(self, preview: Any) -> None:
        changed = "; ".join(
            f"{what}: {old or '–'} → {new or '–'}"
            for row in preview.changing
            for what, old, new in row.changes
        )
        what = "ditambahkan" if any(r.kind == "new" for r in preview.rows) else "diubah"
        SetupEvent.objects.create(
            pemda_id=self.agency.pemda_id,
            agency=self.agency,
            action=SetupEvent.Action.CHANGED,
            subject_type="IKU",
            subject=", ".join(r.label for r in preview.rows)[:400],
            detail=f"Baris {what} di layar" + (f": {changed}." if changed else "."),
            actor=self.actor,
        )
