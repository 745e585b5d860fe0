from django.urls import path

from sakip.portal import views

urlpatterns = [
    path("publik/", views.portal_index, name="portal"),
    path("publik/<slug:code>/", views.portal_pemda, name="portal_pemda"),
    path("publik/<slug:code>/<int:year>/", views.portal_pemda, name="portal_pemda_year"),
    path("publik/<slug:code>/dokumen/<int:pk>/", views.portal_document, name="portal_document"),
    path("publikasi/", views.publications, name="publications"),
]
