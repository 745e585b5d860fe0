from django.urls import path

from sakip.setup import iku_row_views, plan_views, renja_row_views, views

RPJMD = "pengaturan/rpjmd/<int:pk>/"
RENSTRA = "opd/<int:agency_id>/renstra/<int:pk>/"
RENJA = "opd/<int:agency_id>/renja/<int:year>/"
QUARTER = "opd/<int:agency_id>/realisasi-excel/<int:year>/<int:quarter>/"

urlpatterns = [
    path("pengaturan/", views.home, name="setup"),
    path("pengaturan/riwayat/", views.history_view, name="setup_history"),
    path("pengaturan/kunci-renja/", views.year_lock_view, name="setup_year_lock"),
    path("pengaturan/pemda/", views.pemdas_view, name="setup_pemdas"),
    path("pengaturan/pengguna/<int:pk>/", views.user_view, name="setup_user"),
    path("pengaturan/rpjmd/", plan_views.rpjmd_list, name="setup_rpjmds"),
    path(RPJMD, plan_views.rpjmd_view, name="setup_rpjmd"),
    path(RPJMD + "templat.xlsx", plan_views.rpjmd_template, name="setup_rpjmd_template"),
    path(RPJMD + "ekspor.xlsx", plan_views.rpjmd_export, name="setup_rpjmd_export"),
    path(RPJMD + "impor/", plan_views.rpjmd_import, name="setup_rpjmd_import"),
    path(RPJMD + "impor/simpan/", plan_views.rpjmd_confirm, name="setup_rpjmd_confirm"),
    path(RPJMD + "baris/baru/", plan_views.rpjmd_row, name="setup_rpjmd_row_new"),
    path(RPJMD + "baris/<int:row>/", plan_views.rpjmd_row, name="setup_rpjmd_row"),
    path(
        RPJMD + "baris/<int:row>/hapus/",
        plan_views.rpjmd_row_delete,
        name="setup_rpjmd_row_delete",
    ),
    path("pengaturan/<slug:key>/", views.list_view, name="setup_list"),
    path("pengaturan/<slug:key>/baru/", views.edit_view, name="setup_create"),
    path("pengaturan/<slug:key>/<int:pk>/ubah/", views.edit_view, name="setup_edit"),
    path("pengaturan/<slug:key>/<int:pk>/aktif/", views.set_active_view, name="setup_active"),
    path("pengaturan/<slug:key>/templat.xlsx", views.template_view, name="setup_template"),
    path("pengaturan/<slug:key>/ekspor.xlsx", views.export_view, name="setup_export"),
    path("pengaturan/<slug:key>/impor/", views.import_view, name="setup_import"),
    path("pengaturan/<slug:key>/impor/simpan/", views.import_confirm_view, name="setup_confirm"),
    path("undangan/<str:uidb64>/<str:token>/", views.invitation_view, name="setup_invitation"),
    path(
        "opd/<int:agency_id>/renstra/baru/", plan_views.renstra_create, name="setup_renstra_create"
    ),
    path(RENSTRA + "templat.xlsx", plan_views.renstra_template, name="setup_renstra_template"),
    path(RENSTRA + "ekspor.xlsx", plan_views.renstra_export, name="setup_renstra_export"),
    path(RENSTRA + "impor/", plan_views.renstra_import, name="setup_renstra_import"),
    path(RENSTRA + "impor/simpan/", plan_views.renstra_confirm, name="setup_renstra_confirm"),
    path(RENSTRA + "baris/", plan_views.renstra_rows, name="setup_renstra_rows"),
    path(RENSTRA + "baris/baru/", plan_views.renstra_row, name="setup_renstra_row_new"),
    path(RENSTRA + "baris/<int:row>/", plan_views.renstra_row, name="setup_renstra_row"),
    path(
        RENSTRA + "baris/<int:row>/hapus/",
        plan_views.renstra_row_delete,
        name="setup_renstra_row_delete",
    ),
    path(
        "opd/<int:agency_id>/iku/templat.xlsx", plan_views.iku_template, name="setup_iku_template"
    ),
    path("opd/<int:agency_id>/iku/ekspor.xlsx", plan_views.iku_export, name="setup_iku_export"),
    path("opd/<int:agency_id>/iku/impor/", plan_views.iku_import, name="setup_iku_import"),
    path("opd/<int:agency_id>/iku/impor/simpan/", plan_views.iku_confirm, name="setup_iku_confirm"),
    path("opd/<int:agency_id>/iku/baris/", iku_row_views.iku_rows, name="setup_iku_rows"),
    path("opd/<int:agency_id>/iku/baris/baru/", iku_row_views.iku_row, name="setup_iku_row_new"),
    path(
        "opd/<int:agency_id>/iku/baris/<int:indicator_id>/",
        iku_row_views.iku_row,
        name="setup_iku_row",
    ),
    path(
        "opd/<int:agency_id>/rencana/<slug:plan>/<int:year>/<slug:step>/",
        plan_views.approval_view,
        name="setup_plan_step",
    ),
    path(RENJA + "templat.xlsx", plan_views.renja_template, name="setup_renja_template"),
    path(RENJA + "ekspor.xlsx", plan_views.renja_export, name="setup_renja_export"),
    path(RENJA + "impor/", plan_views.renja_import, name="setup_renja_import"),
    path(RENJA + "impor/simpan/", plan_views.renja_confirm, name="setup_renja_confirm"),
    path(RENJA + "baris/baru/", renja_row_views.renja_row, name="setup_renja_row_new"),
    path(RENJA + "baris/<int:item_id>/", renja_row_views.renja_row, name="setup_renja_row"),
    path(
        RENJA + "baris/<int:item_id>/hapus/",
        renja_row_views.renja_row_delete,
        name="setup_renja_row_delete",
    ),
    path(QUARTER + "ekspor.xlsx", plan_views.quarter_template, name="setup_quarter_export"),
    path(QUARTER + "templat.xlsx", plan_views.quarter_template, name="setup_quarter_template"),
    path(QUARTER + "impor/", plan_views.quarter_import, name="setup_quarter_import"),
    path(QUARTER + "impor/simpan/", plan_views.quarter_confirm, name="setup_quarter_confirm"),
]
