"""Who reaches the plan import/export endpoints of an agency (Renstra, IKU, Renja,
realisasi workbook): readers of the agency export, its operator and the Pemda's admin
import, the pimpinan and Pemda-wide readers do not import, other Pemdas see nothing."""

from __future__ import annotations

import pytest

from sakip.planning.models import Renstra

pytestmark = pytest.mark.django_db

READERS = {"operator_a", "head_a", "verifikator", "inspektorat", "admin_pemda"}
EDITORS = {"operator_a", "admin_pemda"}
OUTSIDERS = {"operator_other_pemda", "admin_other_pemda"}


def _endpoints(agency) -> list[tuple[str, str, str]]:
    """(kind, method, url): kind "read" or "edit"."""
    renstra = Renstra.objects.filter(agency=agency).first()
    renstra_base = f"/opd/{agency.pk}/renstra/{renstra.pk}/"
    out = []
    for base in [
        renstra_base,
        f"/opd/{agency.pk}/iku/",
        f"/opd/{agency.pk}/renja/2024/",
        f"/opd/{agency.pk}/realisasi-excel/2024/1/",
    ]:
        out += [
            ("read", "get", base + "templat.xlsx"),
            ("read", "get", base + "ekspor.xlsx"),
            ("edit", "get", base + "impor/"),
            ("edit", "post", base + "impor/"),
        ]
    out.append(("edit", "get", f"/opd/{agency.pk}/renstra/baru/"))
    return out


@pytest.mark.parametrize("persona", sorted(READERS | OUTSIDERS))
def test_each_persona_gets_exactly_what_its_role_allows(login, kesbangpol, persona):
    client = login(persona)
    for kind, method, url in _endpoints(kesbangpol):
        status = getattr(client, method)(url).status_code
        if persona in OUTSIDERS:
            expected = 404
        elif kind == "read" or persona in EDITORS:
            expected = 200
        else:
            expected = 403
        assert status == expected, (persona, method, url, status)


def test_the_rpjmd_page_costs_the_same_queries_with_more_missions(
    login, paser, django_assert_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from sakip.planning.models import Rpjmd, RpjmdGoal, RpjmdMission

    rpjmd = Rpjmd.objects.filter(pemda=paser).first()
    client = login("admin_pemda")
    url = f"/pengaturan/rpjmd/{rpjmd.pk}/"
    with CaptureQueriesContext(connection) as before:
        assert client.get(url).status_code == 200
    for n in range(5):
        mission = RpjmdMission.objects.create(rpjmd=rpjmd, number=50 + n, text=f"Misi {n}")
        RpjmdGoal.objects.create(mission=mission, number=1, text=f"Tujuan {n}")
    with django_assert_num_queries(len(before.captured_queries)):
        assert client.get(url).status_code == 200
