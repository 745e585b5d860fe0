from django.urls import path

from sakip.measurement import views

quarter = "opd/<int:agency_id>/realisasi/<int:year>/tw/<int:quarter>/"

urlpatterns = [
    path(quarter, views.quarter_page, name="measurement_quarter"),
    path(f"{quarter}k/<int:indicator_id>/", views.save_k, name="measurement_save_k"),
    path(f"{quarter}k/<int:indicator_id>/hitung/", views.preview_k, name="measurement_preview_k"),
    path(f"{quarter}rp/<int:item_id>/", views.save_rp, name="measurement_save_rp"),
    path(f"{quarter}rp/<int:item_id>/hitung/", views.preview_rp, name="measurement_preview_rp"),
    path(f"{quarter}bukti/", views.upload_evidence, name="measurement_upload"),
    path(f"{quarter}ajukan/", views.submit, name="measurement_submit"),
    path(f"{quarter}setujui/", views.approve, name="measurement_approve"),
    path(f"{quarter}kembalikan/", views.return_to_operator, name="measurement_return"),
    path(f"{quarter}pimpinan/setujui/", views.approve_as_head, name="measurement_head_approve"),
    path(f"{quarter}pimpinan/kembalikan/", views.return_as_head, name="measurement_head_return"),
    path(f"{quarter}buka-kunci/", views.unlock, name="measurement_unlock"),
    path(f"{quarter}uraian/", views.narrative, name="measurement_narrative"),
    path(f"{quarter}riwayat/", views.history, name="measurement_history"),
    path("bukti/<int:evidence_id>/", views.download_evidence, name="measurement_evidence"),
    path(
        "bukti/<int:evidence_id>/hapus/", views.delete_evidence, name="measurement_evidence_delete"
    ),
    path("realisasi/jadwal/<int:year>/", views.windows, name="measurement_windows"),
    path(
        "opd/<int:agency_id>/rencana-aksi/<int:year>/target/",
        views.plan_editor,
        name="measurement_plan",
    ),
    path(
        "opd/<int:agency_id>/rencana-aksi/<int:year>/target/<int:indicator_id>/",
        views.save_plan,
        name="measurement_plan_save",
    ),
]
