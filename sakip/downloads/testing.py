"""For tests that read a downloaded document back: a big PDF answers with its prepared
download (sakip.downloads.prepare), which a test transaction never hands to the queue
(on_commit does not fire in it). :func:`fetch` runs the task itself and returns the
kept file, as the user would get it from "Unduhan saya"."""

from __future__ import annotations

from dataclasses import dataclass

from django.test import Client
from django.urls import resolve

from sakip.downloads.models import PreparedDownload
from sakip.downloads.tasks import render_download


@dataclass
class Fetched:
    content: bytes
    content_type: str
    disposition: str
    prepared: bool


def fetch(client: Client, url: str) -> Fetched:
    response = client.get(url)
    if response.status_code != 302:
        assert response.status_code == 200, response.status_code
        return Fetched(
            response.content,
            response["Content-Type"],
            response.get("Content-Disposition", ""),
            prepared=False,
        )
    match = resolve(response["Location"])
    assert match.url_name == "download_status", response["Location"]
    pk = match.kwargs["pk"]
    if PreparedDownload.objects.get(pk=pk).status == PreparedDownload.Status.QUEUED:
        render_download.call(pk)
    file = client.get(f"/unduhan/{pk}/berkas/")
    assert file.status_code == 200, file.status_code
    return Fetched(
        b"".join(file.streaming_content),
        file["Content-Type"],
        file["Content-Disposition"],
        prepared=True,
    )
