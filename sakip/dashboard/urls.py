from django.urls import path

from sakip.dashboard import views

urlpatterns = [
    path("dasbor/", views.dashboard, name="dashboard"),
    path("dasbor/<int:year>/tw<int:quarter>/", views.pemda_dashboard, name="dashboard_pemda"),
    path(
        "opd/<int:agency_id>/kinerja/<int:year>/", views.agency_dashboard, name="dashboard_agency"
    ),
]
