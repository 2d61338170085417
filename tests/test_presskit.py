"""The press kit of a press release: ``pressemappe.zip`` with the plain text, the photo in
original size, its rights and the contacts' vCards, byte for byte the same in every build;
``text.txt`` alone; both withheld with an embargoed release and never in the search index."""

from __future__ import annotations

import gzip
import io
import re
import zipfile

import pytest
import vobject
from conftest import Build, build_preview, build_scenario, lay_out_scenario

SITEURL = "https://presse.norderstedtgo.de"
PHOTO_RELEASE = "/pressemitteilungen/2022/pressefoto-zur-konferenz/"
APP_RELEASE = "/pressemitteilungen/2022/buerger-innen-app/"
SEED = "/pressemitteilungen/2022/unternehmen-loten-chancen-der-smart-city-aus/"
EMBARGOED = "/pressemitteilungen/2026/schnellladepark-am-rathaus/"


@pytest.fixture(scope="module")
def photo_site(tmp_path_factory) -> Build:
    return build_scenario("leser-foto", tmp_path_factory.mktemp("foto"), settings="publishconf.py")


@pytest.fixture(scope="module")
def app_site(tmp_path_factory) -> Build:
    folder = tmp_path_factory.mktemp("mappe")
    return build_scenario("pressemappe", folder, settings="publishconf.py")


def kit(build: Build, release: str) -> zipfile.ZipFile:
    return zipfile.ZipFile(io.BytesIO(build.path(release + "pressemappe.zip").read_bytes()))


def test_zip_holds_text_photo_rights_and_vcards(photo_site):
    archive = kit(photo_site, PHOTO_RELEASE)
    assert archive.namelist() == [
        "pressefoto-zur-konferenz/BILDRECHTE.txt",
        "pressefoto-zur-konferenz/fotos/konferenz-saal.jpg",
        "pressefoto-zur-konferenz/pressemitteilung.txt",
    ]
    committed = photo_site.content / "bilder" / "2022" / "konferenz-saal.jpg"
    assert archive.read("pressefoto-zur-konferenz/fotos/konferenz-saal.jpg") == (
        committed.read_bytes()
    )
    rights = archive.read("pressefoto-zur-konferenz/BILDRECHTE.txt").decode("utf-8")
    assert rights.splitlines()[2:] == [
        "Datei: fotos/konferenz-saal.jpg",
        "Bildnachweis: Foto: Stadtwerke Norderstedt",
        "Lizenz: Creative Commons Namensnennung 4.0 International (CC BY 4.0) – "
        "https://creativecommons.org/licenses/by/4.0/",
        "Bildbeschreibung: Blick in den Saal der Konferenz, vorn eine gelbe Bühne",
    ]
    text = archive.read("pressefoto-zur-konferenz/pressemitteilung.txt")
    assert text == photo_site.path(PHOTO_RELEASE + "text.txt").read_bytes()


def test_zip_entries_have_fixed_dates_and_modes(photo_site):
    for info in kit(photo_site, PHOTO_RELEASE).infolist():
        assert info.date_time == (2022, 2, 1, 9, 30, 0), info.filename  # the release's Date
        assert info.external_attr >> 16 == 0o100644, info.filename
        stored = info.filename.endswith(".jpg")
        assert info.compress_type == (zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED)


def test_contacts_as_vcards_in_the_zip(photo_site):
    archive = kit(photo_site, SEED)
    cards = sorted(name for name in archive.namelist() if name.endswith(".vcf"))
    assert cards == [
        "unternehmen-loten-chancen-der-smart-city-aus/kontakte/keno-kramer.vcf",
        "unternehmen-loten-chancen-der-smart-city-aus/kontakte/mirjam-bantle.vcf",
    ]
    card = vobject.readOne(archive.read(cards[1]).decode("utf-8"))
    assert card.fn.value == "Mirjam Bantle"
    assert card.tel.value == "+4940521042900"
    assert (
        archive.read(cards[1]) == photo_site.path("/pressekontakte/mirjam-bantle.vcf").read_bytes()
    )
    assert "Zu dieser Pressemitteilung gibt es kein Pressefoto." in archive.read(
        "unternehmen-loten-chancen-der-smart-city-aus/BILDRECHTE.txt"
    ).decode("utf-8")


def test_two_builds_give_the_same_bytes(photo_site, build_site):
    # Another build time (a year later): the kit depends on the release, not on the build.
    again = build_site(
        "leser-foto",
        settings="publishconf.py",
        env={"SOURCE_DATE_EPOCH": str(1795694400 + 365 * 86400)},
    )
    assert again.ok, again.stderr
    for release in (PHOTO_RELEASE, SEED):
        for name in ("pressemappe.zip", "text.txt"):
            first = photo_site.path(release + name).read_bytes()
            assert again.path(release + name).read_bytes() == first, release + name


def test_plain_text_reads_as_a_journalist_pastes_it(app_site):
    text = app_site.path(APP_RELEASE + "text.txt").read_bytes().decode("utf-8")
    assert text == (
        "PRESSEMITTEILUNG\n\n"
        "Die „Norderstedt-App“ für Bürger*innen & Unternehmen startet\n\n"
        "Aktualisiert am 11. März 2022, 08:00 Uhr: Adresse der Anmeldung ergänzt\n\n"
        "Norderstedt, 10. März 2022 – Ab heute können Bürger:innen die App nutzen – mit "
        "https://www.norderstedt.de/app.\n\n"
        "Die Stadt stellt die neue App (https://www.norderstedt.de/app/start) vor. Fragen "
        "beantwortet das Team unter digitalisierung@norderstedt.de.\n\n"
        "Was die App kann\n\n"
        "  * Termine im Rathaus buchen\n"
        "  * Mängel melden, z. B. „Laterne defekt“\n"
        "  * Preise vergleichen: 3 < 5 & 5 > 3\n\n"
        "Mehr in der Meldung vom 13. Januar "
        f"({SITEURL}{SEED}).\n\n"
        "Pressekontakt\n\n"
        "Keno Kramer\n"
        "Unternehmenskommunikation\n"
        "Entwicklungsgesellschaft Norderstedt\n"
        "Telefon: 040 535406-24\n"
        "E-Mail: kramer@egno.de\n\n"
        f"Quelle: {SITEURL}{APP_RELEASE}\n"
    )


def test_links_show_the_size_and_what_the_kit_holds(photo_site):
    links = photo_site.html(PHOTO_RELEASE).select("a.press-kit__link")
    photo_link, zip_link, text_link = links
    assert photo_link["href"].endswith("/bilder/2022/konferenz-saal.jpg")
    assert zip_link["href"] == SITEURL + PHOTO_RELEASE + "pressemappe.zip"
    assert zip_link.has_attr("download")
    size = len(photo_site.path(PHOTO_RELEASE + "pressemappe.zip").read_bytes())
    assert zip_link.get_text() == f"Pressemappe (ZIP, {round(size / 1000)} kB)"
    contents = zip_link.find_next_sibling(class_="press-kit__contents").get_text()
    assert contents == "Text, Pressefoto in Originalgröße mit Bildrechten"
    assert text_link["href"] == SITEURL + PHOTO_RELEASE + "text.txt"
    assert re.fullmatch(r"Text zum Übernehmen \(Text, \d+ kB\)", text_link.get_text())


def test_size_in_german_number_format():
    from newsroom.presskit.generator import size_label

    assert size_label(1_234_567) == "1,2 MB"
    assert size_label(12_345) == "12 kB"
    assert size_label(300) == "1 kB"
    # The same digits as babel's ``format_decimal`` for German, rounding included.
    from babel.numbers import format_decimal

    for size in (999_499, 999_500, 1_000_000, 1_049_999, 1_050_000, 1_250_000, 12_345_678_901):
        if size >= 1_000_000:
            expected = f"{format_decimal(size / 1e6, '#,##0.0', locale='de_DE')} MB"
        else:
            expected = f"{format_decimal(max(1, round(size / 1000)), locale='de_DE')} kB"
        assert size_label(size) == expected


def test_embargoed_release_has_no_kit(build_site):
    build = build_site("redaktion-sperrfrist", settings="publishconf.py")
    assert build.ok, build.stderr
    assert not build.path(EMBARGOED).parent.exists()
    kits = [name for name in build.files() if name.endswith(("pressemappe.zip", "text.txt"))]
    assert kits and all("schnellladepark" not in name for name in kits)
    for name in kits:
        if name.endswith(".zip"):
            archive = zipfile.ZipFile(build.output / name)
            assert all("schnellladepark" not in entry for entry in archive.namelist())


def test_embargoed_release_in_the_preview_has_no_kit(tmp_path):
    content = lay_out_scenario("redaktion-sperrfrist", tmp_path / "inhalt")
    build = build_preview(content, tmp_path / "vorschau")
    assert build.path(EMBARGOED).exists()  # shown in the preview, with its notice …
    assert not build.path(EMBARGOED + "pressemappe.zip").exists()  # … but nothing to hand out
    assert not build.path(EMBARGOED + "text.txt").exists()
    assert build.path(SEED + "pressemappe.zip").exists()


def test_kit_is_never_in_the_search_index(photo_site):
    fragments = [
        gzip.decompress(path.read_bytes())
        for path in (photo_site.output / "pagefind" / "fragment").glob("*.pf_fragment")
    ]
    assert any(b"Konferenz" in fragment for fragment in fragments)
    for fragment in fragments:
        assert b"Pressemappe" not in fragment
        assert b"pressemappe.zip" not in fragment and b"text.txt" not in fragment


def test_unchanged_kits_come_from_the_cache(tmp_path, monkeypatch):
    import datetime as dt

    from newsroom.presskit import cache as kit_cache

    settings = {"SPEED_CACHE": True, "SPEED_CACHE_PATH": str(tmp_path / "cache")}
    fragments = ["<p>Erster Absatz</p><ul><li>Punkt</li></ul>", "<p>Vorspann</p>"]
    moment = dt.datetime(2022, 1, 13, 10, 0)
    jobs = [([("a/text.txt", b"Text"), ("a/fotos/bild.jpg", b"\xff\xd8Bild")], moment)]
    first = kit_cache.KitCache(settings)
    texts, kits = first.block_texts(fragments, "https://example.org"), first.zips(jobs)
    first.save()
    assert texts[0] == "Erster Absatz\n\n  * Punkt" and texts[1] == "Vorspann"
    assert zipfile.ZipFile(io.BytesIO(kits[0])).namelist() == ["a/fotos/bild.jpg", "a/text.txt"]

    # A warm build of the same inputs converts no HTML and packs no ZIP.
    def refuse(*args, **kwargs):
        raise AssertionError("worked out again")

    monkeypatch.setattr(kit_cache, "block_text", refuse)
    monkeypatch.setattr(kit_cache, "zip_bytes", refuse)
    warm = kit_cache.KitCache(settings)
    assert warm.block_texts(fragments, "https://example.org") == texts
    assert warm.zips(jobs) == kits
    warm.save()

    # A changed input is worked out anew; what no release uses any more is removed.
    monkeypatch.undo()
    changed = kit_cache.KitCache(settings)
    assert changed.block_texts(["<p>Neu</p>"], "") == ["Neu"]
    new_jobs = [([("a/text.txt", b"Text, korrigiert")], moment)]
    assert zipfile.ZipFile(io.BytesIO(changed.zips(new_jobs)[0])).read("a/text.txt") == (
        b"Text, korrigiert"
    )
    changed.save()
    assert len(list((tmp_path / "cache" / kit_cache.CACHE_NAME).glob("*.zip"))) == 1
    monkeypatch.setattr(kit_cache, "block_text", refuse)
    assert kit_cache.KitCache(settings).block_texts(["<p>Neu</p>"], "") == ["Neu"]
    with pytest.raises(AssertionError, match="worked out again"):
        kit_cache.KitCache(settings).block_texts(fragments[:1], "")


@pytest.mark.parametrize(
    "size",
    [0, 1, 499, 500, 501, 1_499, 1_500, 2_500, 999_499, 999_500, 999_999, 1_000_000,
     1_049_999, 1_050_000, 1_150_000, 1_250_000, 12_345_678, 999_950_000, 1_234_567_890],
)  # fmt: skip
def test_size_labels_are_written_as_babel_writes_german_numbers(size):
    """The labels are made without babel for speed: the same text, rounding included."""
    from babel.numbers import format_decimal

    from newsroom.presskit.generator import size_label

    if size >= 1_000_000:
        expected = f"{format_decimal(size / 1e6, '#,##0.0', locale='de')} MB"
    else:
        expected = f"{format_decimal(max(1, round(size / 1000)), locale='de')} kB"
    assert size_label(size) == expected
