from django.contrib import admin
from django.urls import include, path

admin.site.site_header = "sakip — administrasi"
admin.site.site_title = "sakip"
admin.site.index_title = "Administrasi data"

# Each app owns its routes.
urlpatterns = [
    path("", include("sakip.web.urls")),
    path("", include("sakip.organisation.urls")),
    path("", include("sakip.planning.urls")),
    path("", include("sakip.agreements.urls")),
    path("", include("sakip.measurement.urls")),
    path("", include("sakip.reports.urls")),
    path("", include("sakip.setup.urls")),
    path("", include("sakip.nomenclature.urls")),
    path("admin/", admin.site.urls),
]
