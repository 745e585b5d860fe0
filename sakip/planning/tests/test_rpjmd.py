"""The RPJMD: visi → misi → tujuan → sasaran, each with indicators (DOMAIN §1)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from sakip.planning.models import Indicator, Rpjmd, RpjmdGoal, RpjmdObjective
from sakip.web.demo import Registry, load_rpjmd

pytestmark = pytest.mark.django_db


def test_the_rpjmd_paser_holds_misi_2_and_its_tujuan_1_and_2_as_seed_003_prints_them(paser):
    rpjmd = Rpjmd.objects.get(pemda=paser)
    assert (rpjmd.start_year, rpjmd.end_year) == (2021, 2026)
    mission = rpjmd.missions.get()
    assert mission.number == 2
    assert mission.text.startswith("Meningkatkan Tata Kelola Pemerintahan yang Efektif")
    goals = list(mission.goals.order_by("number"))
    assert [g.number for g in goals] == [1, 2]
    assert goals[0].text == "Mewujudkan Tata Kelola Pemerintahan yang Responsif dan Tangkas"


def test_the_renstra_page_says_which_rpjmd_tujuan_it_supports(login, kesbangpol):
    page = login("operator_a").get(reverse("renstra", args=[kesbangpol.pk])).content.decode()
    assert "RPJMD 2021–2026, Misi 2" in page
    assert "Tujuan 2: Mewujudkan Masyarakat yang Memahami dan Menjaga Kesatuan bangsa" in page


def test_an_rpjmd_sasaran_carries_its_own_indicators(paser, tmp_path):
    (tmp_path / "rpjmd.yaml").write_text(
        """
rpjmd:
  start_year: 2027
  end_year: 2031
  vision: Paser Maju
  missions:
    - "no": 1
      text: Misi satu
      goals:
        - "no": 1
          text: Tujuan satu
          indicators: [{key: t_rpjmd, name: Indeks Reformasi Birokrasi, unit: indeks}]
          objectives:
            - "no": 1
              text: Sasaran satu
              indicators:
                - {key: s_rpjmd, name: Nilai SAKIP Pemda, unit: grade, targets: {2027: "BB"}}
""",
        encoding="utf-8",
    )
    load_rpjmd(Registry(pemda=paser), tmp_path / "rpjmd.yaml")
    objective = RpjmdObjective.objects.get(goal__mission__rpjmd__start_year=2027)
    indicator = objective.indicators.get()
    assert indicator.name == "Nilai SAKIP Pemda"
    assert indicator.subject_label == "Sasaran RPJMD"
    assert indicator.targets.get().text == "BB"
    assert Indicator.objects.get(code="t_rpjmd").subject_label == "Tujuan RPJMD"


def test_an_indicator_cannot_measure_an_rpjmd_tujuan_and_its_sasaran_at_once(paser):
    goal = RpjmdGoal.objects.filter(mission__rpjmd__pemda=paser).first()
    objective = RpjmdObjective.objects.create(goal=goal, number=9, text="Sasaran uji")
    indicator = Indicator(pemda=paser, name="Ganda", rpjmd_goal=goal, rpjmd_objective=objective)
    with pytest.raises(ValidationError) as caught:
        indicator.full_clean()
    assert "tepat satu hal" in str(caught.value)
    with pytest.raises(IntegrityError), transaction.atomic():
        indicator.save()
