"""gunicorn's settings for sakip (scripts/production passes this file).

Every value can be changed through the environment, so one systemd unit fits any
server: SAKIP_BIND, SAKIP_WORKERS, SAKIP_THREADS, SAKIP_TIMEOUT."""

import multiprocessing
import os

bind = os.environ.get("SAKIP_BIND", "127.0.0.1:8000").split(",")
# A save is mostly Python (about 40 ms of CPU, 5 ms waiting on PostgreSQL: docs/load-test.md):
# enough processes to keep every core busy, a few threads each to cover the waits. Under
# load two processes served as many saves as five on two cores; more only cost memory.
workers = int(os.environ.get("SAKIP_WORKERS", str(multiprocessing.cpu_count() * 2 + 1)))
threads = int(os.environ.get("SAKIP_THREADS", "4"))
worker_class = "gthread"
# PDF documents of a whole Pemda take seconds; the proxy's timeout should be as long.
timeout = int(os.environ.get("SAKIP_TIMEOUT", "120"))
graceful_timeout = 30
# Restart workers now and then so a slow leak cannot grow for weeks.
max_requests = 2000
max_requests_jitter = 200
# Requests come only through the reverse proxy on this host (or the private network):
# trust its X-Forwarded-* headers.
forwarded_allow_ips = os.environ.get("SAKIP_FORWARDED_ALLOW_IPS", "127.0.0.1,::1")
# Access log: one JSON object a line on stdout (journald), like the application's logs.
accesslog = "-"
errorlog = "-"
access_log_format = (
    '{"time": "%(t)s", "logger": "gunicorn.access", "remote": "%({x-forwarded-for}i)s", '
    '"method": "%(m)s", "path": "%(U)s", "status": %(s)s, "bytes": "%(B)s", '
    '"duration_ms": %(M)s, "user_agent": "%(a)s"}'
)
