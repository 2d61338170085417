"""The core's one writer of the capabilities' files: inside the output, each path once, unchanged
files linked to the previous output."""

from __future__ import annotations

import pytest
from conftest import ROOT

from newsroom.core.output import PELICAN, STATIC, OutputFiles
from newsroom.core.report import ContentError


def rendered(error: pytest.ExceptionInfo[ContentError]) -> str:
    return " ".join(error.value.report.render().split())


def test_a_file_is_written_below_the_output(tmp_path):
    files = OutputFiles(tmp_path / "ausgabe")
    target = files.write("pressekontakte/mirjam-bantle.vcf", b"BEGIN:VCARD\r\n", "contacts")
    assert target == tmp_path / "ausgabe" / "pressekontakte" / "mirjam-bantle.vcf"
    assert target.read_bytes() == b"BEGIN:VCARD\r\n"
    assert files.written == {"pressekontakte/mirjam-bantle.vcf": "contacts"}


def test_a_second_write_of_a_path_is_refused_naming_both_writers(tmp_path):
    files = OutputFiles(tmp_path / "ausgabe")
    files.write("veranstaltungen.ics", b"erste", "events")
    with pytest.raises(ContentError) as refused:
        files.write("./veranstaltungen.ics", b"zweite", "contacts")
    shown = rendered(refused)
    assert "veranstaltungen.ics" in shown
    assert "zweimal geschrieben: zuerst von events, dann von contacts" in shown
    assert "…_SAVE_AS" in shown
    assert (tmp_path / "ausgabe" / "veranstaltungen.ics").read_bytes() == b"erste"
    # The same capability twice is refused as well.
    with pytest.raises(ContentError) as refused:
        files.write("veranstaltungen.ics", b"erste", "events")
    assert "zuerst von events, dann von events" in rendered(refused)


def test_a_path_pelican_wrote_is_refused_both_ways(tmp_path):
    output = tmp_path / "ausgabe"
    files = OutputFiles(output)
    files.record_pelican_file(output / "index.html")
    with pytest.raises(ContentError) as refused:
        files.write("index.html", b"<p>", "events")
    assert f"zuerst von {PELICAN}, dann von events" in rendered(refused)
    files.write("robots.txt", b"User-agent: *\n", "seo")
    with pytest.raises(ContentError) as refused:
        files.record_pelican_file(str(output / "robots.txt"))
    assert f"zuerst von seo, dann von {PELICAN}" in rendered(refused)
    # Pelican writing its own file twice is Pelican's writer's to judge, not ours.
    files.record_pelican_file(output / "index.html")


def test_the_address_of_a_static_file_is_refused_to_every_other_writer(tmp_path):
    output = tmp_path / "ausgabe"
    files = OutputFiles(output)
    files.record_static_file("bilder/2022/saal.jpg")
    with pytest.raises(ContentError) as refused:
        files.write("bilder/2022/./saal.jpg", b"anderes Bild", "photos")
    assert f"zuerst von {STATIC}, dann von photos" in rendered(refused)
    with pytest.raises(ContentError) as refused:
        files.record_pelican_file(output / "bilder" / "2022" / "saal.jpg")
    assert f"zuerst von {STATIC}, dann von {PELICAN}" in rendered(refused)
    files.write("bilder/2022/saal-800.jpg", b"Variante", "photos")
    with pytest.raises(ContentError) as refused:
        files.record_static_file("bilder/2022/saal-800.jpg")
    assert f"zuerst von photos, dann von {STATIC}" in rendered(refused)
    assert not (output / "bilder" / "2022" / "saal.jpg").exists()


@pytest.mark.parametrize(
    "hostile",
    [
        "../draussen/x.ics",
        "a/../../draussen/x.ics",
        "/etc/x.ics",
        "link/x.ics",
        "linked-file.ics",
    ],
)
def test_a_path_leaving_the_output_is_refused(tmp_path, hostile):
    output = tmp_path / "ausgabe"
    outside = tmp_path / "draussen"
    outside.mkdir()
    output.mkdir()
    (output / "link").symlink_to(outside)
    (outside / "ziel.ics").write_bytes(b"unberuehrt")
    (output / "linked-file.ics").symlink_to(outside / "ziel.ics")
    files = OutputFiles(output)
    with pytest.raises(ValueError, match="außerhalb der Ausgabe"):
        files.write(hostile, b"boese", "events")
    assert sorted(p.name for p in outside.iterdir()) == ["ziel.ics"]
    assert (outside / "ziel.ics").read_bytes() == b"unberuehrt"
    assert files.written == {}


def test_a_link_inside_the_output_is_replaced_not_written_through(tmp_path):
    output = tmp_path / "ausgabe"
    output.mkdir()
    (output / "alt.css").write_bytes(b"alt")
    (output / "style.css").symlink_to(output / "alt.css")
    OutputFiles(output).write("style.css", b"neu", "delivery")
    assert not (output / "style.css").is_symlink()
    assert (output / "style.css").read_bytes() == b"neu"
    assert (output / "alt.css").read_bytes() == b"alt"


def test_unchanged_files_are_links_to_the_previous_output(tmp_path):
    previous = tmp_path / "bisher"
    (previous / "veranstaltungen").mkdir(parents=True)
    (previous / "veranstaltungen.json").write_bytes(b"[]\n")
    (previous / "veranstaltungen" / "a.ics").write_bytes(b"alt")
    files = OutputFiles(tmp_path / "neu", previous=previous)
    same = files.write("veranstaltungen.json", b"[]\n", "events")
    changed = files.write("veranstaltungen/a.ics", b"neu", "events")
    fresh = files.write("veranstaltungen/b.ics", b"b", "events")
    assert same.stat().st_ino == (previous / "veranstaltungen.json").stat().st_ino
    assert changed.stat().st_ino != (previous / "veranstaltungen" / "a.ics").stat().st_ino
    assert changed.read_bytes() == b"neu"
    assert (previous / "veranstaltungen" / "a.ics").read_bytes() == b"alt"
    assert fresh.read_bytes() == b"b"


def settings_file(tmp_path, name: str, lines: str):
    path = tmp_path / f"{name}.py"
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n{lines}",
        encoding="utf-8",
    )
    return str(path)


def test_a_capability_writing_one_path_twice_fails_the_build(build_site, tmp_path):
    """Every person's vCard at one address: the second is refused and nothing is published."""
    settings = settings_file(tmp_path, "eine_vcard", 'CONTACTS_VCARD_SAVE_AS = "kontakt.vcf"\n')
    build = build_site(settings=settings)
    shown = " ".join(build.stderr.split())
    assert not build.ok
    assert "kontakt.vcf" in shown
    assert "zweimal geschrieben: zuerst von contacts, dann von contacts" in shown
    assert "Die Website wurde nicht gebaut" in shown
    assert not build.output.exists()


def test_a_capability_writing_a_file_of_another_fails_the_build(build_site, tmp_path):
    """The calendar of all events where the sitemap step writes robots.txt."""
    settings = settings_file(
        tmp_path, "kalender_als_robots", 'EVENTS_CALENDAR_SAVE_AS = "robots.txt"\n'
    )
    build = build_site(settings=settings)
    shown = " ".join(build.stderr.split())
    assert not build.ok
    assert "robots.txt" in shown
    assert "zuerst von events, dann von seo" in shown
    assert not build.output.exists()


def test_a_capability_writing_a_page_of_pelican_fails_the_build(build_site, tmp_path):
    settings = settings_file(tmp_path, "export_als_seite", 'EVENTS_DATA_SAVE_AS = "index.html"\n')
    build = build_site(settings=settings)
    shown = " ".join(build.stderr.split())
    assert not build.ok
    assert f"zuerst von {PELICAN}, dann von events" in shown
    assert not build.output.exists()


def test_a_capability_writing_over_a_static_file_fails_the_build(build_site, tmp_path):
    """The calendar of all events at the address of a press photo Pelican copies."""
    settings = settings_file(
        tmp_path,
        "kalender_als_foto",
        'EVENTS_CALENDAR_SAVE_AS = "bilder/2022/konferenz-saal.jpg"\n',
    )
    build = build_site("bildrechte", settings=settings)
    shown = " ".join(build.stderr.split())
    assert not build.ok
    assert "bilder/2022/konferenz-saal.jpg" in shown
    assert f"zuerst von {STATIC}, dann von events" in shown
    assert not build.output.exists()


def test_folders_checked_once_still_refuse_every_way_out(tmp_path):
    """The writer looks at each folder of the output once: a link put in a folder already
    found inside, a link where the file goes, ``..`` and absolute paths are still refused."""
    output = tmp_path / "ausgabe"
    outside = tmp_path / "draussen"
    outside.mkdir()
    files = OutputFiles(output)
    files.write("index.txt", b"a", "seo")
    files.write("pressemitteilungen/2022/a/text.txt", b"b", "presskit")
    (output / "link").symlink_to(outside)
    (output / "pressemitteilungen/2022/link").symlink_to(outside)
    (output / "pressemitteilungen/2022/a/pressemappe.zip").symlink_to(outside / "x.zip")
    for hostile in (
        "link/x.zip",
        "pressemitteilungen/2022/link/x.zip",
        "pressemitteilungen/2022/link/tief/x.zip",
        "pressemitteilungen/2022/a/pressemappe.zip",
        "pressemitteilungen/../../draussen/x.zip",
        str(outside / "x.zip"),
    ):
        with pytest.raises(ValueError, match="außerhalb der Ausgabe"):
            files.write(hostile, b"boese", "presskit")
    assert list(outside.iterdir()) == []
    assert files.relative(output / "pressemitteilungen/2022/a/text.txt") == (
        "pressemitteilungen/2022/a/text.txt"
    )
    assert files.relative(output / "pressemitteilungen/../index.txt") == "index.txt"
