from django.urls import path

from sakip.planning import views

urlpatterns = [
    path("opd/<int:agency_id>/renstra/", views.renstra_view, name="renstra"),
    path("opd/<int:agency_id>/renja/<int:year>/", views.renja_view, name="renja"),
    path("opd/<int:agency_id>/renja/<int:year>/salin/", views.renja_copy, name="renja_copy"),
    path(
        "opd/<int:agency_id>/renja/<int:year>/perubahan/",
        views.renja_revise,
        name="renja_revise",
    ),
    path("opd/<int:agency_id>/renja/<int:year>/pagu/", views.renja_pagu, name="renja_pagu"),
]
