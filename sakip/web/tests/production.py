"""Helpers of the production tests: a throw-away PostgreSQL database on the test
server, the production command (scripts/production) started on a free port, and a
small HTTP client that behaves as a browser behind the TLS proxy would."""

from __future__ import annotations

import http.client
import json
import os
import re
import secrets
import socket
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlencode, urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[3]
PASSWORD = "Sandi-produksi-uji-2024"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


@contextmanager
def throwaway_database() -> Iterator[str]:
    """A new, empty database on the PostgreSQL server of DATABASE_URL; dropped after."""
    import psycopg

    server = os.environ["DATABASE_URL"]
    name = f"sakip_prod_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(server, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    try:
        yield _with_database(server, name)
    finally:
        with psycopg.connect(server, autocommit=True) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def production_env(
    database_url: str, var_dir: Path, media_root: Path, **extra: str
) -> dict[str, str]:
    keep = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("SAKIP_", "DJANGO_", "PYTEST", "DEBUG"))
        and k not in {"DATABASE_URL", "SECRET_KEY", "ALLOWED_HOSTS"}
    }
    return {
        **keep,
        "SAKIP_ENV": "production",
        "DATABASE_URL": database_url,
        "SECRET_KEY": secrets.token_urlsafe(48),
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "SAKIP_VAR_DIR": str(var_dir),
        "SAKIP_MEDIA_ROOT": str(media_root),
        "SAKIP_VENV": str(Path(sys.executable).parent.parent),
        "SAKIP_WORKERS": "2",
        "SAKIP_THREADS": "2",
        **extra,
    }


def manage(env: dict[str, str], *args: str, stdin: str | None = None) -> str:
    result = subprocess.run(  # noqa: S603 - fixed interpreter and arguments
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    if result.returncode != 0:
        raise AssertionError(f"manage.py {' '.join(args)} failed:\n{result.stderr}")
    return result.stdout


@dataclass
class Server:
    port: int
    process: subprocess.Popen[bytes]
    log: Path

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@contextmanager
def production_server(env: dict[str, str], log_dir: Path) -> Iterator[Server]:
    """scripts/production on a free port, until it answers /sehat/; stopped after."""
    port = free_port()
    log = log_dir / f"server-{port}.log"
    with log.open("wb") as out:
        process = subprocess.Popen(  # noqa: S603 - the repository's own script
            [str(ROOT / "scripts" / "production")],
            cwd=ROOT,
            env={**env, "SAKIP_BIND": f"127.0.0.1:{port}"},
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    server = Server(port, process, log)
    try:
        deadline = time.monotonic() + 240
        while True:
            if process.poll() is not None:
                raise AssertionError(f"the production command stopped:\n{log.read_text()}")
            try:
                if Client(server).get("/sehat/").status == 200:
                    break
            except OSError:
                pass
            if time.monotonic() > deadline:
                raise AssertionError(f"the production server did not start:\n{log.read_text()}")
            time.sleep(0.5)
        yield server
    finally:
        process.terminate()
        try:
            process.wait(30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(10)


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> object:
        return json.loads(self.body)


@dataclass
class Client:
    """Requests as the TLS proxy forwards them (X-Forwarded-Proto: https): the secure
    cookies are kept and sent by hand, as a browser on https would."""

    server: Server
    cookies: dict[str, str] = field(default_factory=dict)

    def request(
        self,
        method: str,
        path: str,
        body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> Response:
        conn = http.client.HTTPConnection("127.0.0.1", self.server.port, timeout=60)
        origin = f"https://127.0.0.1:{self.server.port}"
        all_headers = {
            "Host": f"127.0.0.1:{self.server.port}",
            "X-Forwarded-Proto": "https",
            "Origin": origin,
            "Referer": origin + "/",
            **(headers or {}),
        }
        if self.cookies:
            all_headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        try:
            conn.request(method, path, body=body, headers=all_headers)
            raw = conn.getresponse()
            data = raw.read()
            for name, value in raw.getheaders():
                if name.lower() == "set-cookie":
                    key, _, rest = value.partition("=")
                    self.cookies[key.strip()] = rest.split(";", 1)[0]
            return Response(raw.status, {k.lower(): v for k, v in raw.getheaders()}, data)
        finally:
            conn.close()

    def get(self, path: str, **headers: str) -> Response:
        return self.request("GET", path, headers=headers)

    def post(self, path: str, data: dict[str, str], **headers: str) -> Response:
        data = {"csrfmiddlewaretoken": self.cookies.get("csrftoken", ""), **data}
        return self.request(
            "POST",
            path,
            urlencode(data).encode(),
            {"Content-Type": "application/x-www-form-urlencoded", **headers},
        )

    def post_file(self, path: str, name: str, content: bytes, content_type: str) -> Response:
        boundary = uuid.uuid4().hex
        body = (
            (
                f'--{boundary}\r\nContent-Disposition: form-data; name="csrfmiddlewaretoken"\r\n\r\n'
                f"{self.cookies.get('csrftoken', '')}\r\n"
                f'--{boundary}\r\nContent-Disposition: form-data; name="file"; '
                f'filename="{name}"\r\nContent-Type: {content_type}\r\n\r\n'
            ).encode()
            + content
            + f"\r\n--{boundary}--\r\n".encode()
        )
        return self.request(
            "POST",
            path,
            body,
            {"Content-Type": f"multipart/form-data; boundary={boundary}", "HX-Request": "true"},
        )

    def log_in(self, username: str, password: str = PASSWORD) -> None:
        page = self.get("/masuk/")
        assert page.status == 200, page.status
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)
        assert token is not None
        done = self.post(
            "/masuk/",
            {"username": username, "password": password, "csrfmiddlewaretoken": token.group(1)},
        )
        assert done.status == 302, (done.status, done.text[:500])
