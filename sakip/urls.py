from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path

from sakip.agreements import views as agreement_views
from sakip.organisation import views as organisation_views
from sakip.planning import views as planning_views
from sakip.reports import views as report_views
from sakip.web import views as web_views

admin.site.site_header = "sakip — administrasi"
admin.site.site_title = "sakip"
admin.site.index_title = "Administrasi data"

urlpatterns = [
    path("", web_views.home, name="home"),
    path("masuk/", auth_views.LoginView.as_view(), name="login"),
    path("keluar/", auth_views.LogoutView.as_view(), name="logout"),
    path("opd/<int:agency_id>/", web_views.agency_overview, name="agency"),
    path("opd/<int:agency_id>/renstra/", planning_views.renstra_view, name="renstra"),
    path("opd/<int:agency_id>/renja/<int:year>/", planning_views.renja_view, name="renja"),
    path("opd/<int:agency_id>/pk/", agreement_views.agreement_list, name="agreements"),
    path("pk/<int:pk>/", agreement_views.agreement_detail, name="agreement"),
    path("opd/<int:agency_id>/pohon-kinerja/<int:year>/", agreement_views.cascade_view, name="cascade"),
    path("opd/<int:agency_id>/rencana-aksi/<int:year>/", agreement_views.action_plan_view, name="action_plan"),
    path(
        "opd/<int:agency_id>/evaluasi-renja/<int:year>/tw<int:quarter>/",
        report_views.evaluasi_renja_view,
        name="evaluasi_renja",
    ),
    path("opd/<int:agency_id>/pengukuran-kinerja/<int:year>/", report_views.iku_view, name="iku"),
    path("kebijakan/", organisation_views.policy_view, name="policy"),
    path("admin/", admin.site.urls),
]
