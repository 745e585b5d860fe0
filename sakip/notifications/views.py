"""The signed-in person's own notifications."""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from sakip.notifications.models import Notification

PAGE_SIZE = 50


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(user_id=request.user.pk)
    page = Paginator(mine, PAGE_SIZE).get_page(request.GET.get("hal"))
    return render(
        request,
        "notifications/list.html",
        {"page": page, "unread": mine.filter(read_at__isnull=True).exists()},
    )


@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    count = Notification.objects.filter(user_id=request.user.pk, read_at__isnull=True).update(
        read_at=timezone.now()
    )
    if count:
        messages.success(request, f"{count} pemberitahuan ditandai sudah dibaca.")
    return HttpResponseRedirect(reverse("notifications"))
