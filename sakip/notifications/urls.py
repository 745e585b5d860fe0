from django.urls import path

from sakip.notifications import views

urlpatterns = [
    path("pemberitahuan/", views.notification_list, name="notifications"),
    path("pemberitahuan/dibaca/", views.mark_read, name="notifications_read"),
]
