"""Who may do what with a quarter's realisasi. Built on the access gate
(sakip.accounts.access): views obtain the agency through ``agency_for_user`` first, so
these functions only decide between reading and the measurement actions.

- enter figures, evidence, the narrative; submit: the agency's operator and the
  Pemda's admin (``can_edit_agency``), while the quarter is open or returned, and for
  the operator only inside the entry window;
- where the Pemda's policy asks for it, approve or return a submitted quarter before the
  verifikator sees it: the agency's own pimpinan (``can_approve_as_head``);
- approve or return a submitted quarter: a verifikator of the Pemda;
- unlock an approved quarter: the Pemda's admin, with a reason;
- set the entry windows: the Pemda's admin.
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from sakip.accounts.access import can_edit_agency, is_pemda_admin
from sakip.accounts.models import Role
from sakip.measurement.models import EntryWindow, QuarterReport
from sakip.organisation.models import Agency
from sakip.rules.formatting import ROMAN_QUARTERS, format_date

if TYPE_CHECKING:
    from sakip.accounts.models import User


def can_verify(user: User, agency: Agency) -> bool:
    if not (user.is_authenticated and user.is_active):
        return False
    if user.is_superuser:
        return True
    return user.role == Role.VERIFIKATOR and user.pemda_id == agency.pemda_id


def can_approve_as_head(user: User, agency: Agency) -> bool:
    """The agency's pimpinan (Kepala OPD): an active PIMPINAN account of this agency.
    Not a superuser, not the admin: the approval is the head's own word."""
    return bool(
        user.is_authenticated
        and user.is_active
        and user.role == Role.PIMPINAN
        and user.agency_id == agency.pk
    )


def can_unlock(user: User, agency: Agency) -> bool:
    return is_pemda_admin(user, agency.pemda)


def window_block(window: EntryWindow | None, quarter: int, today: datetime.date) -> str | None:
    """Why the entry window stops an operator today, or None when it is open."""
    if window is None or window.opens_on <= today <= window.closes_on:
        return None
    roman = ROMAN_QUARTERS[quarter - 1]
    if today < window.opens_on:
        return (
            f"Pengisian realisasi TW {roman} baru dibuka {format_date(window.opens_on)} "
            f"sampai {format_date(window.closes_on)}."
        )
    return (
        f"Jadwal pengisian realisasi TW {roman} berakhir {format_date(window.closes_on)}. "
        "Hubungi admin pemerintah daerah bila masih ada yang harus diisi."
    )


def entry_block(
    user: User,
    agency: Agency,
    report: QuarterReport,
    window: EntryWindow | None,
    today: datetime.date,
    *,
    head_approves: bool = False,
) -> str | None:
    """Why ``user`` may not change this quarter's figures now, or None when they may.
    ``head_approves``: the Pemda's policy that the pimpinan approves first (only the
    message of a submitted quarter depends on it)."""
    if not can_edit_agency(user, agency):
        return "Anda dapat melihat realisasi ini, tetapi tidak dapat mengubahnya."
    if report.state == QuarterReport.State.APPROVED:
        return (
            "Triwulan ini sudah disetujui verifikator dan terkunci. Hanya admin pemerintah "
            "daerah yang dapat membuka kuncinya."
        )
    if report.awaits_head(head_approves):
        return (
            "Triwulan ini sudah diajukan dan menunggu persetujuan pimpinan perangkat daerah; "
            "angka tidak dapat diubah sampai pimpinan atau verifikator mengembalikannya."
        )
    if report.state == QuarterReport.State.SUBMITTED:
        return (
            "Triwulan ini sudah diajukan dan sedang diverifikasi; angka tidak dapat diubah "
            "sampai verifikator mengembalikannya."
        )
    if is_pemda_admin(user, agency.pemda):
        return None
    return window_block(window, report.quarter, today)
