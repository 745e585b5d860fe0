from django.urls import path

from sakip.setup import views

urlpatterns = [
    path("pengaturan/", views.home, name="setup"),
    path("pengaturan/riwayat/", views.history_view, name="setup_history"),
    path("pengaturan/pemda/", views.pemdas_view, name="setup_pemdas"),
    path("pengaturan/pengguna/<int:pk>/", views.user_view, name="setup_user"),
    path("pengaturan/<slug:key>/", views.list_view, name="setup_list"),
    path("pengaturan/<slug:key>/baru/", views.edit_view, name="setup_create"),
    path("pengaturan/<slug:key>/<int:pk>/ubah/", views.edit_view, name="setup_edit"),
    path("pengaturan/<slug:key>/<int:pk>/aktif/", views.set_active_view, name="setup_active"),
    path("pengaturan/<slug:key>/templat.xlsx", views.template_view, name="setup_template"),
    path("pengaturan/<slug:key>/ekspor.xlsx", views.export_view, name="setup_export"),
    path("pengaturan/<slug:key>/impor/", views.import_view, name="setup_import"),
    path("pengaturan/<slug:key>/impor/simpan/", views.import_confirm_view, name="setup_confirm"),
    path("undangan/<str:uidb64>/<str:token>/", views.invitation_view, name="setup_invitation"),
]
