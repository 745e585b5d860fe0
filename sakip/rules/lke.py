"""The SAKIP evaluation worksheet (LKE, Lembar Kerja Evaluasi) of PermenPANRB 88/2021:
weights, answers, scores per sub-component, component and in total, exactly.

The structure (regulations.md §6, SECONDARY: several implementations agree, the
Lampiran itself was not read): four components, Perencanaan Kinerja 30, Pengukuran
Kinerja 30, Pelaporan Kinerja 15, Evaluasi Akuntabilitas Kinerja Internal 25, each split
into Pemenuhan (20 %), Kualitas (30 %) and Pemanfaatan (50 %) sub-components, each
probed by criteria. Every criterion is answered on an answer scale whose answers carry a
value between 0 and 1 (the t-SEMAR table "AA 100 … E 0" read as fractions, or a Pemda's
Y/T = 1/0).

A sub-component scores its weight times the mean value of its criteria (regulations.md
§6.3: "Sub-component score = weight × (average nilai / 100)", INFERRED from the weight
tables); a component scores the sum of its sub-components, the evaluation the sum of its
components. A criterion not answered yet counts 0 and makes the result incomplete.
Nothing is rounded here: figures are rounded only for display."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from sakip.rules.decimals import HUNDRED, as_decimal, compute_context
from sakip.rules.formatting import format_decimal_trimmed

Key = int | str


@dataclass(frozen=True)
class AnswerOption:
    """One answer of a scale: its code ("Y", "AA"), a description and its value, the
    share of the criterion's weight it earns (0 to 1)."""

    code: str
    label: str
    value: Decimal

    def __post_init__(self) -> None:
        if not isinstance(self.code, str) or not self.code.strip():
            raise ValueError("Kode jawaban tidak boleh kosong.")
        value = as_decimal(self.value, f"nilai jawaban {self.code}")
        if not Decimal(0) <= value <= Decimal(1):
            raise ValueError(
                f"Nilai jawaban {self.code} harus antara 0 dan 1 (bagian dari bobot), "
                f"bukan {format_decimal_trimmed(value)}."
            )


@dataclass(frozen=True)
class AnswerScale:
    code: str
    name: str
    options: tuple[AnswerOption, ...]

    def __post_init__(self) -> None:
        options = tuple(self.options)
        object.__setattr__(self, "options", options)
        if not options:
            raise ValueError(f"Skala jawaban {self.name} belum memiliki pilihan jawaban.")
        codes = [o.code for o in options]
        if len(set(codes)) != len(codes):
            raise ValueError(f"Kode jawaban pada skala {self.name} tidak boleh berulang.")

    def value(self, code: str) -> Decimal:
        for option in self.options:
            if option.code == code:
                return option.value
        allowed = ", ".join(o.code for o in self.options)
        raise ValueError(
            f"Jawaban “{code}” tidak dikenal pada skala {self.name}; pilih salah satu: {allowed}."
        )


@dataclass(frozen=True)
class Criterion:
    key: Key
    scale: AnswerScale


@dataclass(frozen=True)
class SubComponent:
    key: Key
    name: str
    weight: Decimal
    criteria: tuple[Criterion, ...]


@dataclass(frozen=True)
class Component:
    key: Key
    name: str
    weight: Decimal
    subcomponents: tuple[SubComponent, ...]


@dataclass(frozen=True)
class Template:
    components: tuple[Component, ...]
    #: What the components' weights add up to: 100 in PermenPANRB 88/2021.
    total_weight: Decimal = HUNDRED


def weight_problems(template: Template) -> list[str]:
    """Why the template's weights do not add up, in Indonesian (empty when they do): each
    component's weight must be the sum of its sub-components', the components' the
    template's total (100), no weight negative, every sub-component probed by at least
    one criterion."""
    problems: list[str] = []
    total = Decimal(0)
    for component in template.components:
        weight = as_decimal(component.weight, f"bobot {component.name}")
        if weight < 0:
            problems.append(f"Bobot komponen {component.name} tidak boleh negatif.")
        total += weight
        parts = Decimal(0)
        for sub in component.subcomponents:
            sub_weight = as_decimal(sub.weight, f"bobot {sub.name}")
            if sub_weight < 0:
                problems.append(f"Bobot sub-komponen {sub.name} tidak boleh negatif.")
            if not sub.criteria:
                problems.append(f"Sub-komponen {sub.name} belum memiliki kriteria.")
            parts += sub_weight
        if not component.subcomponents:
            problems.append(f"Komponen {component.name} belum memiliki sub-komponen.")
        elif parts != weight:
            problems.append(
                f"Bobot sub-komponen {component.name} berjumlah {_show(parts)}, padahal bobot "
                f"komponennya {_show(weight)}."
            )
    if total != template.total_weight:
        problems.append(
            f"Bobot seluruh komponen berjumlah {_show(total)}, seharusnya "
            f"{_show(template.total_weight)}."
        )
    return problems


def _show(value: Decimal) -> str:
    return format_decimal_trimmed(value)


@dataclass(frozen=True)
class SubScore:
    key: Key
    weight: Decimal
    criteria: int
    answered: int
    #: Mean value of the criteria (unanswered ones count 0), 0 to 1.
    mean: Decimal
    score: Decimal

    @property
    def complete(self) -> bool:
        return self.answered == self.criteria


@dataclass(frozen=True)
class ComponentScore:
    key: Key
    weight: Decimal
    score: Decimal
    subcomponents: tuple[SubScore, ...]

    @property
    def percent(self) -> Decimal | None:
        """The score as a share of the component's weight (× 100)."""
        if self.weight == 0:
            return None
        return compute_context().divide(self.score * HUNDRED, self.weight)


@dataclass(frozen=True)
class LkeScore:
    components: tuple[ComponentScore, ...]
    total: Decimal
    criteria: int
    answered: int

    @property
    def complete(self) -> bool:
        return self.answered == self.criteria

    def component(self, key: Key) -> ComponentScore:
        for component in self.components:
            if component.key == key:
                return component
        raise KeyError(key)

    def subcomponent(self, key: Key) -> SubScore:
        for component in self.components:
            for sub in component.subcomponents:
                if sub.key == key:
                    return sub
        raise KeyError(key)


def score(template: Template, answers: Mapping[Key, str | None]) -> LkeScore:
    """Score the worksheet: ``answers`` maps a criterion's key to its answer code (None
    or absent: not answered yet). An answer code outside the criterion's scale raises
    ValueError. Exact: the mean of a sub-component is computed in the rules' decimal
    context, nothing is rounded."""
    ctx = compute_context()
    components: list[ComponentScore] = []
    total = Decimal(0)
    count = answered_count = 0
    for component in template.components:
        subs: list[SubScore] = []
        component_score = Decimal(0)
        for sub in component.subcomponents:
            weight = as_decimal(sub.weight, f"bobot {sub.name}")
            values = Decimal(0)
            answered = 0
            for criterion in sub.criteria:
                code = answers.get(criterion.key)
                if code is None or code == "":
                    continue
                values += criterion.scale.value(code)
                answered += 1
            n = len(sub.criteria)
            mean = ctx.divide(values, Decimal(n)) if n else Decimal(0)
            sub_score = ctx.multiply(weight, mean)
            subs.append(SubScore(sub.key, weight, n, answered, mean, sub_score))
            component_score += sub_score
            count += n
            answered_count += answered
        components.append(
            ComponentScore(
                component.key,
                as_decimal(component.weight, f"bobot {component.name}"),
                component_score,
                tuple(subs),
            )
        )
        total += component_score
    return LkeScore(tuple(components), total, count, answered_count)


def change(current: Decimal | None, previous: Decimal | None) -> Decimal | None:
    """The change of the total score from the previous year (None when either is
    missing): a Pemda's recap shows it beside each agency's score."""
    if current is None or previous is None:
        return None
    return current - previous


# The answer scales regulations.md §6.3 records. The t-SEMAR "Tabel Pengisian Nilai
# (A s.d. E)" (SECONDARY): AA 100, A 90, BB 80, B 70, CC 60, C 50, D 30, E 0, read as
# fractions of the weight; its descriptions are those of the Kualitas & Pemanfaatan
# column, summarised.
SCALE_AA_E = AnswerScale(
    "aa-e",
    "AA s.d. E (PermenPANRB 88/2021, menurut tabel pengisian nilai)",
    (
        AnswerOption("AA", "Terpenuhi 100% dan ada upaya inovatif layak percontohan", Decimal(1)),
        AnswerOption("A", "Terpenuhi 100% dan ada upaya yang patut diapresiasi", Decimal("0.9")),
        AnswerOption("BB", "Terpenuhi 100% sesuai mandat kebijakan nasional", Decimal("0.8")),
        AnswerOption("B", "Terpenuhi lebih dari 75% s.d. 100%", Decimal("0.7")),
        AnswerOption("CC", "Terpenuhi lebih dari 50% s.d. 75%", Decimal("0.6")),
        AnswerOption("C", "Terpenuhi lebih dari 25% s.d. 50%", Decimal("0.5")),
        AnswerOption("D", "Terpenuhi lebih dari 0% s.d. 25%", Decimal("0.3")),
        AnswerOption("E", "Tidak ada upaya sama sekali", Decimal(0)),
    ),
)
# Y/T = 1/0: a PRACTICE variant of local LKEs (regulations.md §6.3).
SCALE_Y_T = AnswerScale(
    "y-t",
    "Ya/Tidak",
    (AnswerOption("Y", "Ya", Decimal(1)), AnswerOption("T", "Tidak", Decimal(0))),
)

# The meaning of each grade of the shipped scale (regulations.md §6.4, SECONDARY: t-SEMAR
# "Tabel Interpretasi Predikat"), printed beside the grade in the LHE.
GRADE_MEANINGS: dict[str, str] = {
    "AA": "Sangat Memuaskan",
    "A": "Memuaskan",
    "BB": "Sangat Baik",
    "B": "Baik",
    "CC": "Cukup (Memadai)",
    "C": "Kurang",
    "D": "Sangat Kurang",
}
