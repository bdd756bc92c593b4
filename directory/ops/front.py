"""haproxy (Debian's package, installed with apt-get when missing, as the Makefile installs its
tools) in front of several app servers: round robin, each server checked at ``/health/``, and
the server that answered named in ``X-Served-By``."""

from __future__ import annotations

import os
import shutil
import subprocess
import time
import urllib.request
from pathlib import Path

CONFIGURATION = """\
global
    maxconn 512

defaults
    mode http
    timeout connect 5s
    timeout client 60s
    timeout server 60s
    option forwardfor

frontend front
    bind 127.0.0.1:{port}
    default_backend app_servers

backend app_servers
    balance roundrobin
    option httpchk
    http-check send meth GET uri /health/ hdr Host 127.0.0.1
    http-response set-header X-Served-By %[srv_name]
{servers}
"""


def ensure_haproxy() -> str:
    """haproxy's path, after installing Debian's package if it is missing."""
    found = shutil.which("haproxy") or (
        "/usr/sbin/haproxy" if Path("/usr/sbin/haproxy").exists() else None
    )
    if found:
        return found
    if os.geteuid() != 0:
        raise RuntimeError("haproxy is needed: run 'sudo apt-get install -y haproxy'.")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    subprocess.run(["apt-get", "update", "-qq"], check=True, env=env)
    subprocess.run(["apt-get", "install", "-y", "-qq", "haproxy"], check=True, env=env)
    return shutil.which("haproxy") or "/usr/sbin/haproxy"


class Front:
    """haproxy on 127.0.0.1:``port`` before the app servers ``{name: port}``."""

    def __init__(self, port: int, servers: dict[str, int], folder: Path) -> None:
        self.port = port
        self.servers = servers
        self.configuration = folder / "haproxy.cfg"
        self.process: subprocess.Popen | None = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def write_configuration(self) -> None:
        lines = "\n".join(
            f"    server {name} 127.0.0.1:{port} check inter 1s"
            for name, port in self.servers.items()
        )
        self.configuration.write_text(CONFIGURATION.format(port=self.port, servers=lines))

    def start(self) -> None:
        haproxy = ensure_haproxy()
        self.write_configuration()
        subprocess.run([haproxy, "-c", "-q", "-f", str(self.configuration)], check=True)
        # -db: in the foreground, not as a daemon, so that stopping it is stopping this process.
        self.process = subprocess.Popen(
            [haproxy, "-db", "-f", str(self.configuration)],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        for _ in range(100):
            try:
                urllib.request.urlopen(f"{self.base_url}/health/", timeout=1).read()
                return
            except OSError:
                time.sleep(0.2)
        self.stop()
        raise RuntimeError("haproxy did not start")

    def stop(self) -> None:
        if self.process is not None:
            self.process.terminate()
            self.process.wait(timeout=10)
            self.process = None
