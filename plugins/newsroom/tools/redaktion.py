"""``make redaktion``: the browser editor on this computer, no Git host needed.

Starts decap-server (npm, pinned in package.json) bound to 127.0.0.1: it reads and writes the
files of this working tree. Beside it runs the live preview (``make preview``, with drafts and
embargoed releases) built with ``CMS_BACKEND=local``, so ``/admin/`` talks to that server. What
the editor saves appears in ``content/`` and, rebuilt, in the preview; committing stays with git.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
from pathlib import Path

from .devserver import LOOPBACK

ROOT = Path(__file__).resolve().parents[3]
SERVER = Path("node_modules") / "decap-server" / "dist" / "index.js"
DEFAULT_CMS_PORT = 8081


def decap_server_command(root: Path) -> list[str] | str:
    """The command that starts decap-server, or a German message what is missing."""
    node = shutil.which("node")
    if node is None:
        return "Fehler: Node.js fehlt. Installieren mit: sudo apt-get install nodejs npm"
    script = root / SERVER
    if not script.is_file():
        return f"Fehler: {SERVER} fehlt. Installieren mit: make test-tools"
    return [node, str(script)]


def server_environment(root: Path, host: str, port: int) -> dict[str, str]:
    return {
        **os.environ,
        "GIT_REPO_DIRECTORY": str(root),
        "BIND_HOST": host,
        "PORT": str(port),
        "MODE": "fs",
        "LOG_LEVEL": "warn",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newsroom.tools.redaktion")
    parser.add_argument("--settings", default="pelicanconf.py")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--cms-port", type=int, default=DEFAULT_CMS_PORT)
    parser.add_argument("--content", default=None, help="anderer Inhaltsordner")
    parser.add_argument("--root", default=str(Path.cwd()), help="der Arbeitsordner (git)")
    args = parser.parse_args(argv)
    if args.host not in LOOPBACK:
        print(
            f"Fehler: Feld „HOST“: „{args.host}“ – die Redaktion schreibt in die Dateien dieses "
            "Rechners und läuft darum nur hier. Nehmen Sie HOST=127.0.0.1.",
            file=sys.stderr,
        )
        return 2
    root = Path(args.root).resolve()
    command = decap_server_command(root)
    if isinstance(command, str):
        print(command, file=sys.stderr)
        return 2
    server = subprocess.Popen(command, env=server_environment(root, args.host, args.cms_port))
    environment = {
        **os.environ,
        "CMS_BACKEND": "local",
        "CMS_LOCAL_HOST": args.host,
        "CMS_LOCAL_PORT": str(args.cms_port),
    }
    print(
        f"Redaktion im Browser: http://{args.host}:{args.port}/admin/\n"
        f"Vorschau der Website:  http://{args.host}:{args.port}/\n"
        "Gespeichertes landet in content/ dieses Ordners; veröffentlicht wird es erst mit "
        "git (Commit und Merge Request). Beenden mit Strg+C.",
        flush=True,
    )
    preview = [sys.executable, "-m", "newsroom", "devserver", "--preview"]
    preview += ["--settings", args.settings, "--host", args.host, "--port", str(args.port)]
    if args.content:
        preview += ["--content", args.content]
    try:
        return subprocess.run(preview, env=environment, cwd=root, check=False).returncode
    except KeyboardInterrupt:
        return 0
    finally:
        server.terminate()
        server.wait(timeout=10)


if __name__ == "__main__":
    sys.exit(main())
