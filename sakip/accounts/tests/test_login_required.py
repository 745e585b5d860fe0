"""Every URL of the project is closed to anonymous visitors: a view that forgets the gate
(a `login_not_required`, a new URLconf outside the middleware's reach) fails here."""

from __future__ import annotations

import re
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.http import HttpRequest, HttpResponse
from django.test import Client, override_settings
from django.urls import URLPattern, URLResolver, get_resolver, path, resolve, reverse
from django.urls.resolvers import RegexPattern, RoutePattern

pytestmark = pytest.mark.django_db

#: The only views an anonymous visitor may reach, each with its reason.
OPEN = {
    "login": "the login page itself",
    "logout": "logging out (POST only) needs no session",
    # The public portal (sakip.portal, DOMAIN §2: the public reads what is published).
    "portal": "the public portal's list of Pemdas",
    "portal_pemda": "a Pemda's published documents and approved achievement",
    "portal_pemda_year": "the same, for another year",
    "portal_document": "one published document's PDF",
    "admin:login": "the Django admin's login page (it sends to the one login)",
    "password_reset": "asking for a reset link by e-mail",
    "password_reset_done": "the page that says the link was sent",
    "password_reset_confirm": "the e-mailed link (its signed token is the key)",
    "password_reset_complete": "the page that says the new password was saved",
    "health": "the load balancer's health check: database and migrations, no Pemda data",
    "favicon": "the site icon browsers ask for on every page (a redirect to a static file)",
    "setup_invitation": "an invited user sets a first password (a signed, single-use token)",
}
#: The API's operations answer 401 to a caller without a token or session instead of
#: redirecting (sakip/api/tests/test_access.py asserts it for each, with its method).
API_OPERATION = re.compile(r"^api:(?!openapi-json$|openapi-view$|api-root$)")
#: Where a closed view sends an anonymous visitor.
LOGIN_PATHS = {reverse(settings.LOGIN_URL), reverse("admin:login")}

_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>\w+):)?(?P<name>\w+)>")
_REGEX_GROUP = re.compile(r"\((?:\?P<\w+>)?(?P<body>[^()]*)\)")


def _sample_route(route: str) -> str:
    return _ROUTE_PARAM.sub(lambda m: "1" if m["converter"] == "int" else "x", route)


def _sample_regex(regex: str) -> str:
    def group(match: re.Match[str]) -> str:
        body = match["body"]
        if re.fullmatch(r"[\w|]+", body):
            return body.split("|")[0]  # an alternation of names: the first one
        return "1" if "\\d" in body else "x"

    text = _REGEX_GROUP.sub(group, regex.removeprefix("^").removesuffix("$"))
    return text.replace("\\", "")


def _sample(pattern: RoutePattern | RegexPattern) -> str:
    if isinstance(pattern, RoutePattern):
        return _sample_route(str(pattern))
    return _sample_regex(pattern.regex.pattern)


def every_url(
    patterns: list[URLPattern | URLResolver] | None = None, prefix: str = "/", namespace: str = ""
) -> Iterator[tuple[str, str, URLPattern]]:
    """(name, url, pattern) of every view of the project's URLconf, with sample arguments."""
    for entry in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(entry, URLResolver):
            inner = f"{namespace}{entry.namespace}:" if entry.namespace else namespace
            yield from every_url(entry.url_patterns, prefix + _sample(entry.pattern), inner)
        else:
            name = f"{namespace}{entry.name}" if entry.name else f"{namespace}<{entry.pattern}>"
            yield name, prefix + _sample(entry.pattern), entry


URLS = list(every_url())


def test_the_walk_reaches_every_app_and_the_admin():
    names = {name for name, _, _ in URLS}
    for expected in ["home", "agency", "policy", "renja", "agreement", "iku", "admin:index"]:
        assert expected in names
    assert len(URLS) > 100  # the admin's model views are walked too


def test_every_sample_url_resolves_to_the_view_it_was_made_for():
    for name, url, pattern in URLS:
        assert resolve(url).func == pattern.callback, (name, url)


def ungated(method: str) -> list[str]:
    """The views an anonymous visitor reaches without being sent to a login page."""
    client = Client()
    found = []
    for name, url, _ in every_url():
        if name in OPEN or API_OPERATION.match(name):
            continue
        response = getattr(client, method)(url)
        location = response.headers.get("Location", "")
        if response.status_code != 302 or urlsplit(location).path not in LOGIN_PATHS:
            found.append(f"{name} {url} → {response.status_code} {location}")
    return found


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_view_sends_an_anonymous_visitor_to_the_login_page(method):
    found = ungated(method)
    assert found == [], "\n".join(found)


@login_not_required
def _forgotten(request: HttpRequest) -> HttpResponse:
    return HttpResponse("terbuka")


urlpatterns = [*get_resolver(settings.ROOT_URLCONF).url_patterns, path("lupa/", _forgotten)]


@override_settings(ROOT_URLCONF=__name__)
def test_a_view_that_forgets_the_gate_is_caught():
    assert ungated("get") == ["<lupa/> /lupa/ → 200 "]


def test_the_open_views_still_exist():
    names = {name for name, _, _ in URLS}
    assert set(OPEN) <= names
