from django.urls import path

from sakip.reports import views

urlpatterns = [
    path(
        "opd/<int:agency_id>/evaluasi-renja/<int:year>/tw<int:quarter>/",
        views.evaluasi_renja_view,
        name="evaluasi_renja",
    ),
    path("opd/<int:agency_id>/pengukuran-kinerja/<int:year>/", views.iku_view, name="iku"),
]
