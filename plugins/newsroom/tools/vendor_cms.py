"""``make vendor-cms``: bring Decap CMS (npm ``decap-cms``, pinned in package.json) and its German
interface (npm ``decap-cms-locales``) into ``plugins/newsroom/cms/static/decap/``.

Run after ``npm ci`` whenever package.json changes the version. The result is committed, so the
published ``/admin/`` loads nothing from a CDN and building the site needs Python only.

- The browser bundle: ``decap-cms.js``, the chunks it loads on demand (``*.decap-cms.js``) and
  the WebAssembly files of its image handling; no source maps, no second copy (``cms.js``).
- The German strings as an ES module (``locale-de.js``), registered by ``admin.js``.
- The licence and ``herkunft.json``: package versions and the SHA-256 of every file, which the
  tests compare with package.json.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
PACKAGES = ROOT / "node_modules"
TARGET = ROOT / "plugins" / "newsroom" / "cms" / "static" / "decap"
ORIGIN = "herkunft.json"
BUNDLE = "decap-cms.js"
LOCALE = "locale-de.js"
LICENSE = "LICENSE.txt"


def bundle_files(dist: Path) -> list[Path]:
    """The entry script, its chunks and WebAssembly, without maps and the duplicate build."""
    chunks = sorted(dist.glob("*.decap-cms.js")) + sorted(dist.glob("*.wasm"))
    return [dist / BUNDLE, *chunks]


def package_version(name: str, packages: Path = PACKAGES) -> str:
    return json.loads((packages / name / "package.json").read_text(encoding="utf-8"))["version"]


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def vendor(packages: Path = PACKAGES, target: Path = TARGET) -> dict:
    dist = packages / "decap-cms" / "dist"
    if not (dist / BUNDLE).is_file():
        raise SystemExit(
            f"Fehler: {dist / BUNDLE} fehlt. Zuerst die npm-Pakete installieren: make test-tools"
        )
    if target.exists():
        shutil.rmtree(target)
    target.mkdir(parents=True)
    for path in bundle_files(dist):
        shutil.copyfile(path, target / path.name)
    # The package is MIT; its bundle's notice lists the licences of everything bundled in it.
    shutil.copyfile(dist / f"{BUNDLE}.LICENSE.txt", target / LICENSE)
    shutil.copyfile(
        packages / "decap-cms-locales" / "dist" / "esm" / "de" / "index.js", target / LOCALE
    )
    origin = {
        "packages": {
            name: package_version(name, packages) for name in ("decap-cms", "decap-cms-locales")
        },
        "files": {
            path.name: sha256(path)
            for path in sorted(target.iterdir())
            if path.name != ORIGIN and path.is_file()
        },
    }
    (target / ORIGIN).write_text(
        json.dumps(origin, indent=2, sort_keys=True) + "\n", encoding="utf-8"
    )
    return origin


def main() -> int:
    origin = vendor()
    size = sum((TARGET / name).stat().st_size for name in origin["files"])
    versions = ", ".join(f"{name} {version}" for name, version in origin["packages"].items())
    print(f"Übernommen: {versions} nach {TARGET.relative_to(ROOT)}/ ({size / 1e6:.1f} MB)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
