"""Confined files: content is read only from regular files inside PATH, within set limits.

Pelican follows symbolic links when it collects content and static files, and copies whatever a
``{static}`` link names. So before anything is read, every entry below PATH is looked at without
following links: a symbolic link (to a file, a folder, a loop) or anything that is not a regular
file stops the check and the build, and so does a file over its size limit. Static folders
(``bilder/``) publish only the file types of ``FILES_STATIC_EXTENSIONS``, each of them what its
name says; the data folder (``daten/``) is never published. Every path a source names (``Image:``,
``{static}``, ``{filename}``, ``{attach}``) must stay inside PATH.
"""

from __future__ import annotations

import logging
import os
import re
import stat
import warnings
from collections.abc import Collection, Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from PIL import Image, UnidentifiedImageError

from .report import BODY, Report
from .settings import capability_settings

# What an image file's name promises, as Pillow names the format.
IMAGE_FORMATS = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP", ".gif": "GIF"}
PDF_SIGNATURE = b"%PDF-"
TEXT_SUFFIXES = (".md", ".markdown", ".yaml", ".yml")


@dataclass(frozen=True)
class ContentTree:
    """What lies below PATH: the regular files, and what may not be there."""

    files: tuple[Path, ...]
    refused: tuple[Path, ...]  # symbolic links and special files, never followed or read
    sizes: tuple[int, ...] = ()  # of each file in ``files``, in bytes


def walk_content(root: Path) -> ContentTree:
    """Every entry below ``root`` in a stable order, without following a single link: a
    folder's links to folders, then its files and other entries by name, then its folders
    (as ``os.walk`` goes, each entry looked at once)."""
    files: list[Path] = []
    sizes: list[int] = []
    refused: list[Path] = []

    def visit(folder: str) -> None:
        try:
            entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
        except OSError:
            return  # as os.walk: a folder that cannot be listed is left out
        subfolders = []
        for entry in entries:
            try:
                is_folder = entry.is_dir()
            except OSError:
                is_folder = False
            if not is_folder:
                continue
            if entry.is_symlink():
                refused.append(Path(entry.path))
            else:
                subfolders.append(entry.path)
        for entry in entries:
            try:
                if entry.is_dir():
                    continue
            except OSError:
                pass
            status = entry.stat(follow_symlinks=False)
            if stat.S_ISREG(status.st_mode):
                files.append(Path(entry.path))
                sizes.append(status.st_size)
            else:
                refused.append(Path(entry.path))
        for subfolder in subfolders:
            visit(subfolder)

    visit(os.fspath(root))
    return ContentTree(tuple(files), tuple(refused), tuple(sizes))


def shown(path: Path, root: Path) -> str:
    """A path as editors see it: ``content/bilder/…``."""
    try:
        return (PurePosixPath(root.name) / path.relative_to(root).as_posix()).as_posix()
    except ValueError:
        return str(path)


def limits(settings: Mapping[str, Any]) -> dict[str, Any]:
    return capability_settings(settings, "LIMITS")


def static_folders(settings: Mapping[str, Any]) -> tuple[str, ...]:
    return tuple(str(folder).strip("/") for folder in settings.get("STATIC_PATHS", []))


def inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def output_file(output: Path, relative: str) -> Path:
    """The file ``relative`` below the output folder, its parent folders made; an address that
    would lead out of the output (``..``, a link) is refused."""
    return OutputFolder(output).file(relative)


class OutputFolder:
    """The output folder of one build, for :func:`output_file` of many files: its real path
    is looked up once, each folder in it once (a build writes thousands of files into a few
    thousand folders; resolving every path anew was most of the cost of writing them)."""

    def __init__(self, output: Path | str) -> None:
        self.output = os.path.abspath(output)
        self.real: str | None = None
        # Folders found inside the output (and made): the build makes no links there (content
        # with links is refused before it is read), so a folder once inside stays inside.
        self.checked: set[str] = set()

    def file(self, relative: str) -> Path:
        target = os.path.normpath(os.path.join(self.output, relative))
        folder = os.path.dirname(target)
        if folder not in self.checked:
            self.check_folder(relative, folder)
            os.makedirs(folder, exist_ok=True)
        if os.path.islink(target):  # a link where the file goes must not lead out either
            self.refuse_outside(relative, target, os.path.realpath(target), child=True)
        return Path(target)

    def check_folder(self, relative: str, folder: str) -> None:
        """``folder`` and the folders above it up to one found inside before: in a folder
        found inside, a folder that is no link is inside too; a link is resolved."""
        below: list[str] = []
        current = folder
        while current not in self.checked and current.startswith(self.output + os.sep):
            below.append(current)
            current = os.path.dirname(current)
        if current not in self.checked:  # the output itself, or a path outside it
            self.refuse_outside(relative, current, os.path.realpath(current), child=False)
            self.checked.add(current)
        for path in reversed(below):
            if os.path.islink(path):
                self.refuse_outside(relative, path, os.path.realpath(path), child=False)
            self.checked.add(path)

    def refuse_outside(self, relative: str, path: str, real: str, child: bool) -> None:
        if self.real is None:
            self.real = os.path.realpath(self.output)
        inside = real.startswith(self.real + os.sep) or (not child and real == self.real)
        if not inside or not (path + os.sep).startswith(self.output + os.sep):
            raise ValueError(f"{relative}: liegt außerhalb der Ausgabe {self.output}")


def megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".replace(".", ",") + " MB"


def check_tree(settings: Mapping[str, Any], report: Report) -> bool:
    """Links, special files, sizes and static file types below PATH; False: read nothing."""
    root = Path(settings["PATH"]).resolve()
    tree = walk_content(root)
    for path in tree.refused:
        what = "ein symbolischer Link" if path.is_symlink() else "keine gewöhnliche Datei"
        report.error(
            shown(path, root),
            "",
            f"Das ist {what}; die Website liest nur echte Dateien im Inhaltsordner.",
            "Legen Sie die Datei selbst an diese Stelle (keinen Link) oder löschen Sie den "
            "Eintrag.",
        )
    config = capability_settings(settings, "FILES")
    allowed = {suffix.lower() for suffix in config["static_extensions"]}
    statics = static_folders(settings)
    ceiling = limits(settings)
    oversized = False
    prefix = os.path.join(root, "")
    for path, size in zip(tree.files, tree.sizes, strict=True):
        parts = str(path).removeprefix(prefix).split(os.sep)  # of path.relative_to(root)
        if any(part.startswith(".") for part in parts):
            continue  # .DS_Store, .gitkeep: Pelican ignores hidden files (IGNORE_FILES)
        in_static = parts[0] in statics if len(parts) > 1 else False
        limit = ceiling["static_bytes"] if in_static else ceiling["text_bytes"]
        if size > limit:
            report.error(
                shown(path, root),
                "",
                f"Die Datei ist {megabytes(size)} groß; erlaubt sind höchstens {megabytes(limit)}.",
                "Verkleinern Sie sie (Fotos: höchstens etwa 4000 Pixel breit) oder teilen Sie "
                "den Text auf.",
            )
            oversized = True
            continue
        if in_static:
            check_static_file(path, root, allowed, ceiling, report)
    return not tree.refused and not oversized


def check_static_file(
    path: Path, root: Path, allowed: set[str], ceiling: Mapping[str, Any], report: Report
) -> None:
    """A file of a static folder: an allowed type, and really what its name says it is."""
    suffix = path.suffix.lower()
    if suffix not in allowed:
        report.error(
            shown(path, root),
            "",
            f"Dateien vom Typ „{suffix or path.name}“ werden nicht veröffentlicht.",
            f"Erlaubt sind: {', '.join(sorted(allowed))}. Löschen Sie die Datei oder "
            "speichern Sie sie in einem dieser Formate.",
        )
        return
    if suffix == ".pdf":
        with path.open("rb") as handle:
            if handle.read(len(PDF_SIGNATURE)) != PDF_SIGNATURE:
                report.error(
                    shown(path, root),
                    "",
                    "Die Datei heißt .pdf, ist aber kein PDF.",
                    "Speichern Sie das Dokument als PDF.",
                )
        return
    if suffix in IMAGE_FORMATS:
        expected = (IMAGE_FORMATS[suffix],)
        problem = image_problem(path, ceiling["image_pixels"], expected, full=False)
        if problem:
            report.error(shown(path, root), "", f"Die Datei {problem[0]}", problem[1])


def image_problem(
    path: Path, max_pixels: int, formats: Collection[str], *, full: bool = True
) -> tuple[str, str] | None:
    """Why an image cannot be published (said of the file: „ist kein lesbares Bild.“), or None.

    Its size comes from the header: nothing is decoded before it is known to fit the limit.
    With ``full`` the whole picture is decoded once, so a truncated file fails here.
    """
    save = "Speichern Sie das Foto als JPEG, PNG oder WebP."
    try:
        with warnings.catch_warnings():
            # Pillow warns from 89 megapixels; the limit here is lower and names the size.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                width, height, found = image.width, image.height, image.format
    except Image.DecompressionBombError:
        return too_many_pixels(None, max_pixels)
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        return "ist kein lesbares Bild.", save
    if width * height > max_pixels:
        return too_many_pixels((width, height), max_pixels)
    if found not in formats:
        return f"ist ein Bild im Format {found}, erwartet: {', '.join(sorted(formats))}.", save
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                image.verify()
            if full:
                with Image.open(path) as image:
                    image.load()
    except Exception as error:  # whatever the decoder stumbles over: the file is damaged
        return f"ist beschädigt oder unvollständig ({error}).", "Speichern Sie das Foto neu."
    return None


def too_many_pixels(size: tuple[int, int] | None, max_pixels: int) -> tuple[str, str]:
    measured = f"{size[0]} × {size[1]} Pixel" if size else "weit über der Grenze"
    return (
        f"ist zu groß ({measured}; erlaubt sind {max_pixels / 1e6:.0f} Megapixel).",
        "Verkleinern Sie es, z. B. auf 4000 Pixel Breite.",
    )


def link_problem(kind: str, target: Path, settings: Mapping[str, Any]) -> tuple[str, str] | None:
    """Why a ``{static}``/``{attach}``/``{filename}`` path may not be published, or None.

    ``target`` is the file the path names, not yet resolved; ``kind`` the link's prefix.
    """
    root = Path(os.path.abspath(settings["PATH"]))
    resolved = Path(os.path.normpath(root / target))
    if not inside(resolved, root):
        return (
            "Der Pfad führt aus dem Inhaltsordner heraus.",
            "Verweisen Sie nur auf Dateien in content/, z. B. „{static}/bilder/2022/foto.jpg“.",
        )
    relative = resolved.relative_to(root)
    data = capability_settings(settings, "FILES")["data_folder"]
    if relative.parts and relative.parts[0] == data:
        return (
            f"Dateien aus {data}/ werden nie veröffentlicht.",
            "Verweisen Sie auf eine Seite oder Pressemitteilung oder auf ein Bild in bilder/.",
        )
    if kind == "filename" and resolved.suffix == ".md":
        return None
    if relative.parts[:1] and relative.parts[0] not in static_folders(settings):
        folders = ", ".join(f"{folder}/" for folder in static_folders(settings))
        return (
            "Diese Datei liegt nicht in einem Ordner für Bilder und Dokumente.",
            f"Legen Sie sie in {folders} ab.",
        )
    return None


def guard_static_files(generator: Any) -> None:
    """Signal ``static_generator_finalized``: what Pelican would copy, checked once more.

    The checks have refused links and other types before; should another route bring a file
    here (a setting, a plugin), it is not copied, and the build fails.
    """
    root = Path(generator.settings["PATH"]).resolve()
    config = capability_settings(generator.settings, "FILES")
    allowed = {suffix.lower() for suffix in config["static_extensions"]}
    statics = static_folders(generator.settings)
    kept = []
    for static in generator.staticfiles:
        path = Path(os.path.abspath(static.source_path))
        resolved = path.resolve()
        relative = resolved.relative_to(root).parts if inside(resolved, root) else ()
        if (
            resolved != path  # a link somewhere along the path
            or len(relative) < 2
            or relative[0] not in statics
            or path.suffix.lower() not in allowed
        ):
            logging.getLogger(__name__).error(
                "%s: wird nicht veröffentlicht (nur Bilder und PDF aus %s, keine Links).",
                shown(path, root),
                ", ".join(statics),
            )
            continue
        kept.append(static)
    generator.staticfiles = kept
    generator.context["staticfiles"] = kept


# One level of nesting at the start of a line: a quote marker or a list marker.
NESTING_MARKER = re.compile(r"(?:>|[-*+](?=\s)|\d{1,9}[.)](?=\s))[ \t]*")
FENCE = re.compile(r"^[ \t]*(```|~~~)")


def nesting_depth(line: str) -> int:
    """How deep a line nests lists and quotes: its indentation in steps of four, plus the
    markers it opens itself („> > - 1. …“)."""
    expanded = line.expandtabs(4)
    rest = expanded.lstrip(" ")
    depth = (len(expanded) - len(rest)) // 4
    while match := NESTING_MARKER.match(rest):
        depth += 1
        rest = rest[match.end() :]
    return depth


def check_nesting_of(source: Any, report: Report, limit: int) -> None:
    """Lists and quotes nested deeper than ``LIMITS_NESTING_DEPTH`` (``limit``) are an error,
    found before the Markdown parser (which recurses per level) sees them: the first such line
    of one source, if there is one (:func:`.checks.check_nesting`)."""
    in_fence = False
    for offset, line in enumerate(source.body.splitlines()):
        if FENCE.match(line):
            in_fence = not in_fence
        if in_fence or nesting_depth(line) <= limit:
            continue
        report.error(
            source.relative,
            BODY,
            f"Listen oder Zitate sind hier {nesting_depth(line)} Ebenen tief "
            f"verschachtelt; erlaubt sind höchstens {limit}.",
            "Gliedern Sie den Text flacher (Einrückung und „>“ am Zeilenanfang).",
            source.body_line + offset,
        )
        return
