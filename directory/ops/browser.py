"""A small HTTP client that keeps its cookies, as a curator's browser does, and can be pointed
at any of the servers: redirects are not followed, so that each answer shows."""

from __future__ import annotations

import http.client
import re
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from urllib.parse import urlencode, urlsplit

CSRF_FIELD = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')


@dataclass
class Answer:
    status: int
    headers: dict[str, str]  # names in lower case
    text: str

    def csrf_token(self) -> str:
        found = CSRF_FIELD.search(self.text)
        if found is None:
            raise RuntimeError("no CSRF token in the page")
        return found.group(1)


@dataclass
class Browser:
    cookies: dict[str, str] = field(default_factory=dict)

    def request(self, url: str, form: dict[str, str] | None = None) -> Answer:
        parts = urlsplit(url)
        host = parts.hostname or "127.0.0.1"
        connection = http.client.HTTPConnection(host, parts.port, timeout=30)
        headers = {"Host": host}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urlencode(form)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        path = parts.path + (f"?{parts.query}" if parts.query else "")
        try:
            connection.request("POST" if form is not None else "GET", path, body, headers)
            response = connection.getresponse()
            text = response.read().decode(errors="replace")
            for value in response.headers.get_all("Set-Cookie") or []:
                for name, morsel in SimpleCookie(value).items():
                    if morsel.value:
                        self.cookies[name] = morsel.value
                    else:
                        self.cookies.pop(name, None)
            # Names in lower case: haproxy writes them so.
            headers = {name.lower(): value for name, value in response.headers.items()}
            return Answer(response.status, headers, text)
        finally:
            connection.close()
