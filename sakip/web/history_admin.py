"""The Django admin's history pages (django-simple-history) with the object's own rules.

simple_history shows a past version's form to whoever may *view* the object and, on
POST, saves that version back ("revert") without asking whether the user may change
the object at all: a signed PK and an approved quarter, read-only everywhere else,
were changed that way. Here a revert is saved only when the admin's
``has_change_permission`` for the object as it is now allows it (a signed PK, the
measurement models and other read-only admins say no) and reverting is not disabled;
otherwise 403. Viewing the history stays as it was."""

from __future__ import annotations

from typing import Any

from django.contrib.admin.utils import unquote
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from simple_history.admin import SimpleHistoryAdmin


class GuardedHistoryAdmin(SimpleHistoryAdmin):  # type: ignore[type-arg]
    def history_form_view(
        self,
        request: HttpRequest,
        object_id: str,
        version_id: str,
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            obj = self.get_object(request, unquote(object_id))
            if (
                obj is None
                or not self.has_change_permission(request, obj)
                or self.revert_disabled(request, obj)
            ):
                raise PermissionDenied("Versi lama ini tidak dapat dipulihkan di sini.")
        return super().history_form_view(request, object_id, version_id, extra_context)
