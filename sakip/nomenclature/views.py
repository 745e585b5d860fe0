"""The nomenclature page: the editions imported, a check of a code against a year's
list (with the nearest valid codes), and, for the platform operator, the import of an
edition from its XLSX (the list is national: one Pemda's admin may not change another's
reference)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from sakip.nomenclature import reading
from sakip.nomenclature.models import Edition
from sakip.setup.excel import UploadError
from sakip.setup.forms import style


class EditionImportForm(forms.Form):
    year = forms.IntegerField(label="Tahun anggaran", min_value=2019, max_value=2100)
    name = forms.CharField(
        label="Dasar hukum", max_length=300, initial="Kepmendagri 050-5889 Tahun 2021"
    )
    file = forms.FileField(label="Berkas XLSX nomenklatur")

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style(self)


class CheckForm(forms.Form):
    year = forms.IntegerField(label="Tahun", min_value=2019, max_value=2100)
    code = forms.CharField(label="Kode", max_length=40)

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        style(self)


def _may_read(request: HttpRequest) -> None:
    user = request.user
    if not (user.is_authenticated and user.is_active and (user.is_superuser or user.role)):  # type: ignore[union-attr]
        raise PermissionDenied


def nomenclature_view(request: HttpRequest) -> HttpResponse:
    _may_read(request)
    superuser = request.user.is_superuser  # type: ignore[union-attr]
    import_form = EditionImportForm(prefix="impor") if superuser else None
    problems = []
    if request.method == "POST":
        if not superuser:
            raise PermissionDenied("Hanya administrator sistem yang mengimpor nomenklatur.")
        import_form = EditionImportForm(request.POST, request.FILES, prefix="impor")
        if import_form.is_valid():
            data = import_form.cleaned_data
            try:
                rows = reading.read(data["file"].read())
            except UploadError as error:
                problems = error.problems
            else:
                edition = reading.save_edition(data["year"], data["name"], rows, request.user)  # type: ignore[arg-type]
                messages.success(request, f"{len(rows)} kode diimpor ke {edition}.")
                return redirect("nomenclature")
    check = CheckForm(request.GET or None)
    result = None
    if check.is_bound and check.is_valid():
        code, year = check.cleaned_data["code"].strip(), check.cleaned_data["year"]
        index = reading.index_for(year)
        if index is None:
            result = {"code": code, "missing_list": True}
        else:
            found = index.find(code)
            entry = None
            if found is not None:
                entry = Edition.objects.get(year=year).entries.filter(key=found.key).first()
            result = {
                "code": code,
                "entry": entry,
                "nearest": [] if found else index.nearest(code),
            }
    editions = Edition.objects.annotate(count=Count("entries")).order_by("-year")
    return render(
        request,
        "nomenclature/index.html",
        {
            "editions": editions,
            "import_form": import_form,
            "problems": problems,
            "check": check,
            "result": result,
            "here": "nomenklatur",
        },
    )
