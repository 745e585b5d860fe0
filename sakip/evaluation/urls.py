from django.urls import path

from sakip.evaluation import views

sheet = "opd/<int:agency_id>/evaluasi-sakip/<int:year>/"

urlpatterns = [
    path("opd/<int:agency_id>/evaluasi-sakip/", views.agency_index, name="lke_agency"),
    path(sheet, views.worksheet_view, name="lke_worksheet"),
    path(f"{sheet}mulai/", views.start, name="lke_start"),
    path(f"{sheet}jawab/<int:criterion_id>/", views.answer, name="lke_answer"),
    path(f"{sheet}bukti/<int:criterion_id>/", views.add_evidence, name="lke_add_evidence"),
    path(f"{sheet}komponen/<int:component_id>/", views.review, name="lke_review"),
    path(f"{sheet}data/", views.details, name="lke_details"),
    path(f"{sheet}final/", views.finalize, name="lke_finalize"),
    path(f"{sheet}buka/", views.reopen, name="lke_reopen"),
    path(f"{sheet}lhe/", views.lhe_view, name="lke_lhe"),
    path("evaluasi-sakip/bukti/<int:link_id>/", views.download_evidence, name="lke_evidence"),
    path(
        "evaluasi-sakip/bukti/<int:link_id>/hapus/",
        views.remove_evidence,
        name="lke_remove_evidence",
    ),
    path("evaluasi-sakip/", views.recap_index, name="lke_recap_index"),
    path("evaluasi-sakip/<int:year>/", views.recap_view, name="lke_recap"),
    path("evaluasi-sakip/templat/", views.templates_view, name="lke_templates"),
    path("evaluasi-sakip/templat/<int:template_id>/", views.template_view, name="lke_template"),
    path(
        "evaluasi-sakip/templat/<int:template_id>/salin/",
        views.template_copy,
        name="lke_template_copy",
    ),
    path(
        "evaluasi-sakip/templat/<int:template_id>/skala/",
        views.template_scale,
        name="lke_template_scale",
    ),
    path(
        "evaluasi-sakip/templat/<int:template_id>/<str:kind>/<int:pk>/",
        views.template_part,
        name="lke_template_part",
    ),
]
