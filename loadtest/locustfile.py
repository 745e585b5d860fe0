"""The deadline load (locust): operators saving realisasi figures about once a second.

Run by ``make load`` (loadtest/run.py), which builds the data, starts the production
server and reads this file's results; not by CI. Each simulated operator takes its
own user's session (the plan file's next free one), opens its agency's TW IV sheet, then
saves a new value into one of its agency's indicators every second, sending the
version it last saw, as the page's form does (the page keeps its progress counter from
the rows' tallies in each answer: no further request). An acknowledged
save (HTTP 200 with the row's "Tersimpan." message) is recorded with the version it
produced, so run.py can check afterwards that no acknowledged figure was lost."""

from __future__ import annotations

import http.cookiejar
import itertools
import json
import os
import random
import re
import threading
import time

from locust import FastHttpUser, constant, constant_pacing, events, task
from locust.exception import StopUser

PLAN = json.loads(open(os.environ["SAKIP_LOAD_PLAN"]).read())  # noqa: SIM115
_next_user = itertools.count()
_lock = threading.Lock()
ACKS: list[dict[str, object]] = []
CONFLICTS: list[float] = []  # when each refused conflicting save was sent
ERROR = re.compile(r'class="mx-msg mx-msg-error"[^>]*>([^<]+)<')
VERSION = re.compile(r'name="version" value="(\d+)"')
#: How the row the save answers with says it was saved (measurement/_k_msgs.html).
SAVED = 'class="mx-msg mx-msg-ok">Tersimpan.'
#: Seconds between one operator's saves (LOAD_PACING; 1 by default, the deadline's pace).
#: 0 with one operator sends the next save as soon as the last is answered: the CPU of
#: a save on an otherwise idle server, without the contention of a full run.
PACING = float(os.environ.get("LOAD_PACING", "1"))


#: The login wave (LOAD_LOGINS > 0): that many operators log in again, all at the same
#: moment, through the login pool (docs/deployment.md "Logins in a pool of their own"),
#: while everyone else keeps saving.
LOGINS = int(os.environ.get("SAKIP_LOAD_LOGINS", "0"))
LOGIN_HOST = os.environ.get("SAKIP_LOAD_LOGIN_HOST", "")
WAVE_AT = float(os.environ.get("SAKIP_LOAD_WAVE_AT", "0"))  # epoch seconds
LOGINS_DONE: list[dict[str, float]] = []  # each login's start and its time (s)


class Browser(FastHttpUser):
    """What a browser does behind the proxy: the production site is HTTPS-only, so the
    requests say they came through TLS. FastHttpUser (geventhttpclient) rather than
    HttpUser (requests): the load generator shares the server's two cores, and it costs
    a fraction of the CPU per request. Its cookie jar keeps the cookies the server sets;
    they are Secure (production) and this run is plain HTTP behind no proxy, so the jar
    would not send them back: the Cookie header is written from the jar by hand."""

    abstract = True

    def _headers(self) -> dict[str, str]:
        host = self.host.split("//", 1)[1]
        return {
            "X-Forwarded-Proto": "https",
            "Origin": f"https://{host}",
            "Referer": f"https://{host}/",
            "Cookie": "; ".join(f"{c.name}={c.value}" for c in self.client.cookiejar),
        }

    def _cookie(self, name: str) -> str:
        return next((c.value or "" for c in self.client.cookiejar if c.name == name), "")

    def _set_cookie(self, name: str, value: str) -> None:
        host = self.host.split("//", 1)[1].split(":", 1)[0]
        self.client.cookiejar.set_cookie(
            http.cookiejar.Cookie(
                0, name, value, None, False, host, False, False, "/", True, True,
                None, True, None, None, {},
            )
        )  # fmt: skip

    def _get(self, path: str, name: str):  # type: ignore[no-untyped-def]
        return self.client.get(path, headers=self._headers(), name=name, allow_redirects=False)

    def _post(self, path: str, data: dict[str, str], name: str, catch_response: bool = False):  # type: ignore[no-untyped-def]
        data = {"csrfmiddlewaretoken": self._cookie("csrftoken"), **data}
        return self.client.post(
            path,
            data=data,
            headers=self._headers(),
            name=name,
            allow_redirects=False,
            catch_response=catch_response,
        )


class Operator(Browser):
    wait_time = constant_pacing(PACING)
    host = os.environ.get("SAKIP_LOAD_HOST", "")
    fixed_count = len(PLAN["operators"])

    def on_start(self) -> None:
        me = PLAN["operators"][next(_next_user) % len(PLAN["operators"])]
        self.agency = me["agency"]
        self.indicators = list(PLAN["indicators"][str(self.agency)])
        self.versions: dict[int, int] = {}
        self.serial = itertools.count(1)
        self.number = me["number"]
        self._set_cookie("sessionid", me["session"])  # logged in beforehand (run.py)
        sheet = self._get(
            f"/opd/{self.agency}/realisasi/{PLAN['year']}/tw/{PLAN['quarter']}/",
            name="lembar realisasi",
        )
        for indicator, version in re.findall(
            r'id="k-(\d+)".*?name="version" value="(\d+)"', sheet.text, re.S
        ):
            self.versions[int(indicator)] = int(version)

    @task
    def save_a_figure(self) -> None:
        indicator = random.choice(self.indicators)  # noqa: S311 - load, not security
        value = f"{self.number}{next(self.serial):05d}"
        url = f"/opd/{self.agency}/realisasi/{PLAN['year']}/tw/{PLAN['quarter']}/k/{indicator}/"
        sent = time.time()
        with self.client.post(
            url,
            data={
                "csrfmiddlewaretoken": self._cookie("csrftoken"),
                "value": value,
                "explanation": "Uji beban: penjelasan capaian.",
                "version": str(self.versions.get(indicator, 0)),
                "reason": "",
            },
            headers={**self._headers(), "HX-Request": "true"},
            name="simpan realisasi",
            catch_response=True,
            allow_redirects=False,
        ) as response:
            seen = VERSION.search(response.text or "")
            if seen:
                self.versions[indicator] = int(seen.group(1))
            if response.status_code != 200:
                response.failure(f"HTTP {response.status_code}")
            elif SAVED in response.text and seen:
                with _lock:
                    ACKS.append(
                        {
                            "indicator": indicator,
                            "value": value,
                            "version": int(seen.group(1)),
                            "at": sent,
                            "took": time.time() - sent,
                        }
                    )
                response.success()
            elif "baru saja diubah" in response.text:
                # Another operator of the agency saved this figure first: refused, as
                # designed (no lost update); counted apart, not an error.
                with _lock:
                    CONFLICTS.append(sent)
                response.success()
            else:
                # Refused by a check (shown in the row): report the row's message.
                found = ERROR.search(response.text or "")
                response.failure(found.group(1) if found else "not saved, no message")


class Arrival(Browser):
    """An operator logging in (the password form, as a browser posts it) at the wave's
    moment; once, then idle."""

    wait_time = constant(3600)
    fixed_count = LOGINS
    host = LOGIN_HOST

    def on_start(self) -> None:
        me = PLAN["operators"][next(_next_arrival) % len(PLAN["operators"])]
        self.username = me["username"]
        time.sleep(max(0.0, WAVE_AT - time.time()))

    @task
    def log_in(self) -> None:
        self._get("/masuk/", name="halaman masuk")
        started = time.time()
        response = self._post(
            "/masuk/",
            {"username": self.username, "password": PLAN["password"]},
            name="masuk (kata sandi)",
            catch_response=True,
        )
        took = time.time() - started
        with response:
            # A checked password answers with a redirect (on, or to the second factor);
            # a refused one shows the form again with 200.
            if response.status_code == 302:
                with _lock:
                    LOGINS_DONE.append({"at": started, "took": took})
                response.success()
            else:
                response.failure(f"login not accepted (HTTP {response.status_code})")
        raise StopUser()


_next_arrival = itertools.count()


@events.quitting.add_listener
def _write_acks(environment, **kwargs) -> None:  # type: ignore[no-untyped-def]
    with open(os.environ["SAKIP_LOAD_ACKS"], "w") as out:
        json.dump({"acks": ACKS, "conflicts": CONFLICTS, "logins": LOGINS_DONE}, out)
