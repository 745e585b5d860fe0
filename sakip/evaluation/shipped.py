"""The LKE template sakip ships: PermenPANRB 88/2021 as far as it is known
(regulations.md §6). Plain data, read by the data migration that ships it and by tests.

What is sourced and what is not (docs/evaluation.md says the same to users):
- the four components and their weights 30/30/15/25, each split into Pemenuhan 20 %,
  Kualitas 30 % and Pemanfaatan 50 % (regulations.md §6.1, SECONDARY: several
  implementations agree; the Lampiran itself was not read);
- the answer scale AA…E with values 100…0 (§6.3, SECONDARY, t-SEMAR), and Y/T = 1/0
  (§6.3, PRACTICE of local LKEs) for a Pemda's own criteria;
- the criteria of the Pemenuhan sub-components and a few Pengukuran and Evaluasi
  Internal criteria (§6.2, SECONDARY, an implementation's seeder);
- where no criterion text is known (most Kualitas and Pemanfaatan sub-components), one
  placeholder criterion asks for the sub-component as a whole and says so. It is not
  presented as the regulation's text: a Pemda copies the template and replaces it with
  the Lampiran's criteria.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

CODE = "permenpanrb-88-2021"
NAME = "LKE AKIP Perangkat Daerah (PermenPANRB 88/2021)"
GRADE_SCALE = "permenpanrb-88-2021"
NOTE = (
    "Bobot komponen (30/30/15/25) dan sub-komponen (Pemenuhan 20%, Kualitas 30%, "
    "Pemanfaatan 50%), skala jawaban AA s.d. E, serta sebagian kriteria diambil dari "
    "sumber sekunder yang saling sesuai (implementasi LKE daerah), bukan dari teks Lampiran "
    "PermenPANRB 88/2021. Kriteria bertanda “belum dimuat” adalah tempat isian: salin "
    "templat ini untuk tahun evaluasi dan ganti dengan kriteria Lampiran."
)

SECONDARY = "Sekunder: kriteria implementasi LKE daerah (regulations.md §6.2)"
PLACEHOLDER = "Tempat isian: kriteria Lampiran belum dimuat"

SCALES = [
    {
        "code": "aa-e",
        "name": "AA s.d. E (tabel pengisian nilai)",
        "options": [
            ("AA", "Terpenuhi 100% dan ada upaya inovatif yang layak menjadi percontohan", "1"),
            ("A", "Terpenuhi 100% dan ada beberapa upaya yang patut diapresiasi", "0.9"),
            ("BB", "Terpenuhi 100% sesuai mandat kebijakan nasional", "0.8"),
            ("B", "Terpenuhi lebih dari 75% sampai dengan 100%", "0.7"),
            ("CC", "Terpenuhi lebih dari 50% sampai dengan 75%", "0.6"),
            ("C", "Terpenuhi lebih dari 25% sampai dengan 50%", "0.5"),
            ("D", "Terpenuhi lebih dari 0% sampai dengan 25%", "0.3"),
            ("E", "Tidak ada upaya sama sekali", "0"),
        ],
    },
    {"code": "y-t", "name": "Ya/Tidak", "options": [("Y", "Ya", "1"), ("T", "Tidak", "0")]},
]


def _whole(what: str) -> dict[str, str]:
    return {
        "text": f"{what} secara keseluruhan (kriteria rinci Lampiran belum dimuat).",
        "scale": "aa-e",
        "source": PLACEHOLDER,
    }


def _known(text: str) -> dict[str, str]:
    return {"text": text, "scale": "aa-e", "source": SECONDARY}


COMPONENTS = [
    {
        "number": "1",
        "name": "Perencanaan Kinerja",
        "weight": "30",
        "subcomponents": [
            {
                "number": "1.a",
                "name": "Pemenuhan",
                "weight": "6",
                "criteria": [
                    _known("Dokumen perencanaan jangka menengah (Renstra) telah tersedia."),
                    _known("Pohon kinerja (cascading kinerja) telah disusun."),
                    _known(
                        "Dokumen perencanaan tahunan (Renja/RKT), Indikator Kinerja Utama dan "
                        "Perjanjian Kinerja telah tersedia."
                    ),
                    _known("Rencana Aksi atas kinerja telah disusun."),
                    _known("Dokumen anggaran (DPA) dan Kerangka Acuan Kerja telah tersedia."),
                ],
            },
            {
                "number": "1.b",
                "name": "Kualitas",
                "weight": "9",
                "criteria": [_whole("Kualitas perencanaan kinerja")],
            },
            {
                "number": "1.c",
                "name": "Pemanfaatan",
                "weight": "15",
                "criteria": [_whole("Pemanfaatan perencanaan kinerja")],
            },
        ],
    },
    {
        "number": "2",
        "name": "Pengukuran Kinerja",
        "weight": "30",
        "subcomponents": [
            {
                "number": "2.a",
                "name": "Pemenuhan",
                "weight": "6",
                "criteria": [
                    _known("Pengukuran kinerja telah dilakukan secara berkala."),
                    _known("IKU dan indikator kinerja memiliki definisi dan sumber data."),
                    _known("Pengukuran kinerja telah berbasis teknologi informasi (e-SAKIP)."),
                ],
            },
            {
                "number": "2.b",
                "name": "Kualitas",
                "weight": "9",
                "criteria": [_whole("Kualitas pengukuran kinerja")],
            },
            {
                "number": "2.c",
                "name": "Pemanfaatan",
                "weight": "15",
                "criteria": [
                    _known(
                        "Hasil pengukuran kinerja dimanfaatkan untuk pemberian penghargaan dan "
                        "sanksi (TPP) dan untuk perbaikan perencanaan."
                    )
                ],
            },
        ],
    },
    {
        "number": "3",
        "name": "Pelaporan Kinerja",
        "weight": "15",
        "subcomponents": [
            {
                "number": "3.a",
                "name": "Pemenuhan",
                "weight": "3",
                "criteria": [
                    _known("Laporan Kinerja (LKjIP) telah disusun."),
                    _known("Laporan kinerja disusun secara berkala."),
                    _known("Laporan kinerja telah ditetapkan secara formal."),
                    _known("Laporan kinerja telah direviu oleh APIP."),
                    _known("Laporan kinerja telah dipublikasikan."),
                    _known("Laporan kinerja disampaikan tepat waktu."),
                ],
            },
            {
                "number": "3.b",
                "name": "Kualitas",
                "weight": "4.5",
                "criteria": [_whole("Kualitas pelaporan kinerja")],
            },
            {
                "number": "3.c",
                "name": "Pemanfaatan",
                "weight": "7.5",
                "criteria": [_whole("Pemanfaatan pelaporan kinerja")],
            },
        ],
    },
    {
        "number": "4",
        "name": "Evaluasi Akuntabilitas Kinerja Internal",
        "weight": "25",
        "subcomponents": [
            {
                "number": "4.a",
                "name": "Pemenuhan",
                "weight": "5",
                "criteria": [
                    _known("Evaluasi atas capaian Renja dan Perjanjian Kinerja telah dilaksanakan.")
                ],
            },
            {
                "number": "4.b",
                "name": "Kualitas",
                "weight": "7.5",
                "criteria": [_whole("Kualitas evaluasi akuntabilitas kinerja internal")],
            },
            {
                "number": "4.c",
                "name": "Pemanfaatan",
                "weight": "12.5",
                "criteria": [_known("Rekomendasi hasil evaluasi telah ditindaklanjuti.")],
            },
        ],
    },
]


def ship(get_model: Any) -> None:
    """Create the shipped template unless it exists. ``get_model(app, name)`` gives the
    model classes: the data migration passes ``apps.get_model`` (historical models), the
    demo loader the real ones (a test's flush removes a data migration's rows)."""
    Template = get_model("evaluation", "Template")
    AnswerScale = get_model("evaluation", "AnswerScale")
    AnswerOption = get_model("evaluation", "AnswerOption")
    Component = get_model("evaluation", "Component")
    SubComponent = get_model("evaluation", "SubComponent")
    Criterion = get_model("evaluation", "Criterion")
    RatingScale = get_model("organisation", "RatingScale")
    if Template.objects.filter(pemda=None, code=CODE).exists():
        return
    template = Template.objects.create(
        pemda=None,
        year=None,
        code=CODE,
        name=NAME,
        note=NOTE,
        grade_scale=RatingScale.objects.get(pemda=None, code=GRADE_SCALE),
    )
    scales = {}
    for spec in SCALES:
        scale = AnswerScale.objects.create(template=template, code=spec["code"], name=spec["name"])
        scales[spec["code"]] = scale
        AnswerOption.objects.bulk_create(
            AnswerOption(scale=scale, order=i, code=code, label=label, value=Decimal(value))
            for i, (code, label, value) in enumerate(spec["options"], start=1)
        )
    for c_order, c_spec in enumerate(COMPONENTS, start=1):
        component = Component.objects.create(
            template=template,
            order=c_order,
            number=c_spec["number"],
            name=c_spec["name"],
            weight=Decimal(c_spec["weight"]),
        )
        for s_order, s_spec in enumerate(c_spec["subcomponents"], start=1):
            sub = SubComponent.objects.create(
                component=component,
                order=s_order,
                number=s_spec["number"],
                name=s_spec["name"],
                weight=Decimal(s_spec["weight"]),
            )
            Criterion.objects.bulk_create(
                Criterion(
                    subcomponent=sub,
                    order=k_order,
                    number=str(k_order),
                    text=k_spec["text"],
                    scale=scales[k_spec["scale"]],
                    source=k_spec["source"],
                )
                for k_order, k_spec in enumerate(s_spec["criteria"], start=1)
            )
