"""The rows of the realisasi sheet, rendered with Jinja2 (issue 14).

The sheet repeats its row templates for every figure: about a hundred rows of some
fifty values each on the largest agency's page. Django's template language spent
two thirds of the page's time looking those values up; Jinja2 compiles a template to
Python once, and renders the same rows several times faster. Only the row templates
(``sakip/measurement/jinja2/measurement/``) are Jinja2: the page around them is a
Django template, which asks for them with ``{% sheet_rows %}``, and every htmx answer
about one row (a save, a preview, a bukti dukung) renders the same templates.

Autoescape is always on (``environment``), so every text a user typed is escaped as in
a Django template (MarkupSafe writes a quote as &#34; where Django writes &quot;: the
same text); the filters are the Django pages' own."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

import jinja2
from django.http import HttpRequest
from django.template import engines
from django.template.backends.utils import csrf_input
from django.template.defaultfilters import capfirst, truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from jinja2.ext import Extension

from sakip.events import actor_name
from sakip.measurement.templatetags import measurement_tags as tags

#: What a row template reads besides the row: every name a page or an answer may leave
#: out, with the value that means "not there" (Jinja2's undefined would pass
#: ``typed is not none``, which the templates use to tell "nothing typed" from "").
ROW_DEFAULTS: dict[str, Any] = {
    "typed": None,
    "explanation": None,
    "reason": "",
    "input_error": None,
    "errors": (),
    "conflict": None,
    "saved": False,
    "tally": None,
    "oob": False,
    "total": False,
    "with_sums": False,
    "groups": (),
    "evidence_error": None,
    "reopened": False,
    "can_enter": False,
}

_LINE_BREAK_WITH_INDENT = re.compile(r"\s*\n\s*")


class Compact(Extension):
    """The templates' own indentation and blank lines become one line break, once, when
    a template is read (as the Django tag ``{% compact %}`` did for these rows): a line break
    is still whitespace, so the page looks the same and weighs less; what is rendered
    from data (a typed explanation in its textarea) is left as it is."""

    def preprocess(self, source: str, name: str | None, filename: str | None = None) -> str:
        return _LINE_BREAK_WITH_INDENT.sub("\n", source)


def _url(name: str, *args: object) -> str:
    return reverse(name, args=args)


def _person(user: Any) -> str:
    """Who changed a figure or uploaded a file, named as the event log names its actor
    ("" without one: a deleted account, or a value the template left out)."""
    return actor_name(user or None)


def _lenient(convert: Callable[..., str]) -> Callable[..., str]:
    """A Django filter as a Jinja2 filter: a missing value reaches it as "", as it does
    in a Django template (the measurement filters take "" for "no value")."""

    def wrapped(value: object, *args: object) -> str:
        return convert("" if isinstance(value, jinja2.Undefined) else value, *args)

    return wrapped


def environment(**options: Any) -> jinja2.Environment:
    """The Jinja2 environment of Django's Jinja2 backend (settings.TEMPLATES)."""
    # Lenient like Django's templates (string_if_invalid ""): a missing attribute is "".
    options["undefined"] = jinja2.ChainableUndefined
    options["keep_trailing_newline"] = True
    options.setdefault("extensions", []).append(Compact)
    # Every value escaped unless marked safe: always, whatever the settings say.
    options.pop("autoescape", None)
    env = jinja2.Environment(autoescape=True, **options)
    env.globals["url"] = _url
    filters: dict[str, Callable[..., str]] = {
        "figure": tags.figure,
        "amount_plain": tags.amount_plain,
        "number": tags.number,
        "money": tags.money,
        "percent": tags.percent,
        "band_class": tags.band_class,
        "moment": tags.moment,
        "short_moment": tags.short_moment,
        "filesize": tags.filesize,
        "capfirst": capfirst,
        "truncatechars": truncatechars,
        "person": _person,
    }
    env.filters.update({name: _lenient(convert) for name, convert in filters.items()})
    return env


def render(name: str, request: HttpRequest | None, context: dict[str, Any]) -> SafeString:
    """The row template ``name`` (e.g. "measurement/_k_row.html") with ``context`` over
    ``ROW_DEFAULTS``, the request and its CSRF field."""
    values = {**ROW_DEFAULTS, **context, "request": request}
    if request is not None:
        # One CSRF field for all the forms rendered here (two a row), not one masked anew
        # for each form (Django's csrf_input_lazy): masking was a third of the rows' time.
        # The token still differs from one answer to the next (BREACH).
        values["csrf_input"] = csrf_input(request)
    template = engines["jinja2"].get_template(name)
    return mark_safe(template.render(values))  # escaped by the template: environment()
