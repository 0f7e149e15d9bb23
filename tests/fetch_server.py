"""A local HTTP server for the fetch and watch tests: fixed bodies, ETags, Range, faults.

It listens on 127.0.0.1 on a random port in a thread; nothing touches the internet.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    body: bytes
    content_type: str = "application/octet-stream"
    etag: str | None = None
    last_modified: str | None = None
    status: int = 200
    #: send the full Content-Length but close the connection after this many bytes
    cut_after: int | None = None
    #: honour Range requests (206); False answers 200 with the whole body
    ranges: bool = True
    #: seconds to wait before answering
    delay: float = 0.0


class LocalServer:
    """``with LocalServer() as srv``: ``srv.url(path)``, ``srv.routes[path] = Route(...)``,
    ``srv.requests`` (method, path, headers) in arrival order."""

    def __init__(self):
        self.routes: dict[str, Route] = {}
        self.requests: list[tuple[str, str, dict[str, str]]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):  # quiet
                pass

            def do_GET(self):  # noqa: N802 - http.server's naming
                server.requests.append(("GET", self.path, dict(self.headers.items())))
                route = server.routes.get(self.path)
                if route is not None and route.delay:
                    time.sleep(route.delay)
                if route is None or route.status == 404:
                    self._send(404, b"not found", "text/plain")
                    return
                if route.status != 200:
                    self._send(route.status, b"error", "text/plain", {"Retry-After": "120"})
                    return
                if route.etag and self.headers.get("If-None-Match") == route.etag:
                    self._send(304, b"", None, {"ETag": route.etag})
                    return
                if (route.last_modified and not route.etag
                        and self.headers.get("If-Modified-Since") == route.last_modified):
                    self._send(304, b"", None, {"Last-Modified": route.last_modified})
                    return
                extra = {}
                if route.etag:
                    extra["ETag"] = route.etag
                if route.last_modified:
                    extra["Last-Modified"] = route.last_modified
                body, status = route.body, 200
                rng = self.headers.get("Range", "")
                if route.ranges and rng.startswith("bytes=") and rng.endswith("-"):
                    start = int(rng[6:-1])
                    if start >= len(body):
                        self._send(416, b"", None, {"Content-Range": f"bytes */{len(body)}"})
                        return
                    extra["Content-Range"] = f"bytes {start}-{len(body) - 1}/{len(body)}"
                    body, status = body[start:], 206
                self._send(status, body, route.content_type, extra, route.cut_after)

            def _send(self, status, body, ctype, extra=None, cut_after=None):
                self.send_response(status)
                if ctype:
                    self.send_header("Content-Type", ctype)
                for k, v in (extra or {}).items():
                    self.send_header(k, v)
                if status != 304:
                    self.send_header("Content-Length", str(len(body)))
                if cut_after is not None:
                    self.send_header("Connection", "close")
                self.end_headers()
                if cut_after is not None:
                    self.wfile.write(body[:cut_after])
                    self.wfile.flush()
                    self.close_connection = True
                    return
                try:
                    self.wfile.write(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass  # the client gave up (size limit, timeout): that is the test

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    @property
    def base(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host}:{port}"

    def url(self, path: str) -> str:
        return self.base + path

    def seen(self, path: str) -> list[dict[str, str]]:
        """Headers of every request for ``path``."""
        return [h for _, p, h in self.requests if p == path]

    def __enter__(self) -> LocalServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
