from django.contrib.auth import views as auth_views
from django.urls import path

from sakip.web import health, views

urlpatterns = [
    path("", views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("opd/<int:agency_id>/", views.agency_overview, name="agency"),
    path("sehat/", health.health, name="health"),
]
