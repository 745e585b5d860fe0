from django.contrib import admin
from django.urls import include, path

from sakip.accounts.views import admin_login

admin.site.site_header = "sakip — administrasi"
admin.site.site_title = "sakip"
admin.site.index_title = "Administrasi data"
admin.site.login = admin_login  # type: ignore[method-assign]  # one login, with its second factor
# The Django admin sees every Pemda's rows: only superusers (the platform's operators)
# may use it. A Pemda's own staff work through sakip's pages and the access gate,
# scoped to their Pemda; a staff flag and model permissions alone no longer open it.
admin.site.has_permission = lambda request: bool(  # type: ignore[method-assign]
    request.user.is_active and request.user.is_superuser
)

# Each app owns its routes.
urlpatterns = [
    path("", include("sakip.web.urls")),
    path("", include("sakip.accounts.urls")),
    path("", include("sakip.organisation.urls")),
    path("", include("sakip.planning.urls")),
    path("", include("sakip.agreements.urls")),
    path("", include("sakip.measurement.urls")),
    path("", include("sakip.reports.urls")),
    path("", include("sakip.dashboard.urls")),
    path("", include("sakip.notifications.urls")),
    path("", include("sakip.portal.urls")),
    path("api/", include("sakip.api.urls")),
    path("", include("sakip.evaluation.urls")),
    path("", include("sakip.setup.urls")),
    path("", include("sakip.nomenclature.urls")),
    path("", include("sakip.downloads.urls")),
    path("admin/", admin.site.urls),
]
