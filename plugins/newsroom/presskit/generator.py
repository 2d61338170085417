"""Attaches ``.press_kit`` to every published press release and writes its files beside the
release's page: ``pressemappe.zip`` and ``text.txt``."""

from __future__ import annotations

import threading
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

from babel import Locale
from babel.numbers import parse_pattern

from ..contacts.vcard import vcard_bytes
from ..core.dates import LOCALE
from ..core.kept import kept_content
from ..core.output import output_files
from ..core.settings import capability_settings
from .cache import KitCache
from .text import release_fragments, release_text, rights_text


@dataclass(frozen=True)
class PressKit:
    """What a template shows of the downloads; the bytes stay with the generator."""

    zip_url: str  # relative to SITEURL
    zip_label: str  # „ZIP, 45 kB“
    text_url: str
    text_label: str  # „Text, 4 kB“
    contents: tuple[str, ...]  # what the ZIP holds, in German, for the link's description


def size_label(size: int) -> str:
    """„980 kB“, „1,2 MB“: German number format, independent of the machine's locale."""
    if size >= 1_000_000:
        return f"{MEGABYTES.apply(size / 1e6, GERMAN)} MB"
    return f"{KILOBYTES.apply(max(1, round(size / 1000)), GERMAN)} kB"


# babel's patterns, parsed once: a press kit's two labels are made for every release in every
# build, and ``format_decimal`` parses its pattern again on each call.
GERMAN = Locale.parse(LOCALE)
MEGABYTES = parse_pattern("#,##0.0")
KILOBYTES = GERMAN.decimal_formats[None]


def kit_contents(article: Any) -> tuple[str, ...]:
    contents = ["Text"]
    if getattr(article, "photo", None) is not None:
        contents.append("Pressefoto in Originalgröße mit Bildrechten")
    section = getattr(article, "contact_section", None)
    if section is not None and section.blocks:
        contents.append("Kontakte als vCard")
    return tuple(contents)


def presskit_settings(settings: Mapping[str, Any]) -> dict[str, Any]:
    return capability_settings(settings, "PRESSKIT")


def release_folder(article: Any) -> str:
    """``pressemitteilungen/2022/slug/`` from the release's ``save_as``."""
    return str(PurePosixPath(article.save_as).parent) + "/"


def kit_entries(
    article: Any,
    root: Path,
    text: str,
    config: Mapping[str, Any],
    vcards: dict[Any, bytes] | None = None,
) -> list:
    """(name in the ZIP, bytes): the text, the photo in its original file, its rights, vCards.
    ``vcards``: the cards made so far in this build, by person (a person has many releases)."""
    vcards = {} if vcards is None else vcards
    folder = article.slug
    entries = [
        (f"{folder}/{config['text_in_zip']}", text.encode("utf-8")),
        (f"{folder}/BILDRECHTE.txt", rights_text(article).encode("utf-8")),
    ]
    photo = getattr(article, "photo", None)
    if photo is not None:
        name = PurePosixPath(photo.original).name
        entries.append((f"{folder}/fotos/{name}", (root / photo.original).read_bytes()))
    section = getattr(article, "contact_section", None)
    for block in section.blocks if section is not None else ():
        if block.person not in vcards:
            vcards[block.person] = vcard_bytes(block.person)
        entries.append((f"{folder}/kontakte/{block.person.id}.vcf", vcards[block.person]))
    return entries


def kit_urls(article: Any, config: Mapping[str, Any]) -> tuple[str, str]:
    """The addresses of a release's ZIP and text file, beside its page."""
    folder = release_folder(article)
    return folder + config["zip_name"], folder + config["text_name"]


class PressKitGenerator:
    """Runs after the photos and contacts are attached (its plugin comes after theirs).

    In a build every kit is made in ``generate_context``. In the live preview (its store of
    kept content in the settings) a release gets a :class:`LaterPressKit` instead: the kit is
    made when the release's page shows its labels, or at the latest in ``generate_output`` —
    the same bytes from the same inputs (the HTML is taken now, as a build takes it), so the
    page asked for after a save does not wait for a thousand kits."""

    # How many kits one turn of ``generate_output`` makes while a page may wait for its own:
    # from the cache 200 take a few hundredths of a second; new ones (the preview's first
    # state) are made on every core from this many on (``SPEED_PARALLEL_FROM``).
    BATCH = 200

    def __init__(self, context, settings, path, theme, output_path, *args, **kwargs) -> None:
        self.context = context
        self.settings = settings
        self.root = Path(path)
        self.output_path = Path(output_path)
        self.files: dict[str, bytes] = {}
        # The preview's later kits: release → its HTML fragments, until the kit is made.
        self.waiting: dict[int, tuple[Any, tuple[str, str]]] = {}
        self.lock = threading.Lock()  # the page's thread and the background's
        self.cache: KitCache | None = None
        self.vcards: dict[Any, bytes] = {}
        self.later = kept_content(settings) is not None

    def generate_context(self) -> None:
        config = presskit_settings(self.settings)
        releases = [
            article
            for article in self.context.get("articles", [])
            # a draft or embargoed release in the preview: nothing to hand out
            if getattr(article, "preview_notice", None) is None
        ]
        if not self.later:
            self.make(releases, [release_fragments(article) for article in releases])
            self.kit_cache().save()
            return
        for article in releases:
            self.waiting[id(article)] = (article, release_fragments(article))
            zip_url, text_url = kit_urls(article, config)
            article.press_kit = LaterPressKit(
                self, article, zip_url=zip_url, text_url=text_url, contents=kit_contents(article)
            )

    def kit_cache(self) -> KitCache:
        if self.cache is None:
            self.cache = KitCache(self.settings)
        return self.cache

    def make(self, releases: list, fragments: list[tuple[str, str]]) -> None:
        """The kits of ``releases`` (with their HTML ``fragments``): files and ``press_kit``."""
        config = presskit_settings(self.settings)
        texts, kits = self.texts_and_kits(releases, fragments, config)
        for article, text, kit in zip(releases, texts, kits, strict=True):
            zip_url, text_url = kit_urls(article, config)
            self.files[zip_url] = kit
            self.files[text_url] = text.encode("utf-8")
            article.press_kit = PressKit(
                zip_url=zip_url,
                zip_label=f"ZIP, {size_label(len(kit))}",
                text_url=text_url,
                text_label=f"Text, {size_label(len(self.files[text_url]))}",
                contents=kit_contents(article),
            )

    def made(self, article: Any) -> PressKit:
        """The preview: the kit of one release, made now if it is not yet."""
        with self.lock:
            waiting = self.waiting.get(id(article))
            if waiting is not None:
                self.make([waiting[0]], [waiting[1]])
                del self.waiting[id(article)]  # only once made: a failure fails again
            return article.press_kit

    def make_the_rest(self) -> None:
        """The preview: every kit not made yet, a few at a time (a page asked for meanwhile
        waits for one turn, not for all), then the cache keeps what this state used."""
        while True:
            with self.lock:
                if not self.waiting:
                    self.kit_cache().save()
                    return
                keys = list(self.waiting)[: self.BATCH]
                batch = [self.waiting[key] for key in keys]
                self.make([article for article, _ in batch], [html for _, html in batch])
                for key in keys:
                    del self.waiting[key]

    def texts_and_kits(
        self, releases: list, fragments: list[tuple[str, str]], config: Mapping[str, Any]
    ) -> tuple[list, list]:
        """Each release's plain text and ZIP, from the cache where their inputs are unchanged."""
        cache = self.kit_cache()
        siteurl = self.settings.get("SITEURL", "")
        pieces = [piece for pair in fragments for piece in pair]
        plain = dict(zip(pieces, cache.block_texts(pieces, siteurl), strict=True))
        texts = [
            release_text(article, self.settings, plain.__getitem__, html)
            for article, html in zip(releases, fragments, strict=True)
        ]
        kits = cache.zips(
            [
                (
                    kit_entries(article, self.root, text, config, self.vcards),
                    getattr(article, "modified", None) or article.date,
                )
                for article, text in zip(releases, texts, strict=True)
            ]
        )
        return texts, kits

    def generate_output(self, writer: Any) -> None:
        if self.later:
            self.make_the_rest()
        files = output_files(self.settings)
        for relative, data in sorted(self.files.items()):
            files.write(relative, data, "presskit")


class LaterPressKit:
    """A release's :class:`PressKit` in the live preview: addresses and contents at once, the
    labels (the sizes of the ZIP and the text) once a template asks for them."""

    def __init__(
        self,
        generator: PressKitGenerator,
        article: Any,
        zip_url: str,
        text_url: str,
        contents: tuple[str, ...],
    ) -> None:
        self.generator = generator
        self.article = article
        self.zip_url = zip_url
        self.text_url = text_url
        self.contents = contents

    @property
    def zip_label(self) -> str:
        return self.generator.made(self.article).zip_label

    @property
    def text_label(self) -> str:
        return self.generator.made(self.article).text_label


def get_generators(pelican: Any) -> type[PressKitGenerator]:
    """Signal ``get_generators``."""
    return PressKitGenerator
