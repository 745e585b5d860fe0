"""The first draft of each narrative section, written from the figures (DOMAIN §6:
"most of its prose is formula: sentences built from the numbers"). Staff rewrite it;
a figure they type that contradicts the tables is flagged (``checks``)."""

from __future__ import annotations

from decimal import Decimal

from sakip.reports.lkjip.compute import IndicatorFigures, LkjipFigures, ObjectiveFigures
from sakip.rules.formatting import format_decimal_trimmed, format_percent, format_rupiah

#: The sections, in the order the report prints them: (key, title). The per-sasaran
#: sections ("sasaran:N") follow "capaian" for each sasaran of the year.
SECTIONS: tuple[tuple[str, str], ...] = (
    ("kata_pengantar", "Kata Pengantar"),
    ("ikhtisar", "Ikhtisar Eksekutif"),
    ("latar_belakang", "Bab I A. Latar Belakang"),
    ("maksud_tujuan", "Bab I B. Maksud dan Tujuan"),
    ("isu_strategis", "Bab I C. Permasalahan dan Isu Strategis"),
    ("tugas_fungsi", "Bab I D. Kedudukan, Tugas dan Fungsi"),
    ("perencanaan", "Bab II Perencanaan Kinerja (pengantar)"),
    ("capaian", "Bab III A. Capaian Kinerja (pengantar)"),
    ("anggaran", "Bab III B. Realisasi Anggaran"),
    ("analisis", "Bab III C. Analisis Keberhasilan dan Kegagalan serta Tindak Lanjut"),
    ("penutup", "Bab IV Penutup"),
)


def section_keys(figures: LkjipFigures) -> list[tuple[str, str]]:
    """Every section of this report with its title, sasaran sections included."""
    out: list[tuple[str, str]] = []
    for key, title in SECTIONS:
        out.append((key, title))
        if key == "capaian":
            out += [
                (f"sasaran:{o.number}", f"Bab III A. Sasaran {o.number}: {o.name}")
                for o in figures.objectives
            ]
    return out


def _pct(value: Decimal | None, figures: LkjipFigures) -> str:
    return format_percent(value, figures.policy) if value is not None else "–"


def _bands_sentence(figures: LkjipFigures) -> str:
    parts = [
        f"{b.count} indikator ({_pct(b.share, figures)}) berkriteria {b.label}"
        for b in figures.bands
        if b.count
    ]
    if not parts:
        return "Belum ada indikator yang capaiannya dapat dihitung."
    excluded = len(figures.indicators) - figures.computable_count
    tail = (
        f" {excluded} indikator tidak dapat dihitung capaiannya dan tidak ikut dirata-rata."
        if excluded
        else ""
    )
    return "Dari " + f"{figures.computable_count} IKU, " + ", ".join(parts) + "." + tail


def _indicator_sentence(item: IndicatorFigures, figures: LkjipFigures) -> str:
    if item.achievement is None:
        return (
            f"Indikator {item.name} dengan target {item.target_text or '–'} "
            f"belum dapat dihitung capaiannya ({item.note or 'tidak dapat dihitung'})."
        )
    actual = (
        format_decimal_trimmed(item.actual) + ("%" if item.unit == "%" else "")
        if item.actual is not None
        else item.actual_text
    )
    sentence = (
        f"Indikator {item.name} dengan target {item.target_text or '–'} terealisasi "
        f"{actual}, sehingga capaiannya {_pct(item.achievement, figures)} "
        f"(kriteria {item.rating or '–'})."
    )
    if item.change is not None:
        direction = "naik" if item.change.points > 0 else "turun" if item.change.points < 0 else ""
        if direction:
            before = _pct(item.previous_achievement, figures)
            points = format_decimal_trimmed(abs(item.change.points), 2)
            sentence += (
                f" Dibandingkan tahun {figures.year - 1} ({before}), capaian {direction} "
                f"{points} poin."
            )
        else:
            sentence += f" Capaian sama dengan tahun {figures.year - 1}."
    if item.end_achievement is not None and item.end_year:
        sentence += (
            f" Terhadap target akhir Renstra tahun {item.end_year} ({item.end_target_text}), "
            f"realisasi tahun ini mencapai {_pct(item.end_achievement, figures)}."
        )
    return sentence


def _budget_sentence(objective: ObjectiveFigures, figures: LkjipFigures) -> str:
    parts = []
    for program in objective.programs:
        saved = program.efficiency
        parts.append(
            f"{program.name} dengan pagu {format_rupiah(program.pagu)} terealisasi "
            f"{format_rupiah(program.realisasi)} ({_pct(program.absorption, figures)}); "
            f"efisiensi {format_rupiah(saved.rupiah)} ({_pct(saved.percent, figures)} dari pagu)."
        )
    return " ".join(parts)


def objective_draft(objective: ObjectiveFigures, figures: LkjipFigures) -> str:
    lines = [
        f"Sasaran {objective.number}, {objective.name}, diukur dengan "
        f"{len(objective.indicators)} indikator; rata-rata capaiannya "
        f"{_pct(objective.average, figures)} (kriteria {objective.rating or '–'})."
    ]
    lines += [_indicator_sentence(i, figures) for i in objective.indicators]
    if objective.programs:
        lines.append("Sasaran ini didukung oleh " + _budget_sentence(objective, figures))
    return "\n\n".join(lines)


def draft(key: str, figures: LkjipFigures) -> str:
    """The draft of section ``key`` from the figures."""
    year, name = figures.year, figures.agency_name
    average = _pct(figures.average, figures)
    absorption = _pct(figures.absorption, figures)
    if key == "kata_pengantar":
        return (
            f"Laporan Kinerja Instansi Pemerintah (LKjIP) {name} Tahun {year} ini disusun "
            "sebagai wujud pertanggungjawaban atas kinerja yang telah dicapai, sesuai dengan "
            "Peraturan Presiden Nomor 29 Tahun 2014 dan Peraturan Menteri PANRB Nomor 53 "
            "Tahun 2014.\n\nSemoga laporan ini memberikan informasi yang diperlukan seluruh "
            "pemangku kepentingan dan menjadi bahan perbaikan kinerja di tahun mendatang."
        )
    if key == "ikhtisar":
        return (
            f"Pada tahun {year} {name} mengukur {len(figures.indicators)} Indikator Kinerja "
            f"Utama pada {len(figures.objectives)} sasaran strategis. Rata-rata capaian IKU "
            f"adalah {average} dengan kriteria {figures.rating or '–'}. "
            f"{_bands_sentence(figures)}\n\nRealisasi anggaran tahun {year} adalah "
            f"{format_rupiah(figures.realisasi)} dari pagu {format_rupiah(figures.pagu)}, "
            f"atau serapan {absorption}."
        )
    if key == "latar_belakang":
        return (
            "Laporan Kinerja disusun sebagai pertanggungjawaban pelaksanaan tugas dan fungsi "
            "serta pengelolaan sumber daya yang dipercayakan, berdasarkan Sistem Akuntabilitas "
            "Kinerja Instansi Pemerintah (Peraturan Presiden Nomor 29 Tahun 2014)."
        )
    if key == "maksud_tujuan":
        return (
            "Laporan ini memberikan informasi kinerja yang terukur kepada pemberi mandat atas "
            f"kinerja yang telah dan seharusnya dicapai {name} pada tahun {year}, dan menjadi "
            "upaya perbaikan berkesinambungan untuk meningkatkan kinerja."
        )
    if key == "isu_strategis":
        return "(Uraikan permasalahan dan isu strategis yang dihadapi perangkat daerah.)"
    if key == "tugas_fungsi":
        return (
            f"(Uraikan kedudukan, tugas pokok dan fungsi {name} menurut peraturan daerah "
            "tentang susunan organisasinya.)"
        )
    if key == "perencanaan":
        years = figures.renstra_years
        period = f"{years[0]}–{years[-1]}" if years else "–"
        return (
            f"Perencanaan kinerja {name} berpedoman pada Rencana Strategis {period}, yang "
            f"dijabarkan setiap tahun dalam Rencana Kerja dan Perjanjian Kinerja. Tabel berikut "
            "memuat tujuan, sasaran dan target Renstra, Indikator Kinerja Utama, serta "
            f"anggaran program tahun {year}."
        )
    if key == "capaian":
        return (
            f"Pengukuran kinerja tahun {year} membandingkan realisasi dengan target setiap IKU. "
            f"Rata-rata capaian {len(figures.indicators)} IKU adalah {average} "
            f"(kriteria {figures.rating or '–'}). {_bands_sentence(figures)}"
        )
    if key.startswith("sasaran:"):
        number = int(key.split(":", 1)[1])
        for objective in figures.objectives:
            if objective.number == number:
                return objective_draft(objective, figures)
        return ""
    if key == "anggaran":
        return (
            f"Pagu anggaran {name} tahun {year} adalah {format_rupiah(figures.pagu)} dengan "
            f"realisasi {format_rupiah(figures.realisasi)}, atau serapan {absorption}; sisa "
            f"anggaran {format_rupiah(figures.pagu - figures.realisasi)}."
        )
    if key == "analisis":
        low = [i for i in figures.indicators if i.achievement is not None and i.achievement < 100]
        if low:
            names = "; ".join(f"{i.name} ({_pct(i.achievement, figures)})" for i in low)
            return (
                f"Indikator yang belum mencapai target: {names}. (Uraikan faktor penghambat "
                "dan tindak lanjutnya.)"
            )
        return "Seluruh indikator mencapai target. (Uraikan faktor pendorong keberhasilan.)"
    if key == "penutup":
        return (
            f"Secara umum kinerja {name} tahun {year} mencapai rata-rata capaian {average} "
            f"dengan kriteria {figures.rating or '–'}, dan serapan anggaran {absorption}. "
            "Hasil ini menjadi dasar perbaikan perencanaan dan pelaksanaan program tahun "
            "berikutnya."
        )
    return ""
