"""What every request to ``kg serve`` goes through: the Host check, the body size limit, the security
headers; and the checks of requests that write (same origin, bearer token).

- **Host**: only the names the server is reached by (127.0.0.1, localhost, ::1, the bound address and
  ``--allow-host`` names) are answered, so a web page cannot reach the server through DNS rebinding.
- **Body size**: a request body larger than ``max_body`` bytes gets a 413 before it is read into memory.
- **Headers**: every response carries ``X-Content-Type-Options: nosniff``, ``Referrer-Policy: no-referrer``,
  ``X-Frame-Options: DENY`` and, unless the route set its own, a strict ``Content-Security-Policy``
  (:data:`CSP`: no inline scripts, nothing from other sites).
- **Writes** (SPARQL Update) must come from the same origin (:func:`refuse_cross_site`) and carry the
  server's token (:func:`check_token`).
"""

from __future__ import annotations

import hmac
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

__all__ = ["CSP", "Guard", "check_token", "host_name", "refuse_cross_site"]

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
       "font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")
_HEADERS = [(b"x-content-type-options", b"nosniff"), (b"referrer-policy", b"no-referrer"),
            (b"x-frame-options", b"DENY")]
LOCAL_NAMES = ("127.0.0.1", "localhost", "::1")


def host_name(host: str) -> str:
    """The name in a Host header value or an authority, without the port: ``[::1]:80`` -> ``::1``."""
    host = host.strip().lower()
    if host.startswith("["):
        return host[1:].split("]", 1)[0]
    if host.count(":") > 1:  # a bare IPv6 address
        return host
    return host.split(":", 1)[0]


class _TooLarge(Exception):
    pass


class Guard:
    """ASGI middleware: Host check, body size limit and security headers (see the module docstring)."""

    def __init__(self, app: Any, *, allowed_hosts: Iterable[str], max_body: int) -> None:
        self.app = app
        hosts = {host_name(host) for host in allowed_hosts}
        self.any_host = "*" in hosts
        self.allowed_hosts = hosts | set(LOCAL_NAMES)
        self.max_body = max_body

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {key.lower(): value for key, value in scope.get("headers", [])}
        host = headers.get(b"host", b"").decode("latin-1")
        if not self.any_host and host_name(host) not in self.allowed_hosts:
            await _plain(send, 400, f"this server does not answer to the host {host!r}: start kg serve with "
                                    "--allow-host NAME to serve it under that name")
            return
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > self.max_body):
            await _plain(send, 413, f"the request body is larger than {self.max_body} bytes")
            return
        state = {"received": 0, "started": False}

        async def limited_receive() -> dict[str, Any]:
            message = await receive()
            if message["type"] == "http.request":
                state["received"] += len(message.get("body", b""))
                if state["received"] > self.max_body:
                    raise _TooLarge
            return message

        async def guarded_send(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                state["started"] = True
                present = {key.lower() for key, _ in message.get("headers", [])}
                extra = [(key, value) for key, value in _HEADERS if key not in present]
                if b"content-security-policy" not in present:
                    extra.append((b"content-security-policy", CSP.encode()))
                message = {**message, "headers": [*message.get("headers", []), *extra]}
            await send(message)

        try:
            await self.app(scope, limited_receive, guarded_send)
        except _TooLarge:
            if not state["started"]:
                await _plain(send, 413, f"the request body is larger than {self.max_body} bytes")


async def _plain(send: Any, status: int, message: str) -> None:
    body = (message + "\n").encode("utf-8")
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length", str(len(body)).encode()),
               (b"content-security-policy", CSP.encode()), *_HEADERS]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


def refuse_cross_site(headers: Any) -> str | None:
    """Why a request that writes must be refused when it comes from another site (None: it may go on).

    A browser names the page's origin in ``Origin`` (and says ``Sec-Fetch-Site``); it must be the server
    itself, which the ``Host`` header names. Clients that are not browsers send neither and may go on.
    """
    site = (headers.get("sec-fetch-site") or "").lower()
    if site in ("cross-site", "same-site"):
        return f"a {site} request may not write to this store"
    origin = headers.get("origin")
    if origin is None:
        return None
    parts = urlsplit(origin)
    host = (headers.get("host") or "").lower()
    if origin == "null" or not parts.netloc or parts.netloc.lower() != host:
        return f"a request from {origin!r} may not write to this store (only pages of the server itself)"
    return None


def check_token(authorization: str | None, token: str | None) -> str | None:
    """Why a request that writes is not authorised (None: it carries ``Authorization: Bearer <token>``)."""
    if not token:
        return "this server takes no writes: start it with --allow-update --token TOKEN"
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not hmac.compare_digest(given.strip().encode(), token.encode()):
        return "a write needs the header Authorization: Bearer <the server's token>"
    return None
