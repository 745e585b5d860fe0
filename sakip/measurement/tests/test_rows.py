"""The sheet's rows (Jinja2 templates, sakip/measurement/rows.py): every text a user
typed is escaped in the page and in the answer of a save, the page's rows and a save's
answer are the same markup, and the forms of the rows carry a CSRF token the server
accepts."""

from __future__ import annotations

import html
import re

import pytest
from django.test import Client

from sakip.measurement.models import Actual
from sakip.measurement.tests.helpers import World, make_world, quarter_url, upload
from sakip.planning.models import Indicator, ProgramItem

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
#: A script, an attribute break-out and a spreadsheet formula, as a user could type them.
NAME = '<script>alert("nama")</script>" onmouseover="alert(1)" =HYPERLINK("http://x/?a=1&b=2")'
EXPLANATION = '</textarea><script>alert("penjelasan")</script> =HYPERLINK("http://y")'
REASON = '"><img src=x onerror=alert(2)>'


@pytest.fixture
def world() -> World:
    world = make_world("baris")
    Indicator.objects.filter(pk=world.indicator.pk).update(name=NAME, unit="<i>unit</i>")
    ProgramItem.objects.filter(pk=world.item.pk).update(name="Sub " + NAME)
    return world


def _client(world: World, **options: object) -> Client:
    client = Client(**options)
    client.force_login(world.operator)
    return client


def _page(client: Client, world: World) -> str:
    response = client.get(quarter_url("measurement_quarter", world.agency, 2024, 1))
    assert response.status_code == 200
    return response.content.decode()


def _save_k(client: Client, world: World, **data: str):
    version = Actual.objects.filter(indicator=world.indicator, year=2024, quarter=1)
    data.setdefault("version", str(version.values_list("version", flat=True).first() or 0))
    url = quarter_url("measurement_save_k", world.agency, 2024, 1, world.indicator.pk)
    return client.post(url, data, **HTMX)


def _assert_only_escaped(markup: str, *texts: str) -> None:
    """Each text is in the markup as text (it reads back unescaped), never as markup."""
    for dangerous in ("<script>alert", '" onmouseover="', "</textarea><script>", "<img src=x"):
        assert dangerous not in markup
    assert "<i>unit</i>" not in markup
    readable = html.unescape(markup)
    for text in texts:
        assert text in readable


def test_user_text_is_escaped_in_the_page_and_in_a_saves_answer(world):
    client = _client(world)
    saved = _save_k(client, world, value="1", explanation=EXPLANATION, n="1")
    assert saved.status_code == 200
    _assert_only_escaped(saved.content.decode(), NAME, EXPLANATION, "(<i>unit</i>)")
    # A refused save shows what was typed (a reason, a figure): escaped too.
    refused = _save_k(client, world, value=REASON, explanation=EXPLANATION, reason=REASON, n="1")
    assert "bukan angka yang sah" in refused.content.decode()
    _assert_only_escaped(refused.content.decode(), NAME, EXPLANATION, REASON)

    client.post(
        f"{quarter_url('measurement_upload', world.agency, 2024, 1)}?jenis=k&id={world.indicator.pk}",
        {"file": upload('<b onclick="x">bukti</b>.pdf')},
        **HTMX,
    )
    page = _page(client, world)
    _assert_only_escaped(page, NAME, "Sub " + NAME, EXPLANATION)
    assert '<b onclick="x">' not in page


def test_a_budget_lines_user_text_is_escaped_in_its_saves_answer(world):
    url = quarter_url("measurement_save_rp", world.agency, 2024, 1, world.item.pk)
    refused = _client(world).post(url, {"amount": REASON, "version": "0"}, **HTMX)
    assert refused.status_code == 200
    _assert_only_escaped(refused.content.decode(), "Sub " + NAME, REASON)


def _without_tokens(markup: str) -> str:
    return re.sub(r'(name="csrfmiddlewaretoken" value=")[^"]*"', r'\1"', markup)


def test_the_pages_row_and_a_saves_answer_are_the_same_markup(world):
    client = _client(world)
    _save_k(client, world, value="4", explanation="", n="1")
    page = _without_tokens(_page(client, world))
    # Saving the same figure again changes nothing: the answer is the row as it stands.
    answer = _without_tokens(_save_k(client, world, value="4", n="1").content.decode())
    key = f"k-{world.indicator.pk}"
    row = re.search(rf'<tr id="{key}".*?</tr>', page, re.S)
    assert row is not None
    assert answer.strip() == row.group(0)
    assert 'value="4"' in answer and 'data-tally="k"' in answer


def test_the_forms_of_the_rows_carry_a_token_the_csrf_check_accepts(world):
    client = _client(world, enforce_csrf_checks=True)
    page = _page(client, world)
    form = re.search(
        r'<form class="mx-form".*?name="csrfmiddlewaretoken" value="([^"]+)"', page, re.S
    )
    assert form is not None
    url = quarter_url("measurement_save_k", world.agency, 2024, 1, world.indicator.pk)
    data = {"value": "2", "version": "0", "n": "1"}
    assert client.post(url, data, **HTMX).status_code == 403
    answer = client.post(url, {**data, "csrfmiddlewaretoken": form.group(1)}, **HTMX)
    assert answer.status_code == 200
    assert "Tersimpan." in answer.content.decode()


@pytest.mark.parametrize("kind", ["k", "rp"])
def test_a_refused_figure_says_why_once(world, kind):
    # A negative realisasi is refused by the figure's own check: the answer says so
    # once (the refusal), not a second time as the typed figure's check under it.
    client = _client(world)
    if kind == "k":
        response = _save_k(client, world, value="-2", explanation="")
    else:
        url = quarter_url("measurement_save_rp", world.agency, 2024, 1, world.item.pk)
        response = client.post(url, {"amount": "-5", "version": "0"}, **HTMX)
    assert response.status_code == 200
    messages = re.findall(r'class="mx-msg mx-msg-error"[^>]*>([^<]*)<', response.content.decode())
    assert messages, "the refusal is shown"
    assert len(messages) == len(set(messages)), messages
    assert any("negatif" in message for message in messages)
