"""The HTTP Observatory's own scanner on the site served as in production, on this machine.

gunicorn serves the site twice, as a deployment behind TLS does: plain HTTP on port 80 (which
redirects to HTTPS) and HTTPS on port 443, with a certificate for ``localhost`` made for the
run, ``DEBUG`` off and every HTTPS variable of the README set (redirection, HSTS with its
subdomains and preload, secure cookies). The scanner, run unchanged
(``node_modules/@mdn/mdn-http-observatory/src/scan.js localhost``), trusts that certificate
through ``NODE_EXTRA_CA_CERTS``; it fetches the home page, ``robots.txt`` and a CORS preflight
over both schemes, and grades the answers as the public service does.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

SCANNER = Path("node_modules/@mdn/mdn-http-observatory/src/scan.js")
HOST = "localhost"
START_TIMEOUT = 60


@dataclass(frozen=True)
class Result:
    grade: str
    score: int
    tests_passed: int
    tests_quantity: int
    tests: dict[str, dict]


def environment(static_root: Path) -> dict[str, str]:
    """Production settings with the README's HTTPS variables."""
    return {
        **os.environ,
        "DEBUG": "0",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": HOST,
        "SITE_URL": f"https://{HOST}",
        "STATIC_ROOT": str(static_root),
        "SECURE_SSL_REDIRECT": "1",
        "SECURE_HSTS_SECONDS": "31536000",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS": "1",
        "SECURE_HSTS_PRELOAD": "1",
        "SECURE_COOKIES": "1",
        "LOG_LEVEL": "WARNING",
        "GUNICORN_ACCESS_LOG": "0",
    }


def make_certificate(folder: Path) -> tuple[Path, Path]:
    certificate, key = folder / "localhost.pem", folder / "localhost-key.pem"
    subprocess.run(
        [
            "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
            "-subj", f"/CN={HOST}", "-addext", f"subjectAltName=DNS:{HOST}",
            "-keyout", str(key), "-out", str(certificate),
        ],
        check=True,
        capture_output=True,
    )  # fmt: skip
    return certificate, key


def port_is_free(port: int) -> bool:
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as gunicorn binds
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            return False
    return True


def gunicorn(port: int, env: dict[str, str], tls: tuple[Path, Path] | None) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "-c", str(settings.BASE_DIR / "gunicorn.conf.py"),
        "--workers", "1", "--bind", f"127.0.0.1:{port}", "--bind", f"[::1]:{port}",
        "innovation_site.wsgi",
    ]  # fmt: skip
    if tls is not None:
        command += ["--certfile", str(tls[0]), "--keyfile", str(tls[1])]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR, start_new_session=True)


def wait_for(url: str, certificate: Path) -> None:
    import ssl

    context = ssl.create_default_context(cafile=str(certificate))
    deadline = time.monotonic() + START_TIMEOUT
    while True:
        try:
            urllib.request.urlopen(url, timeout=2, context=context).read()
            return
        except OSError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.3)


def scan(http_port: int = 80, https_port: int = 443) -> Result:
    """Serve the site on ``http_port`` and ``https_port`` (the scanner knows no others) and
    scan it."""
    for port in (http_port, https_port):
        if not port_is_free(port):
            raise RuntimeError(f"Port {port} is taken: the scanner needs ports 80 and 443.")
    scanner = settings.BASE_DIR / SCANNER
    if not scanner.exists():
        raise RuntimeError("The scanner is missing: run `make node-modules`.")
    # Its install script downloads Chromium's HSTS preload list (`make node-modules` runs no
    # install script): an empty one will do, localhost is in no such list.
    preload = scanner.parent.parent / "conf" / "hsts-preload.json"
    if not preload.exists():
        preload.write_text("{}")
    folder = Path(tempfile.mkdtemp(prefix="observatory-"))
    processes: list[subprocess.Popen] = []
    try:
        env = environment(folder / "static")
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
            env=env,
            check=True,
            cwd=settings.BASE_DIR,
        )
        tls = make_certificate(folder)
        processes.append(gunicorn(https_port, env, tls))
        processes.append(gunicorn(http_port, env, None))
        wait_for(f"https://{HOST}:{https_port}/health/", tls[0])
        output = subprocess.run(
            ["node", str(scanner), HOST],
            env={**os.environ, "NODE_EXTRA_CA_CERTS": str(tls[0])},
            capture_output=True,
            text=True,
            cwd=settings.BASE_DIR,
        ).stdout
    finally:
        for process in processes:
            process.send_signal(signal.SIGTERM)
        for process in processes:
            process.wait(timeout=20)
        shutil.rmtree(folder, ignore_errors=True)
    answer = json.loads(output)
    if "error" in answer:
        raise RuntimeError(f"The scanner failed: {answer['error']}")
    summary = answer["scan"]
    return Result(
        summary["grade"],
        summary["score"],
        summary["testsPassed"],
        summary["testsQuantity"],
        answer["tests"],
    )


def render(result: Result) -> str:
    lines = [
        f"HTTP Observatory: {result.grade}, score {result.score} "
        f"({result.tests_passed}/{result.tests_quantity} tests passed)."
    ]
    for name, test in sorted(result.tests.items()):
        modifier = test.get("scoreModifier", 0)
        mark = "pass" if test.get("pass") else "FAIL"
        lines.append(f"  {mark} {name}: {test.get('result')} ({modifier:+d})")
    return "\n".join(lines)
