"""The crawl of issue 12: every link and button each role is offered answers without a
4xx or 5xx. From the home page, each persona follows every link of the site it is
shown (a few URLs per route, every download format once) and then presses every
button (each form once per route, sent with its hidden fields, as an unchanged form
would be). A page that carries inline style or script is reported too: the Content
Security Policy (settings.CONTENT_SECURITY_POLICY: 'self' only) makes the browser
ignore it, so what it was meant to do silently does not happen."""

from __future__ import annotations

from collections import Counter, deque
from html.parser import HTMLParser
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest
from django.test import Client
from django.urls import Resolver404, resolve

from sakip.measurement.models import QuarterReport

pytestmark = pytest.mark.django_db

#: Distinct URLs followed per route (a year, a quarter, a PK …): enough to reach every
#: kind of page without walking the whole demo.
PER_ROUTE = 3
#: What a button may answer: done (2xx, 3xx), or refused with a message because the
#: form was sent empty (400) or changed meanwhile (409). Never 403, 404, 405 or 5xx.
BUTTON_OK = {200, 302, 303, 400, 409}
#: Downloads (PDF, DOCX, XLSX) already fetched by an earlier persona of the run: the
#: document of a route is the same for every reader, and rendering PDFs is slow.
DOWNLOADED: set[tuple[str | None, str]] = set()
#: Not pressed: logging out ends the crawl's session (it is its own test elsewhere).
NOT_PRESSED = {"logout"}


class Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.forms: list[dict[str, object]] = []
        self._form: dict[str, object] | None = None
        #: What the CSP blocks: style attributes, <style>, inline <script>, on… handlers.
        self.inline: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        blocked = [name for name in a if name == "style" or name.startswith("on")]
        runs = (a.get("type") or "text/javascript") in {"text/javascript", "module"}
        if tag == "style" or (tag == "script" and runs and not a.get("src")):
            blocked.append(f"<{tag}>")
        self.inline.extend(f"{tag} {name}" for name in blocked)
        if tag == "a" and a.get("href"):
            self.links.append(a["href"] or "")
        elif tag == "form":
            self._form = {
                "method": (a.get("method") or "get").lower(),
                "action": a.get("action") or "",
                "fields": {},
            }
            self.forms.append(self._form)
        elif tag in ("input", "button", "select", "textarea") and self._form is not None:
            name = a.get("name")
            hidden = a.get("type") == "hidden"
            if name and (hidden or (tag == "input" and a.get("value") is not None)):
                self._form["fields"][name] = a.get("value") or ""  # type: ignore[index]

    def handle_endtag(self, tag: str) -> None:
        if tag == "form":
            self._form = None


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return "<unresolved>"
    return match.view_name


def _internal(base: str, href: str) -> str | None:
    if href.startswith(("#", "mailto:", "tel:", "javascript:")):
        return None
    url = urljoin(base, href)
    parts = urlsplit(url)
    if parts.netloc not in ("", "testserver") or parts.path.startswith(("/static/", "/admin/")):
        return None
    return parts.path + (f"?{parts.query}" if parts.query else "")


def crawl(client: Client) -> tuple[list[str], int, list[str]]:
    broken: list[str] = []
    seen: set[str] = set()
    per_route: Counter[tuple[str | None, str]] = Counter()
    forms: dict[str | None, tuple[str, str, dict[str, object]]] = {}
    queue: deque[tuple[str, str]] = deque([("/", "(awal)")])
    visited = 0
    while queue:
        url, source = queue.popleft()
        if url in seen:
            continue
        seen.add(url)
        path = urlsplit(url).path
        fmt = parse_qs(urlsplit(url).query).get("format", [""])[0]
        key = (_route(path), fmt)
        if per_route[key] >= PER_ROUTE or (fmt and key in DOWNLOADED):
            continue
        per_route[key] += 1
        if fmt:
            DOWNLOADED.add(key)
        response = client.get(url)
        visited += 1
        if response.status_code >= 400:
            broken.append(f"{response.status_code} GET {url} (tautan di {source})")
            continue
        if response.status_code in (301, 302, 303):
            queue.appendleft((response["Location"], url))
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        page = Page()
        page.feed(response.content.decode())
        if page.inline:
            broken.append(f"CSP memblokir {sorted(set(page.inline))} di {url}")
        for href in page.links:
            target = _internal(path, href)
            if target is not None and target not in seen:
                queue.append((target, url))
        for form in page.forms:
            action = _internal(path, str(form["action"])) or path
            if form["method"] == "get":
                queue.append((action, url))
            else:
                forms.setdefault(_route(urlsplit(action).path), (action, url, form))
    pressed: list[str] = []
    for route, (action, source, form) in sorted(forms.items(), key=lambda kv: str(kv[0])):
        if route in NOT_PRESSED:
            continue
        pressed.append(str(route))
        if route == "<unresolved>":
            broken.append(f"tombol ke alamat tak dikenal {action} (di {source})")
            continue
        response = client.post(action, dict(form["fields"]))  # type: ignore[call-overload]
        if response.status_code not in BUTTON_OK:
            broken.append(f"{response.status_code} POST {action} (tombol di {source})")
    return broken, visited, pressed


@pytest.mark.parametrize(
    "persona,has_buttons",
    [
        # Every persona now has buttons: its own account (password, second factor, API
        # tokens) at least.
        ("operator_a", True),
        ("head_a", True),
        ("verifikator", True),
        ("inspektorat", True),
        ("admin_pemda", True),
    ],
)
def test_every_link_and_button_a_role_is_offered_answers(login, kesbangpol, persona, has_buttons):
    # A submitted quarter: the verifikator's queue and its approve/return buttons.
    QuarterReport.objects.update_or_create(
        agency=kesbangpol, year=2023, quarter=1, defaults={"state": QuarterReport.State.SUBMITTED}
    )
    broken, visited, pressed = crawl(login(persona))
    assert visited > 10
    assert bool(pressed) == has_buttons, pressed
    assert broken == [], "\n".join(broken)


def test_the_pimpinans_approval_buttons_answer_where_the_pemda_asks_for_them(login, kesbangpol):
    """The Pemda's option that the pimpinan approves a quarter before the verifikator:
    the pimpinan is offered the quarter from the home page and its approve/return
    buttons, and every one answers."""
    from sakip.organisation.models import Policy

    Policy.objects.filter(pemda=kesbangpol.pemda).update(head_approves_quarters=True)
    QuarterReport.objects.update_or_create(
        agency=kesbangpol,
        year=2023,
        quarter=1,
        defaults={"state": QuarterReport.State.SUBMITTED, "awaiting_head": True},
    )
    broken, visited, pressed = crawl(login("head_a"))
    assert visited > 10
    assert {"measurement_head_approve", "measurement_head_return"} <= set(pressed), pressed
    assert broken == [], "\n".join(broken)
