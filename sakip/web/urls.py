from django.contrib.auth import views as auth_views
from django.urls import path

from sakip.web import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("opd/<int:agency_id>/", views.agency_overview, name="agency"),
    path("opd/<int:agency_id>/buka/<slug:section>/", views.agency_section, name="agency_section"),
    path("sehat/", health.health, name="health"),
    # Browsers ask for /favicon.ico whatever the page says: the icon, not a 404.
    path("favicon.ico", views.favicon, name="favicon"),
]
