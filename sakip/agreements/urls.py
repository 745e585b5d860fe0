from django.urls import path

from sakip.agreements import views

urlpatterns = [
    path("opd/<int:agency_id>/pk/", views.agreement_list, name="agreements"),
    path("pk/pemda/", views.pemda_view, name="agreements_pemda"),
    path("pk/baru/", views.agreement_create, name="agreement_create"),
    path("pk/<int:pk>/", views.agreement_detail, name="agreement"),
    path("pk/<int:pk>/ubah/", views.agreement_edit, name="agreement_edit"),
    path("pk/<int:pk>/ubah/baris/", views.agreement_row, name="agreement_row"),
    path("pk/<int:pk>/tandatangani/", views.agreement_sign, name="agreement_sign"),
    path("pk/<int:pk>/perubahan/", views.agreement_revise, name="agreement_revise"),
    path("pk/<int:pk>/hapus/", views.agreement_delete, name="agreement_delete"),
    path("opd/<int:agency_id>/pohon-kinerja/<int:year>/", views.cascade_view, name="cascade"),
    path(
        "opd/<int:agency_id>/rencana-aksi/<int:year>/", views.action_plan_view, name="action_plan"
    ),
]
