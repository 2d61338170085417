"""Press photos: ``Image:`` with ``Image-Alt``, ``Image-Credit`` and optional ``Image-License``.

The original stays as the editor committed it (Pelican copies ``bilder/``) and is offered for
download. Beside it the build writes responsive variants — several widths, each as JPEG (PNG for
images with transparency) and WebP — with Pillow, without any metadata (no EXIF, no GPS, no
colour profile: sRGB is what the web assumes), so the same source always gives the same bytes.
A press release gets a :class:`Photo` as ``.photo``, which ``components/press_photo.html`` shows.
"""

from __future__ import annotations

import io
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from babel.units import format_unit
from PIL import Image, ImageCms, ImageOps

from ..core.dates import LOCALE
from ..core.output import OutputFiles, output_files
from ..core.report import Report, closest
from ..core.settings import capability_settings
from ..core.text import plain_text
from ..core.urls import absolute_url

FORMATS = {"JPEG": ("jpg", "JPEG"), "PNG": ("png", "PNG"), "WEBP": ("webp", "WebP")}
LINK_PREFIXES = ("{static}", "{attach}", "{filename}")


@dataclass(frozen=True)
class Variant:
    url: str  # relative to SITEURL
    width: int
    height: int
    format: str  # Pillow's name: JPEG, PNG, WEBP


@dataclass(frozen=True)
class Photo:
    """A press photo, ready for its template: variants, sizes, alt text, credit, download."""

    alt: str
    credit: str
    original: str  # the committed file, relative to SITEURL
    original_label: str  # „JPEG, 1600 × 1000 Pixel, 1,2 MB“
    fallback: tuple[Variant, ...]  # JPEG or PNG, narrowest first
    webp: tuple[Variant, ...]
    sizes: str
    siteurl: str

    @property
    def preview(self) -> Variant:
        """The widest JPEG or PNG: what browsers without ``srcset`` and link previews show."""
        return self.fallback[-1]

    @property
    def src(self) -> str:
        return absolute_url(self.siteurl, self.preview.url)

    @property
    def width(self) -> int:
        return self.preview.width

    @property
    def height(self) -> int:
        return self.preview.height

    @property
    def original_href(self) -> str:
        return absolute_url(self.siteurl, self.original)

    @property
    def srcset(self) -> str:
        return ", ".join(f"{absolute_url(self.siteurl, v.url)} {v.width}w" for v in self.fallback)

    @property
    def webp_srcset(self) -> str:
        return ", ".join(f"{absolute_url(self.siteurl, v.url)} {v.width}w" for v in self.webp)


def source_path(value: str) -> str:
    """``{static}/bilder/2022/saal.jpg`` → ``bilder/2022/saal.jpg`` (relative to PATH)."""
    value = value.strip()
    for prefix in LINK_PREFIXES:
        value = value.removeprefix(prefix)
    return value.lstrip("/")


def widths_for(original_width: int, widths: list[int]) -> list[int]:
    """The configured widths narrower than the original, and the widest one it allows."""
    chosen = {width for width in widths if width < original_width}
    chosen.add(min(original_width, max(widths)))
    return sorted(chosen)


def variant_url(source: str, width: int, extension: str) -> str:
    path = PurePosixPath(source)
    return str(path.with_name(f"{path.stem}-{width}w.{extension}"))


def file_size(size: int) -> str:
    """„1,2 MB“, „45 kB“ — German number format, independent of the machine's locale."""
    if size >= 1_000_000:
        return format_unit(size / 1e6, "digital-megabyte", "short", "#,##0.0", locale=LOCALE)
    return format_unit(max(1, round(size / 1000)), "digital-kilobyte", "short", locale=LOCALE)


def describe_photo(article: Any, root: Path, settings: Mapping[str, Any]) -> Photo | None:
    """The :class:`Photo` of a press release, or None when it names no image."""
    metadata = article.metadata
    if not metadata.get("image"):
        return None
    config = capability_settings(settings, "IMAGES")
    source = source_path(str(metadata["image"]))
    path = root / source
    with Image.open(path) as image:
        original_format = image.format or "JPEG"
        upright = ImageOps.exif_transpose(image)
    width, height = upright.size
    kind = "PNG" if upright.has_transparency_data else "JPEG"
    fallback, webp = [], []
    for target in widths_for(width, list(config["widths"])):
        target_height = round(height * target / width)
        extension = FORMATS[kind][0]
        fallback.append(
            Variant(variant_url(source, target, extension), target, target_height, kind)
        )
        webp.append(Variant(variant_url(source, target, "webp"), target, target_height, "WEBP"))
    label = FORMATS.get(original_format, (None, original_format))[1]
    size = file_size(path.stat().st_size)
    return Photo(
        alt=plain_text(str(metadata.get("image-alt", ""))),
        credit=plain_text(str(metadata.get("image-credit", ""))),
        original=source,
        original_label=f"{label}, {width} × {height} Pixel, {size}",
        fallback=tuple(fallback),
        webp=tuple(webp),
        sizes=config["sizes"],
        siteurl=settings.get("SITEURL", ""),
    )


def in_srgb(image: Image.Image) -> Image.Image:
    """The picture converted to sRGB when it brings another colour profile."""
    profile = image.info.get("icc_profile")
    if not profile:
        return image
    try:
        source = ImageCms.ImageCmsProfile(io.BytesIO(profile))
        mode = "RGBA" if "A" in image.getbands() else "RGB"
        return ImageCms.profileToProfile(
            image, source, ImageCms.createProfile("sRGB"), outputMode=mode
        )
    except (ImageCms.PyCMSError, OSError, ValueError):
        return image


def write_variants(photo: Photo, root: Path, files: OutputFiles, config: Mapping[str, Any]) -> None:
    """Write every variant of a photo into the output, metadata stripped, bytes reproducible."""
    with Image.open(root / photo.original) as opened:
        image = in_srgb(ImageOps.exif_transpose(opened))
        image = image.convert("RGBA" if photo.fallback[0].format == "PNG" else "RGB")
    for variant in (*photo.fallback, *photo.webp):
        resized = image.resize((variant.width, variant.height), Image.Resampling.LANCZOS)
        resized.info.clear()  # nothing of the original's metadata goes along
        target = io.BytesIO()
        if variant.format == "JPEG":
            resized.save(
                target, "JPEG", quality=config["jpeg_quality"], optimize=True, progressive=True
            )
        elif variant.format == "PNG":
            resized.save(target, "PNG", optimize=True)
        else:
            resized.save(target, "WEBP", quality=config["webp_quality"], method=6)
        files.write(variant.url, target.getvalue(), "photos")


class PressPhotoGenerator:
    """Attaches ``.photo`` to every press release with an image and writes its variants."""

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs) -> None:
        self.context = context
        self.settings = settings
        self.root = Path(path)
        self.output_path = Path(output_path)

    def generate_context(self) -> None:
        for article in self.context.get("articles", []):
            photo = describe_photo(article, self.root, self.settings)
            if photo is not None:
                article.photo = photo

    def generate_output(self, writer: Any) -> None:
        config = capability_settings(self.settings, "IMAGES")
        files = output_files(self.settings)
        written: set[str] = set()
        for article in self.context.get("articles", []):
            photo = getattr(article, "photo", None)
            # Releases sharing a picture share its variants: written once.
            if photo is not None and photo.original not in written:
                write_variants(photo, self.root, files, config)
                written.add(photo.original)


def get_generators(pelican: Any) -> type[PressPhotoGenerator]:
    """Signal ``get_generators``."""
    return PressPhotoGenerator


# --- Checks ---------------------------------------------------------------------------------

IMAGE_FIELDS = ("Image-Alt", "Image-Credit")


def check_images(settings: Mapping[str, Any], sources: Mapping[str, list], report: Report) -> None:
    """A press release's image must exist, be a picture and come with alt text and credit."""
    from ..core.schema import PRESS_RELEASE

    root = Path(settings["PATH"])
    for source in sources.get(PRESS_RELEASE, []):
        value = source.value("Image")
        if not value:
            for name in (*IMAGE_FIELDS, "Image-License"):
                if source.value(name):
                    report.error(
                        source.relative,
                        name,
                        "steht ohne Bild.",
                        "Nennen Sie das Bild mit „Image: {static}/bilder/JJJJ/name.jpg“ "
                        f"oder löschen Sie die Zeile „{name}:“.",
                        source.line_of(name),
                    )
            continue
        check_image_file(source, root, settings, report)
        for name in IMAGE_FIELDS:
            if not source.value(name):
                what = (
                    "Alternativtext (was auf dem Bild zu sehen ist)"
                    if name == "Image-Alt"
                    else "Bildnachweis (Urheber)"
                )
                report.error(
                    source.relative,
                    name,
                    f"fehlt: ein Bild braucht einen {what}.",
                    f"Ergänzen Sie „{name}: …“ unter „Image:“.",
                    source.line_of("Image"),
                )


PICTURE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


def closest_picture(relative: str, root: Path) -> str | None:
    """The picture below PATH an editor most likely meant by a path that does not exist:
    the closest file name (a typo), and of equal names the closest folder (a wrong year)."""
    pictures = sorted(
        path.relative_to(root).as_posix()
        for path in root.rglob("*")
        if path.suffix.lower() in PICTURE_SUFFIXES and path.is_file()
    )
    name = closest(PurePosixPath(relative).name, {PurePosixPath(p).name for p in pictures})
    if name is None:
        return None
    same_name = [p for p in pictures if PurePosixPath(p).name == name]
    return closest(relative, same_name) or same_name[0]


def check_image_file(source: Any, root: Path, settings: Mapping[str, Any], report: Report) -> None:
    """The file of ``Image:``: inside a static folder, there, and a whole picture that fits the
    pixel limit (decoded once here, so a damaged photo fails the check, not only the build)."""
    from ..core.files import image_problem, limits, link_problem

    relative = source_path(source.value("Image"))
    path = root / relative
    line = source.line_of("Image")
    refused = link_problem("static", Path(relative), settings)
    if refused is not None:
        report.error(source.relative, "Image", f"„{relative}“: {refused[0]}", refused[1], line)
        return
    if not path.is_file():
        meant = closest_picture(relative, root)
        report.error(
            source.relative,
            "Image",
            f"Die Bilddatei „{relative}“ gibt es nicht.",
            f"Meinten Sie „{{static}}/{meant}“?"
            if meant
            else "Legen Sie das Bild unter content/bilder/ ab und schreiben Sie den Pfad als "
            "„{static}/bilder/JJJJ/name.jpg“.",
            line,
        )
        return
    problem = image_problem(path, limits(settings)["image_pixels"], tuple(FORMATS))
    if problem is not None:
        report.error(source.relative, "Image", f"„{relative}“ {problem[0]}", problem[1], line)
