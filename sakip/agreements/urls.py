from django.urls import path

from sakip.agreements import views

urlpatterns = [
    path("opd/<int:agency_id>/pk/", views.agreement_list, name="agreements"),
    path("pk/<int:pk>/", views.agreement_detail, name="agreement"),
    path("opd/<int:agency_id>/pohon-kinerja/<int:year>/", views.cascade_view, name="cascade"),
    path("opd/<int:agency_id>/rencana-aksi/<int:year>/", views.action_plan_view, name="action_plan"),
]
