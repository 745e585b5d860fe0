"""The document table tag (doc_table): what a user typed is text on screen and on paper,
never markup; the findings' marks point to their notes."""

from __future__ import annotations

import pytest

from sakip.reports.document import Cell, Note, Row, Table
from sakip.reports.templatetags.documents import doc_table

TYPED = '<script>alert("x")</script> & "kutip"'


def _table() -> Table:
    flagged = Cell("12,5", kind="percent", notes=[Note(3, f"Periksa {TYPED}", "warning")])
    flagged.printed = "<b>13</b>"
    return Table(
        header=[[Cell("Uraian <i>"), Cell("Capaian", colspan=2)]],
        rows=[
            Row([Cell(TYPED), flagged, Cell("baris 1\nbaris 2")], style="program"),
        ],
        caption="Tabel <u>1</u>",
        widths=[3, 1, 1],
        font_size="7pt",
    )


@pytest.mark.parametrize("printing", [False, True])
def test_typed_text_is_escaped_everywhere(printing):
    html = doc_table(_table(), printing)
    assert "<script>" not in html and "<i>" not in html and "<u>" not in html
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;kutip&quot;" in html
    assert "baris 1<br>baris 2" in html
    assert "<b>13</b>" not in html


def test_on_screen_a_finding_links_to_its_note_and_shows_what_was_printed():
    html = doc_table(_table(), False)
    assert 'href="#catatan-3"' in html
    assert 'class="text-right doc-percent doc-flagged doc-flagged-warning"' in html
    assert "tercetak: &lt;b&gt;13&lt;/b&gt;" in html
    assert 'style="font-size' not in html  # the screen's CSP allows no inline style


def test_on_paper_a_finding_is_its_number_and_the_widths_are_fixed():
    html = doc_table(_table(), True)
    assert '<sup class="doc-ref">3</sup>' in html and "catatan-3" not in html
    assert '<table class="doc-table" style="font-size: 7pt">' in html
    assert html.count("<col ") == 3 and 'style="width: 60.000%"' in html
    assert '<th colspan="2">Capaian</th>' in html
    assert '<tr class="doc-row-program">' in html
