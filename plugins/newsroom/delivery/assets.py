"""Production post-processing of the finished output, before it is swapped in.

- Content-hashed names for the theme's CSS, JavaScript and fonts (``site.css`` →
  ``site.1a2b3c4d5e.css``), so servers and CDNs may cache them for a year: a changed file gets
  a new name. The names are worked out from the theme before the templates render, and
  templates link assets with ``{{ SITEURL }}/{{ asset("css/newsroom.css") }}``, so pages are
  written with the final names and never rewritten. Afterwards the files are renamed; an asset
  that references another one (a stylesheet its fonts) is hashed after it, and feeds or
  scripts naming an asset are pointed at the new name.
- Precompressed ``.gz`` and ``.br`` copies next to every text file, for servers that send
  them as they are (nginx ``gzip_static``/``brotli_static``, most CDNs). Both are
  deterministic: gzip without a time stamp or file name, Brotli at a fixed quality. They are
  kept in the content cache by the SHA-256 of the file, so a rebuild compresses only what
  changed.

Settings (prefix ``ASSETS_``): ``HASHED`` and ``PRECOMPRESS`` switch the two steps on
(publishconf.py), the other keys say which files each step takes.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import os
import posixpath
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import partial
from graphlib import CycleError, TopologicalSorter
from pathlib import Path
from typing import Any
from urllib.parse import urljoin, urlsplit

import brotli

from ..core.cache import cache_folder
from ..core.incremental import (
    file_identity,
    keep_by_identity,
    known_by_identity,
    regular_files,
    replace_file,
    write_copy,
)
from ..core.parallel import map_on_cores
from ..core.settings import capability_settings

logger = logging.getLogger(__name__)

# Where references to other files stand, by the kind of file.
MARKUP_REFERENCE = re.compile(
    r"""\b(?:href|src|srcset|poster|xlink:href)\s*=\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)')""",
    re.IGNORECASE,
)
CSS_REFERENCE = re.compile(
    r"""url\(\s*(?:"(?P<dq>[^"]*)"|'(?P<sq>[^']*)'|(?P<bare>[^)'"\s]+))\s*\)"""
    r"""|@import\s+(?:"(?P<idq>[^"]*)"|'(?P<isq>[^']*)')""",
    re.IGNORECASE,
)
SCRIPT_REFERENCE = re.compile(
    r"""(?P<quote>["'`])(?P<ref>[^"'`\s]+?\.(?:css|js|mjs|woff2?|ttf|otf|eot))(?P=quote)"""
)
MARKUP_SUFFIXES = {".html", ".htm", ".xml", ".xsl", ".svg"}
SCRIPT_SUFFIXES = {".js", ".mjs"}
PAGE_SUFFIXES = {".html", ".htm"}
COMPRESSION_CACHE = "komprimiert"  # below the content cache (speed.cache_folder)
SHA256 = re.compile(r"[0-9a-f]{64}")
# In the content cache: the files rewrite_references left as they were, by path and identity.
UNCHANGED = "umbenennen-unveraendert.json"
DIGESTS = "dateien.json"  # in it: size and SHA-256 of the files compressed, by identity


@dataclass(frozen=True)
class Reference:
    start: int  # span of the URL inside the text
    end: int
    url: str


def find_references(text: str, suffix: str) -> Iterator[Reference]:
    """Every URL a file of this kind points to, with its place in the text."""
    if suffix in MARKUP_SUFFIXES:
        for match in MARKUP_REFERENCE.finditer(text):
            group = "dq" if match.group("dq") is not None else "sq"
            start = match.start(group)
            if match.group(0).lower().lstrip().startswith("srcset"):
                yield from srcset_references(match.group(group), start)
            else:
                yield Reference(start, match.end(group), match.group(group))
    elif suffix == ".css":
        for match in CSS_REFERENCE.finditer(text):
            group = next(g for g in ("dq", "sq", "bare", "idq", "isq") if match.group(g))
            yield Reference(match.start(group), match.end(group), match.group(group))
    elif suffix in SCRIPT_SUFFIXES:
        for match in SCRIPT_REFERENCE.finditer(text):
            yield Reference(match.start("ref"), match.end("ref"), match.group("ref"))


def srcset_references(value: str, offset: int) -> Iterator[Reference]:
    """The URLs of a ``srcset`` list („a.jpg 1x, b.jpg 2x“)."""
    for candidate in re.finditer(r"[^,\s][^\s,]*", value):
        if candidate.start() == 0 or value[candidate.start() - 1] in ", \t\n":
            word = candidate.group(0)
            if not re.fullmatch(r"\d+(?:\.\d+)?[wx]", word):
                yield Reference(offset + candidate.start(), offset + candidate.end(), word)


class Site:
    """The output folder and how its URLs map to files."""

    def __init__(self, output: Path, siteurl: str) -> None:
        self.output = output
        parts = urlsplit(siteurl or "")
        self.netloc = parts.netloc
        self.root = parts.path.rstrip("/")

    def url_of(self, path: Path) -> str:
        return f"{self.root}/{path.relative_to(self.output).as_posix()}"

    def target(self, reference: str, from_file: Path) -> str | None:
        """The output-relative path a reference in ``from_file`` points to, if it is ours."""
        parts = urlsplit(reference)
        if parts.scheme in ("http", "https") or reference.startswith("//"):
            if parts.netloc != self.netloc:
                return None
        elif parts.scheme:
            return None  # mailto:, data:, tel: …
        if not parts.path:
            return None
        absolute = urljoin(self.url_of(from_file), parts.path)
        absolute = posixpath.normpath(absolute)
        prefix = f"{self.root}/"
        return absolute[len(prefix) :] if absolute.startswith(prefix) else None


def rewrite(text: str, suffix: str, source: Path, site: Site, renamed: Mapping[str, str]) -> str:
    """The text with every reference to a renamed file pointing to its new name."""
    pieces: list[str] = []
    last = 0
    basenames = {posixpath.basename(name) for name in renamed}
    if not any(name in text for name in basenames):
        return text  # a reference to a renamed file names it: nothing to look at here
    for reference in find_references(text, suffix):
        # Only a reference ending in a renamed file's name (or in ., .., /) can point to it;
        # skipping the others spares resolving every link of every page.
        file_name = urlsplit(reference.url).path.rsplit("/", 1)[-1]
        if file_name not in basenames and file_name not in ("", ".", ".."):
            continue
        target = site.target(reference.url, source)
        if target not in renamed:
            continue
        path_end = len(re.split(r"[?#]", reference.url, maxsplit=1)[0])
        head = reference.url[:path_end]
        new_head = head[: head.rfind("/") + 1] + posixpath.basename(renamed[target])
        pieces += [text[last : reference.start], new_head, reference.url[path_end:]]
        last = reference.end
    if not pieces:
        return text
    pieces.append(text[last:])
    return "".join(pieces)


def read_text(path: Path) -> str | None:
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return None


def hashed_name(path: Path, data: bytes, length: int) -> str:
    digest = hashlib.sha256(data).hexdigest()[:length]
    return f"{path.stem}.{digest}{path.suffix}"


def hashed_names(
    files: Mapping[str, bytes], site: Site, config: Mapping[str, Any]
) -> tuple[dict[str, str], dict[str, bytes]]:
    """Content-hashed names of assets (output-relative name → bytes) and their final bytes.

    An asset that references another one (a stylesheet its fonts) is hashed after it, with the
    reference already pointing at the new name. Raises ``CycleError`` for circular references.
    """
    texts: dict[str, str | None] = {}
    for name, data in files.items():
        try:
            texts[name] = data.decode("utf-8")
        except UnicodeDecodeError:
            texts[name] = None
    graph: dict[str, set[str]] = {}
    for name, text in texts.items():
        path = site.output / name
        targets = (
            {site.target(r.url, path) for r in find_references(text, path.suffix.lower())}
            if text is not None
            else set()
        )
        graph[name] = {t for t in targets if t in files and t != name}
    renamed: dict[str, str] = {}
    contents: dict[str, bytes] = {}
    for name in TopologicalSorter(graph).static_order():
        path = site.output / name
        text = texts[name]
        if text is not None:
            data = rewrite(text, path.suffix.lower(), path, site, renamed).encode("utf-8")
        else:
            data = files[name]
        renamed[name] = posixpath.join(
            posixpath.dirname(name), hashed_name(path, data, config["hash_length"])
        )
        contents[name] = data
    return renamed, contents


def hash_assets(output: Path, site: Site, config: Mapping[str, Any]) -> dict[str, str]:
    """Rename the assets below the asset folder by content; return old → new relative path."""
    folder = output / config["folder"]
    suffixes = {s.lower() for s in config["hashed_extensions"]}
    assets = sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in suffixes)
    files = {p.relative_to(output).as_posix(): p.read_bytes() for p in assets}
    try:
        renamed, contents = hashed_names(files, site, config)
    except CycleError as error:
        cycle = " → ".join(error.args[1])
        logger.error(
            "Assets verweisen im Kreis aufeinander (%s); so lassen sie sich nicht hashen.", cycle
        )
        return {}
    for name, new_name in renamed.items():
        (output / new_name).write_bytes(contents[name])
        (output / name).unlink()
    return renamed


def theme_assets(settings: Mapping[str, Any], config: Mapping[str, Any]) -> dict[str, bytes]:
    """The files to hash as the build will write them, read from the theme and the stylesheet
    before anything is written (output-relative name → bytes)."""
    from .stylesheet import stylesheet_file

    suffixes = {s.lower() for s in config["hashed_extensions"]}
    theme = Path(settings["THEME"])
    destination = settings.get("THEME_STATIC_DIR", "theme")
    files: dict[str, bytes] = {}
    for static_path in settings.get("THEME_STATIC_PATHS", ["static"]):
        source = theme / static_path
        found = [source] if source.is_file() else sorted(source.rglob("*"))
        for path in found:
            if path.is_file() and path.suffix.lower() in suffixes:
                relative = path.name if path == source else path.relative_to(source).as_posix()
                files[posixpath.join(destination, relative)] = path.read_bytes()
    save_as, text = stylesheet_file(settings)
    files[posixpath.normpath(save_as)] = text.encode("utf-8")
    prefix = config["folder"].strip("/") + "/"
    return {name: data for name, data in files.items() if name.startswith(prefix)}


def planned_names(settings: Mapping[str, Any]) -> dict[str, str]:
    """The hashed name each theme asset will get (output-relative); empty without hashing."""
    config = asset_config(settings)
    if not config["hashed"]:
        return {}
    site = Site(Path(settings["OUTPUT_PATH"]), settings.get("SITEURL", ""))
    try:
        return hashed_names(theme_assets(settings, config), site, config)[0]
    except CycleError:
        return {}  # reported when the assets are hashed


def asset_path(planned: Mapping[str, str], folder: str, name: str) -> str:
    """Output-relative path of a theme asset (``css/newsroom.css``), hashed where it will be."""
    path = posixpath.join(folder, name)
    return planned.get(path, path)


def provide_asset_paths(generator: Any) -> None:
    """Signal ``generator_init``: ``{{ SITEURL }}/{{ asset("css/newsroom.css") }}`` in
    templates gives the asset's final, hashed address, so pages need no rewriting afterwards."""
    config = asset_config(generator.settings)
    planned = planned_names(generator.settings)
    generator.env.globals["asset"] = partial(asset_path, planned, config["folder"])


def rewrite_references(
    output: Path,
    site: Site,
    renamed: Mapping[str, str],
    settings: Mapping[str, Any] | None = None,
    pages: bool = True,
) -> None:
    """Point every page, feed and stylesheet outside the asset folder at the new names
    (``pages=False``: all but the HTML pages)."""
    hashed = set(renamed.values())
    suffixes = MARKUP_SUFFIXES | SCRIPT_SUFFIXES | {".css"}
    if not pages:
        suffixes -= PAGE_SUFFIXES
    paths = [
        path
        for path in regular_files(output)
        if path.suffix.lower() in suffixes and path.relative_to(output).as_posix() not in hashed
    ]
    # Files the last build found nothing to rewrite in, for the same names and address, and
    # that are the same files now (linked unchanged): not read again.
    record = unchanged_record(settings or {})
    scope = hashlib.sha256(
        json.dumps([site.netloc, site.root, pages, sorted(renamed.items())]).encode()
    ).hexdigest()
    known = known_by_identity(record, scope, lambda value: value is True)
    keys = [f"{path.relative_to(output).as_posix()}\0{file_identity(path)}" for path in paths]
    todo = [path for path, key in zip(paths, keys, strict=True) if key not in known]
    changed = dict(
        zip(
            todo,
            map_on_cores(partial(rewrite_file, site=site, renamed=renamed), todo, settings or {}),
            strict=True,
        )
    )
    unchanged = {key: True for path, key in zip(paths, keys, strict=True) if not changed.get(path)}
    keep_by_identity(record, scope, unchanged)


def unchanged_record(settings: Mapping[str, Any]) -> Path | None:
    """Where the files left unchanged by :func:`rewrite_references` are kept between builds:
    beside the compressed copies; None when the content cache is off."""
    cache = compression_cache(settings)
    return cache.parent / UNCHANGED if cache is not None else None


def rewrite_file(path: Path, site: Site, renamed: Mapping[str, str]) -> bool:
    """Point one file at the new names; return whether it changed."""
    text = read_text(path)
    if text is None:
        return False
    new_text = rewrite(text, path.suffix.lower(), path, site, renamed)
    if new_text == text:
        return False
    replace_file(path, new_text.encode("utf-8"))  # the file may be a link to the old output
    return True


def compression_cache(settings: Mapping[str, Any]) -> Path | None:
    """Where compressed copies are kept between builds: beside the content cache, emptied with
    it; None when the content cache is off."""
    if not capability_settings(settings, "SPEED").get("cache") or not settings.get("OUTPUT_PATH"):
        return None
    folder = cache_folder(settings) / COMPRESSION_CACHE
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def precompress(
    output: Path, config: Mapping[str, Any], settings: Mapping[str, Any] | None = None
) -> None:
    """A ``.gz`` and a ``.br`` copy beside each text file, where they are smaller.

    Compressed bytes are kept by the SHA-256 of the file and the quality, so a rebuild
    compresses only the files that changed; the entries no file used any more are removed.
    """
    settings = settings or {}
    suffixes = {s.lower() for s in config["precompress_extensions"]}
    assets = (output / config["folder"]) if config.get("folder") else None
    paths = [path for path in regular_files(output) if path.suffix.lower() in suffixes]
    # Plain strings from here on: this runs over every text file of the output.
    files = [os.fspath(path) for path in paths]
    below_assets = os.path.join(os.fspath(assets), "") if assets is not None else None
    qualities = [
        config["brotli_quality_assets"]
        if below_assets is not None and name.startswith(below_assets)
        else config["brotli_quality"]
        for name in files
    ]
    cache = compression_cache(settings)
    compress = partial(precompress_file, min_size=config["precompress_min_size"], cache=cache)
    known = known_digests(cache)
    identities = [file_identity(name) for name in files]
    jobs = [
        (name, quality, known.get(identity))
        for name, quality, identity in zip(files, qualities, identities, strict=True)
    ]
    done = map_on_cores(compress, jobs, settings)
    if cache is not None:
        keep = {name for names, _size, _digest in done for name in names} | {DIGESTS}
        with os.scandir(cache) as entries:
            for entry in entries:
                if entry.name not in keep:
                    Path(entry.path).unlink(missing_ok=True)
        digests = {
            identity: [size, digest]
            for identity, (_names, size, digest) in zip(identities, done, strict=True)
        }
        keep_by_identity(cache / DIGESTS, "", digests)


def stored_digest(value: Any) -> bool:
    """A value of :data:`DIGESTS` as :func:`precompress` writes it: [size, SHA-256]."""
    return (
        isinstance(value, list)
        and len(value) == 2
        and type(value[0]) is int
        and value[0] >= 0
        and isinstance(value[1], str)
        and bool(SHA256.fullmatch(value[1]))
    )


def known_digests(cache: Path | None) -> dict[str, tuple[int, str]]:
    """The size and SHA-256 of the files the last build compressed, by their identity
    (:func:`file_identity`): a file it left unchanged is not read again to be looked up."""
    known = known_by_identity(cache / DIGESTS if cache else None, "", stored_digest)
    return {identity: (size, digest) for identity, (size, digest) in known.items()}


def compressed(data: bytes, suffix: str, brotli_quality: int) -> bytes:
    if suffix == ".gz":
        return gzip.compress(data, compresslevel=9, mtime=0)
    return brotli.compress(data, quality=brotli_quality)


def read_whole(path: str) -> bytes:
    """The bytes of a file, with the fewest system calls (``open()`` adds fstat, ioctl, lseek)."""
    handle = os.open(path, os.O_RDONLY | os.O_CLOEXEC)
    try:
        pieces = []
        while piece := os.read(handle, 1 << 18):
            pieces.append(piece)
        return b"".join(pieces)
    finally:
        os.close(handle)


def precompress_file(
    job: tuple[str, int, tuple[int, str] | None], min_size: int, cache: Path | None = None
) -> tuple[list[str], int, str]:
    """Write the compressed copies of one file; return the names of the cache entries used,
    the file's size and its SHA-256.

    Every copy is a hard link to its entry in the cache: creating thousands of new files is
    what takes the time here, a link costs almost nothing (and a new file costs less in the
    one cache folder than in the output's thousands: measured). Nothing changes a file of the
    output in place. ``job``: the file, the Brotli quality, and its size and SHA-256 when the
    last build saw it (:func:`known_digests`); then the file is read only for an entry missing
    in the cache.
    """
    path, brotli_quality, known = job
    path = os.fspath(path)
    if known is None or cache is None:
        data: bytes | None = read_whole(path)
        size, digest = len(data), hashlib.sha256(data).hexdigest()
    else:
        data, (size, digest) = None, known
    if size < min_size:
        return [], size, digest
    used: list[str] = []
    folder = os.fspath(cache) if cache is not None else ""
    for suffix in (".gz", ".br"):
        target = path + suffix
        if cache is None:
            assert data is not None  # without a cache nothing is known
            packed = compressed(data, suffix, brotli_quality)
            if len(packed) < size:
                write_copy(target, packed)
            continue
        name = f"{digest}{suffix}" if suffix == ".gz" else f"{digest}.q{brotli_quality}{suffix}"
        entry = os.path.join(folder, name)
        used.append(name)
        try:
            packed_size = os.stat(entry).st_size
        except FileNotFoundError:
            if data is None:  # read after all, and looked up by what it holds
                return precompress_file((path, brotli_quality, None), min_size, cache)
            packed = compressed(data, suffix, brotli_quality)
            replace_file(entry, packed)
            packed_size = len(packed)
        if packed_size < size:
            try:
                os.link(entry, target)
            except FileExistsError:  # replaced, never written through
                os.unlink(target)
                os.link(entry, target)
            except OSError:  # another file system, or no hard links there
                write_copy(target, read_whole(entry))
    return used, size, digest


def asset_config(settings: Mapping[str, Any]) -> dict[str, Any]:
    config = capability_settings(settings, "ASSETS")
    config["folder"] = config["folder"] or settings.get("THEME_STATIC_DIR", "theme")
    return config


def hash_names(pelican: Any) -> None:
    """Post-build step 40: content-hashed names for the assets, every reference rewritten."""
    config = asset_config(pelican.settings)
    output = Path(pelican.settings["OUTPUT_PATH"])
    if config["hashed"]:
        site = Site(output, pelican.settings.get("SITEURL", ""))
        renamed = hash_assets(output, site, config)
        planned = planned_names(pelican.settings)
        if planned == renamed:
            # The templates already wrote the hashed names into every page; feeds and other
            # files may still point at an asset by its plain name.
            rewrite_references(output, site, renamed, pelican.settings, pages=False)
        else:
            # Something else changed the asset folder: also point what the templates wrote
            # at the names the files really have.
            stale = {
                planned[name]: new_name
                for name, new_name in renamed.items()
                if planned.get(name, new_name) != new_name
            }
            rewrite_references(output, site, {**renamed, **stale}, pelican.settings)


def compress(pelican: Any) -> None:
    """Post-build step 50, the last: .gz and .br copies of what every other step wrote."""
    config = asset_config(pelican.settings)
    if config["precompress"]:
        precompress(Path(pelican.settings["OUTPUT_PATH"]), config, pelican.settings)
