from django.urls import path

from sakip.nomenclature import views

urlpatterns = [path("nomenklatur/", views.nomenclature_view, name="nomenclature")]
