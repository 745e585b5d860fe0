from django.urls import path

from sakip.reports import views
from sakip.reports.lkjip import views as lkjip_views

urlpatterns = [
    path(
        "opd/<int:agency_id>/evaluasi-renja/<int:year>/tw<int:quarter>/",
        views.evaluasi_renja_view,
        name="evaluasi_renja",
    ),
    path("opd/<int:agency_id>/pengukuran-kinerja/<int:year>/", views.iku_view, name="iku"),
    path("opd/<int:agency_id>/lkjip/<int:year>/", lkjip_views.lkjip_view, name="lkjip"),
    path(
        "opd/<int:agency_id>/lkjip/<int:year>/narasi/<str:key>/",
        lkjip_views.lkjip_section_view,
        name="lkjip_section",
    ),
    path(
        "opd/<int:agency_id>/lkjip/<int:year>/status/",
        lkjip_views.lkjip_status_view,
        name="lkjip_status",
    ),
]
