"""The reports a prepared download can rebuild from its parameters, in the worker,
away from the request that asked for it. Each builder takes the parameters the view
stored (ids and numbers only) and returns the Document the view would have rendered."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from sakip.organisation.models import Agency
from sakip.reports.document import Document


def _evaluasi_renja(params: dict[str, Any]) -> Document:
    from sakip.reports import evaluasi_renja
    from sakip.reports.views import variant
    from sakip.rules.renja import Layout

    agency = Agency.objects.select_related("pemda").get(pk=params["agency"])
    layout = Layout(params["layout"])
    report = evaluasi_renja.load(agency, params["year"], params["quarter"], layout)
    return variant(evaluasi_renja.build_document(report), params["fmt"], params.get("isi", ""))


def _iku(params: dict[str, Any]) -> Document:
    from sakip.reports import iku
    from sakip.reports.views import variant

    agency = Agency.objects.select_related("pemda").get(pk=params["agency"])
    report = iku.load(agency, params["year"])
    return variant(iku.build_document(report), params["fmt"], params.get("isi", ""))


def _lkjip(params: dict[str, Any]) -> Document:
    from sakip.reports.lkjip.narrative import report_document

    agency = Agency.objects.select_related("pemda").get(pk=params["agency"])
    return report_document(agency, params["year"], with_lampiran=params["fmt"] == "pdf")


BUILDERS: dict[str, Callable[[dict[str, Any]], Document]] = {
    "evaluasi_renja": _evaluasi_renja,
    "iku": _iku,
    "lkjip": _lkjip,
}


def build(name: str, params: dict[str, Any]) -> Document:
    return BUILDERS[name](params)
