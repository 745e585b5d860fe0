from django.urls import path

from sakip.organisation import views

urlpatterns = [
    path("kebijakan/", views.policy_view, name="policy"),
    path("kebijakan/skala-lkjip/", views.lkjip_scale_view, name="lkjip_scale"),
]
