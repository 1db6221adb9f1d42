"""Safe even on localhost: any website the person visits can make their browser send requests
to 127.0.0.1, so every request passes these checks before a route sees it.

- **Host** must be the name the server was bound to (127.0.0.1:PORT or localhost:PORT). A page on
  evil.example whose DNS later points at 127.0.0.1 (DNS rebinding) sends `Host: evil.example`
  and is refused.
- **Cross-site state changes** are refused. For POST/PUT/PATCH/DELETE a browser always says where
  the request comes from: `Sec-Fetch-Site` (modern browsers) and `Origin`. We accept
  `Sec-Fetch-Site: same-origin` (or `none`: typed by the person), and an `Origin` equal to our own
  origin. A request with neither header cannot come from a browser page (browsers send `Origin`
  on every cross-origin POST), so scripts and `curl` on this machine may post without them.
  `Origin: null` (sandboxed frames, privacy redirects) is refused.
- **Bounded bodies**: a request body larger than the limit is refused with 413 before it is read
  whole — a `Content-Length` over the limit at once, a chunked body as soon as it passes it.
- **Headers on every answer**: `Cache-Control: no-store` (but on the static files), a
  Content-Security-Policy that allows only this server's own
  scripts, styles and images (no inline script, no CDN), no framing, no sniffing, no referrer to
  other sites; and `Server-Timing` (time spent in the app, read by benchmarks/web_perf.py).

GET never changes anything: the routes that change data accept only POST, PATCH or DELETE
(tested).
"""

from __future__ import annotations

import json
import time
from collections.abc import Iterable
from dataclasses import dataclass

from starlette.exceptions import HTTPException
from starlette.types import ASGIApp, Message, Receive, Scope, Send

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
ALLOWED_FETCH_SITES = frozenset({"same-origin", "none"})

CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'none'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
        "base-uri 'none'",
    )
)

CSP = b"content-security-policy"
NO_STORE = (b"cache-control", b"no-store")
SECURITY_HEADERS: tuple[tuple[bytes, bytes], ...] = (
    (CSP, CONTENT_SECURITY_POLICY.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),  # no-referrer would make forms post Origin: null
    (b"cross-origin-opener-policy", b"same-origin"),
    (b"cross-origin-resource-policy", b"same-origin"),
)


def local_hosts(host: str, port: int) -> frozenset[str]:
    """The Host header values this server answers to when bound to `host`:`port`."""
    names = {host}
    if host in ("127.0.0.1", "localhost"):
        names |= {"127.0.0.1", "localhost"}
    if host in ("::1", "[::1]"):
        names = {"[::1]"}
    allowed = {f"{name}:{port}" for name in names}
    if port == 80:
        allowed |= names
    return frozenset(allowed)


def public_hosts(public_url: str | None) -> frozenset[str]:
    """The Host the clinic's reverse proxy passes on for its public address."""
    if not public_url:
        return frozenset()
    return frozenset({public_url.split("://", 1)[1].lower()})


@dataclass(frozen=True)
class Refusal:
    status: int
    code: str
    message: str


def check_request(
    method: str,
    headers: dict[str, str],
    allowed_hosts: Iterable[str],
    scheme: str = "http",
) -> Refusal | None:
    """Why this request must be refused, or None. Pure, so each rule is tested on its own.
    `scheme` is the one people use (https behind a clinic's reverse proxy)."""
    host = headers.get("host", "")
    allowed = frozenset(allowed_hosts)
    if host.lower() not in allowed:
        return Refusal(
            400,
            "bad_host",
            "This address is not the one magcoach is serving on; open it at "
            + " or ".join(f"{scheme}://{h}" for h in sorted(allowed))
            + ".",
        )
    if method in SAFE_METHODS:
        return None
    site = headers.get("sec-fetch-site")
    origin = headers.get("origin")
    if site is not None and site.lower() not in ALLOWED_FETCH_SITES:
        return Refusal(403, "cross_site", "Changes can only be made from magcoach's own pages.")
    if origin is not None and origin.lower() not in {f"{scheme}://{h}" for h in allowed}:
        return Refusal(403, "cross_site", "Changes can only be made from magcoach's own pages.")
    return None


class BodyTooLarge(HTTPException):
    """Raised while a body is read past its limit. An HTTPException, so the framework's body
    parsing passes it on as the 413 it is rather than calling it a malformed body."""

    def __init__(self, limit: int) -> None:
        super().__init__(413, _too_large(limit).message)


class SecurityMiddleware:
    """Host and origin checks, body size limits and security headers (see the module doc)."""

    def __init__(
        self,
        app: ASGIApp,
        *,
        allowed_hosts: Iterable[str],
        max_body_bytes: int,
        max_upload_bytes: int,
        upload_paths: Iterable[str] = (),
        scheme: str = "http",
    ) -> None:
        self.app = app
        self.scheme = scheme
        self.allowed_hosts = frozenset(h.lower() for h in allowed_hosts)
        self.max_body_bytes = max_body_bytes
        self.max_upload_bytes = max_upload_bytes
        self.upload_paths = tuple(upload_paths)

    def limit_for(self, path: str) -> int:
        if any(path == p or path.startswith(p + "/") for p in self.upload_paths):
            return self.max_upload_bytes
        return self.max_body_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        refusal = check_request(scope["method"], headers, self.allowed_hosts, self.scheme)
        limit = self.limit_for(scope["path"])
        if refusal is None:
            length = headers.get("content-length", "")
            if length.isdigit() and int(length) > limit:
                refusal = _too_large(limit)
        if refusal is not None:
            await _send_refusal(refusal, scope, send)
            return

        received = 0
        response_started = False
        static = scope["path"].startswith("/static/")
        started = time.perf_counter()

        async def limited_receive() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge(limit)
            return message

        async def send_with_headers(message: Message) -> None:
            nonlocal response_started
            if message["type"] == "http.response.start":
                response_started = True
                # Time spent in the app until the answer starts (benchmarks/web_perf.py reads it).
                took_ms = (time.perf_counter() - started) * 1000
                timing = (b"server-timing", f"app;dur={took_ms:.2f}".encode())
                headers = list(message.get("headers", []))
                # A route may set a stricter or different policy for its own document.
                own_policy = any(k.lower() == b"content-security-policy" for k, _ in headers)
                added = [h for h in SECURITY_HEADERS if not (own_policy and h[0] == CSP)]
                if not static:  # personal pages and data: never kept by a browser or proxy
                    added.append(NO_STORE)
                message = {**message, "headers": [*headers, *added, timing]}
            await send(message)

        try:
            await self.app(scope, limited_receive, send_with_headers)
        except BodyTooLarge:
            if not response_started:
                await _send_refusal(_too_large(limit), scope, send)


def _too_large(limit: int) -> Refusal:
    return Refusal(
        413,
        "too_large",
        f"That is more than magcoach accepts in one request ({limit // (1024 * 1024) or 1} MB).",
    )


async def _send_refusal(refusal: Refusal, scope: Scope, send: Send) -> None:
    """A refusal in the shape of every other error: JSON for /api, a short page otherwise."""
    if scope["path"].startswith("/api"):
        body = json.dumps(
            {"error": refusal.code, "field": None, "message": refusal.message}
        ).encode()
        content_type = b"application/json"
    else:
        from html import escape

        body = (
            "<!doctype html><html lang=en><meta charset=utf-8><title>Refused - magcoach</title>"
            f"<h1>Refused</h1><p>{escape(refusal.message)}</p></html>"
        ).encode()
        content_type = b"text/html; charset=utf-8"
    await send(
        {
            "type": "http.response.start",
            "status": refusal.status,
            "headers": [
                (b"content-type", content_type),
                (b"content-length", str(len(body)).encode()),
                *SECURITY_HEADERS,
            ],
        }
    )
    await send({"type": "http.response.body", "body": body})
