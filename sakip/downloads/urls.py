from django.urls import path

from sakip.downloads import views

urlpatterns = [
    path("unduhan/", views.download_list, name="download_list"),
    path("unduhan/<int:pk>/", views.download_status, name="download_status"),
    path("unduhan/<int:pk>/berkas/", views.download_file, name="download_file"),
]
