"""``make serve``: the built site on this computer, as the web server shows it when published.

An address that does not exist gets the site's own 404 page with the status 404, as nginx
(deploy/nginx.conf) gives it; a folder without an index page is not listed. Every line the
server prints is German; single requests are not logged, only what went wrong.
"""

from __future__ import annotations

import functools
import http.server
import sys
from pathlib import Path
from typing import Any

NOT_FOUND_PAGE = "404.html"

# Shown for errors other than 404, which have no page of the site's own.
ERROR_PAGE = """<!doctype html>
<html lang="de"><meta charset="utf-8"><title>Fehler %(code)d</title>
<h1>Fehler %(code)d</h1><p>Der Server konnte die Anfrage nicht beantworten.</p></html>
"""


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Files of the built site; the site's 404 page where there is no file."""

    error_message_format = ERROR_PAGE
    error_content_type = "text/html; charset=utf-8"

    def send_error(self, code: int, message: str | None = None, explain: str | None = None):
        page = Path(self.directory) / NOT_FOUND_PAGE
        if code != 404 or not page.is_file():
            super().send_error(code, message, explain)
            return
        body = page.read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)

    def list_directory(self, path: Any) -> None:
        """A folder without index.html is not a page of the site."""
        self.send_error(404)
        return None

    def log_request(self, code: Any = "-", size: Any = "-") -> None:
        status = int(code) if str(code).isdigit() else 0
        if status == 404:
            print(f"Nicht gefunden (404): {self.path}", flush=True)
        elif status >= 500:
            print(f"Serverfehler ({status}): {self.path}", flush=True)

    def log_error(self, format: str, *args: Any) -> None:
        pass  # the German line of log_request says it; the English one would repeat it


def serve(output: str, host: str, port: int) -> int:
    """Serve ``output`` on ``host:port`` until Ctrl+C."""
    folder = Path(output).resolve()
    if not (folder / "index.html").is_file():
        print(
            f"Fehler: {output}: Hier liegt noch keine gebaute Website. Bauen Sie sie mit "
            "`make html` (oder starten Sie gleich `make serve`).",
            file=sys.stderr,
        )
        return 2
    handler = functools.partial(SiteRequestHandler, directory=str(folder))
    try:
        server = http.server.ThreadingHTTPServer((host, port), handler)
    except OSError as error:
        print(
            f"Fehler: Feld „PORT“: Port {port} auf {host} ist nicht verfügbar "
            f"({error.strerror}). Nehmen Sie einen anderen, z. B. `make serve PORT={port + 1}`.",
            file=sys.stderr,
        )
        return 2
    bound_host, bound_port = server.server_address[:2]
    with server:
        try:
            print(
                f"Website unter http://{bound_host}:{bound_port}/ – beenden mit Strg+C", flush=True
            )
            server.serve_forever()
        except KeyboardInterrupt:
            print("\nServer beendet.", flush=True)
    return 0
