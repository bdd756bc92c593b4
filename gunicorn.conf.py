"""gunicorn's configuration for the directory, read from the environment (README.md,
"Configuration").

gunicorn reads ./gunicorn.conf.py from its working directory; the benchmark and the tests
pass it explicitly (``-c gunicorn.conf.py``). Command-line options override these values.
"""

import ctypes
import gc
import os


def _env_int(name: str, default: int) -> int:
    value = os.environ.get(name, "").strip()
    return int(value) if value else default


def _env_bool(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() in {"1", "true", "yes", "on"}


wsgi_app = "innovation_site.wsgi"

# Workers: one per core and one more (the site's requests wait on PostgreSQL part of the
# time); each takes 75 to 130 MB (README.md, Performance). WEB_CONCURRENCY is gunicorn's own
# variable, read as it would be.
workers = _env_int("GUNICORN_WORKERS", _env_int("WEB_CONCURRENCY", (os.cpu_count() or 1) + 1))
# Threaded workers (gthread): each serves `threads` requests at once, and its main thread keeps
# telling the master it is alive while they run, so that a long streamed export (the CSV of
# 100,000 entries takes 30-40 s) is never killed by `timeout`, which a sync worker would be
# past it. Each thread may hold a database connection: workers x threads of them at most.
# Slow clients (a connection trickling its headers) still hold a thread each: the proxy in
# front buffers them (README.md, Deployment; `manage.py benchmark --slow-clients`).
worker_class = os.environ.get("GUNICORN_WORKER_CLASS", "").strip() or "gthread"
threads = _env_int("GUNICORN_THREADS", 4)

# A worker whose main loop is silent for longer is killed and replaced (frozen, not busy: see
# above); on a stop or reload, workers get graceful_timeout to finish their requests; an idle
# keep-alive connection (from the proxy in front) is closed after keepalive.
timeout = _env_int("GUNICORN_TIMEOUT", 60)
graceful_timeout = _env_int("GUNICORN_GRACEFUL_TIMEOUT", 30)
keepalive = _env_int("GUNICORN_KEEPALIVE", 5)

# The application preloaded (GUNICORN_PRELOAD, on): the master imports everything once and each
# worker is a fork of it, sharing its memory until it writes there; its own allocations stay
# small, and its resident memory flat at saturation (README.md, Hardening: soak). A preloaded
# application is reloaded by a restart, not by HUP.
# Worker recycling (off: 0): a worker that served GUNICORN_MAX_REQUESTS requests (plus up to
# GUNICORN_MAX_REQUESTS_JITTER, so that they do not all restart together) is replaced after its
# last one, in milliseconds when preloaded: for a server at saturation for hours, behind the
# proxy (straight to gunicorn, a retiring worker closes its clients' keep-alive connections).
max_requests = _env_int("GUNICORN_MAX_REQUESTS", 0)
max_requests_jitter = _env_int("GUNICORN_MAX_REQUESTS_JITTER", 0)
preload_app = os.environ.get("GUNICORN_PRELOAD", "1").strip().lower() not in {
    "0",
    "false",
    "no",
    "off",
}

# Request limits: a listing URL with every filter chosen stays far below 4094 bytes; browsers
# and a proxy send about twenty header fields.
limit_request_line = 4094
limit_request_fields = 50
limit_request_field_size = 8190

# X-Forwarded-Proto (and gunicorn's other forwarded headers) are believed only from the
# reverse proxy, and only when there is one (BEHIND_HTTPS_PROXY, the setting Django reads
# too): otherwise a client could claim HTTPS (gunicorn's own default trusts 127.0.0.1).
forwarded_allow_ips = (
    ",".join(
        address.strip()
        for address in os.environ.get("FORWARDED_ALLOW_IPS", "127.0.0.1").split(",")
        if address.strip()
    )
    if _env_bool("BEHIND_HTTPS_PROXY")
    else ""
)

# One access line per request on standard error (off with GUNICORN_ACCESS_LOG=0), ending with
# the request's id (the response's X-Request-ID, directory/public/operations.py), so that it
# can be matched with the application's JSON log records of the same request.
accesslog = None if os.environ.get("GUNICORN_ACCESS_LOG", "").strip() == "0" else "-"
access_log_format = (
    '%(h)s %(l)s %(u)s %(t)s "%(r)s" %(s)s %(b)s "%(f)s" "%(a)s" %(M)sms %({x-request-id}o)s'
)

# Python's cycle collector in the workers. A preloaded master holds some 140,000 objects
# (modules, URL patterns, compiled templates) that never become garbage, and each full
# collection walked them all: about 70 ms once in every 60 listing pages, 1.2 ms a page on
# average (measured with gc.callbacks at 100,000 entries). Frozen in the master before each
# fork, they are never walked again (and their pages not written to by the collector, so they
# stay shared with the master); a larger first generation collects less often what each
# request leaves behind: about 0.4 ms a page in all (README.md, Performance).
GC_THRESHOLDS = (7000, 10, 10)


def when_ready(server):
    """The preloaded master, before it forks its workers: what their first requests would
    build, built once here and shared (directory/public/warmup.py)."""
    from django.apps import apps

    if preload_app and apps.ready:  # (not for another WSGI application: tests/slow_stream.py)
        from directory.public.warmup import warm_up

        server.log.info("Warmed up in %.2f s", warm_up())


def pre_fork(server, worker):
    gc.freeze()


# glibc's malloc gives each thread that allocates its own arena (up to 8 a core): with the
# gthread workers' threads, each keeps the freed blocks of its own peaks, and a worker's
# resident memory grows with their number. Two arenas a worker, as MALLOC_ARENA_MAX=2 would.
M_ARENA_MAX = -8  # glibc's malloc.h


def _limit_malloc_arenas(count: int) -> None:
    try:
        libc = ctypes.CDLL("libc.so.6")
    except OSError:  # not glibc
        return
    libc.mallopt(M_ARENA_MAX, count)


def post_fork(server, worker):
    gc.set_threshold(*GC_THRESHOLDS)
    _limit_malloc_arenas(2)
