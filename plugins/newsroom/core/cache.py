"""The content cache's key and folder: a cache that survives builds, beside the output, keyed by
the settings, the code of every plugin module and the versions of Pelican, Markdown and
typogrify (the speed plugin's reader fills it)."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
from collections.abc import Mapping
from importlib import metadata as package_metadata
from pathlib import Path
from typing import Any

from .datafiles import SETTING as DATA_FILES
from .kept import SETTING as KEPT_CONTENT
from .output import SETTING as OUTPUT_FILES
from .settings import capability_settings

# Settings that name this build's own folders or hold what it read (the data files, whose
# texts are the check's input) or wrote: they change every build, not what the reader does.
# The build's own key (:class:`BuildCacheKey`) is one of them.
SETTING = "CONTENT_CACHE_KEY"
VOLATILE_SETTINGS = frozenset(
    {
        *("OUTPUT_PATH", "CACHE_PATH", "SPEED_TYPOGRIFY", "SPEED_REUSE_OUTPUT"),
        *(DATA_FILES, OUTPUT_FILES, KEPT_CONTENT, SETTING),
    }
)
VERSIONED_PACKAGES = ("pelican", "markdown", "typogrify", "smartypants", "brotli")
CACHE_KEY_FILE = "schluessel.txt"
PLUGIN_FOLDER = Path(__file__).resolve().parents[1]  # plugins/newsroom


# --- The content cache ----------------------------------------------------------------------


def stable_repr(value: Any) -> str:
    """A text form of a settings value that is the same in every process (no memory addresses)."""
    if isinstance(value, Mapping):
        items = sorted((str(key), stable_repr(item)) for key, item in value.items())
        return "{" + ", ".join(f"{key}: {item}" for key, item in items) + "}"
    if isinstance(value, list | tuple):
        return "[" + ", ".join(stable_repr(item) for item in value) + "]"
    if isinstance(value, set | frozenset):
        return "{" + ", ".join(sorted(stable_repr(item) for item in value)) + "}"
    if value is None or isinstance(value, str | int | float | bool | dt.date | dt.tzinfo):
        return repr(value)
    text = repr(value)
    if " at 0x" not in text:  # paths, patterns, enums: their repr is their value
        return text
    kind = type(value)
    name = getattr(value, "__qualname__", None) or f"{kind.__module__}.{kind.__qualname__}"
    config = getattr(value, "config", None)  # Markdown extensions keep their options here
    return name + (stable_repr(config) if isinstance(config, Mapping) else "")


def plugin_sources() -> list[Path]:
    """The code the cached reader output can depend on: every module of the package, in every
    sub-package, except the commands (editing ``deploy`` must not empty the cache)."""
    tools = PLUGIN_FOLDER / "tools"
    return sorted(path for path in PLUGIN_FOLDER.rglob("*.py") if tools not in path.parents)


def cache_key(settings: Mapping[str, Any]) -> str:
    """What the cached reader output depends on besides the files themselves."""
    digest = hashlib.sha256()
    for name in sorted(settings):
        if name not in VOLATILE_SETTINGS:
            digest.update(f"{name}={stable_repr(settings[name])}\n".encode())
    for source in plugin_sources():
        name = source.relative_to(PLUGIN_FOLDER).as_posix()
        digest.update(name.encode() + b"\0" + source.read_bytes())
    for package in VERSIONED_PACKAGES:
        try:
            version = package_metadata.version(package)
        except package_metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{package}=={version}\n".encode())
    return digest.hexdigest()


class BuildCacheKey:
    """The content cache key of one build, worked out the first time a cache asks for it (by
    the content check, before the capabilities add their settings): every cache of the build
    reuses it instead of hashing the settings and the plugin's sources again.

    What the capabilities add to the settings after that is worked out from the settings, the
    code and the library versions, which the key covers."""

    def __init__(self) -> None:
        self.value: str | None = None

    def __getstate__(self) -> dict[str, Any]:
        # A copy in another process (a pickled cache) starts empty: never another build's key.
        return {"value": None}

    def __repr__(self) -> str:
        return "BuildCacheKey()"  # the same in every process


def start_build_key(pelican: Any) -> None:
    """Signal ``initialized``: a new build, a key not worked out yet."""
    pelican.settings[SETTING] = BuildCacheKey()


def build_cache_key(settings: Mapping[str, Any]) -> str:
    """:func:`cache_key` of this build, once per build; outside a build (no
    :class:`BuildCacheKey` in the settings) worked out on every call."""
    holder = settings.get(SETTING)
    if not isinstance(holder, BuildCacheKey):
        return cache_key(settings)
    if holder.value is None:
        holder.value = cache_key(settings)
    return holder.value


def cache_folder(settings: Mapping[str, Any]) -> Path:
    """``SPEED_CACHE_PATH`` (``python -m newsroom build``: ``.output-cache`` beside ``output/``),
    else a folder ``.newsroom-cache`` beside the output folder."""
    configured = capability_settings(settings, "SPEED").get("cache_path")
    if configured:
        return Path(configured).resolve()
    return Path(settings["OUTPUT_PATH"]).resolve().parent / ".newsroom-cache"


def prepare_cache(folder: Path, key: str) -> None:
    """Empty the cache folder unless it was written for this very key."""
    key_file = folder / CACHE_KEY_FILE
    try:
        if key_file.read_text(encoding="utf-8").strip() == key:
            return
    except OSError:
        pass
    # A folder inside with a key file of its own checks that key itself (the content check's
    # results, whose key is taken before the build adds its settings).
    for entry in folder.iterdir() if folder.is_dir() else ():
        if entry.is_dir() and not entry.is_symlink() and (entry / CACHE_KEY_FILE).is_file():
            continue
        if entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry)
        else:
            entry.unlink()
    folder.mkdir(parents=True, exist_ok=True)
    key_file.write_text(key + "\n", encoding="utf-8")
