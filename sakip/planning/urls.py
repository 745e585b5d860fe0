from django.urls import path

from sakip.planning import views

urlpatterns = [
    path("opd/<int:agency_id>/renstra/", views.renstra_view, name="renstra"),
    path("opd/<int:agency_id>/renja/<int:year>/", views.renja_view, name="renja"),
]
