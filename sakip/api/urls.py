from django.urls import path

from sakip.api import views
from sakip.api.api import api

_patterns, _app, _namespace = api.urls
# The API's operations answer 401 themselves (token or session, sakip.api.auth) instead
# of redirecting to the login page; its schema, docs and root stay behind the login.
for _pattern in _patterns:
    if _pattern.name not in {"openapi-json", "openapi-view", "api-root"}:
        _pattern.callback.login_required = False  # type: ignore[union-attr]

urlpatterns = [
    path("token/", views.tokens, name="api_tokens"),
    path("token/<int:pk>/cabut/", views.revoke, name="api_token_revoke"),
    path("", (_patterns, _app, _namespace)),
]
