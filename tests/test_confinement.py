"""Content is data: files are read only from content/, within limits; a preview never goes live.

Each attack is laid over a copy of the basis (links are made by the test: git keeps them badly)
and must fail ``check`` and ``build`` alike, naming the file (and field and line where there
is one), while the previous output stays exactly as it was and holds nothing of the attack.
"""

from __future__ import annotations

import hashlib
import io
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import BASIS, ROOT, build_into, run_newsroom
from PIL import Image

SECRET = "GEHEIM-7f3a9c"
RELEASE = """Title: Neue Ladesäulen am Rathaus
Date: {date}
Slug: {slug}
Location: Norderstedt
Summary: Die Stadtwerke Norderstedt bauen vier neue Ladesäulen am Rathaus.
Tags: Mobilität
Contacts: mirjam-bantle
{header}

{body}
"""


def release(slug: str, *, date: str = "2022-03-01", header: str = "", body: str = "") -> str:
    body = body or "Die Stadtwerke Norderstedt bauen vier neue Ladesäulen am Rathaus."
    return RELEASE.format(date=date, slug=slug, header=header, body=body)


def write_release(content: Path, text: str, name: str = "2022-03-01-angriff.md") -> Path:
    path = content / "pressemitteilungen" / "2022" / name
    path.write_text(text, encoding="utf-8")
    return path


def photo_bytes(size: tuple[int, int] = (800, 600), fmt: str = "JPEG") -> bytes:
    """A small noisy picture (noise, so that a cut-off file lacks real image data)."""
    image = Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3))
    buffer = io.BytesIO()
    image.save(buffer, fmt)
    return buffer.getvalue()


PHOTO_HEADER = (
    "Image: {path}\nImage-Alt: Vier Ladesäulen vor dem Rathaus\n"
    "Image-Credit: Stadtwerke Norderstedt\n"
    "Image-License: honorarfrei für die Berichterstattung über die Ladesäulen"
)


def digests(root: Path) -> dict[str, str]:
    return {
        p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


@pytest.fixture(scope="module")
def previous_output(tmp_path_factory) -> Path:
    """A good build of the basis: the output every attack must leave as it is."""
    folder = tmp_path_factory.mktemp("vorher")
    content = folder / "content"
    shutil.copytree(BASIS, content)
    build = build_into(content, folder / "output")
    assert build.ok, build.stderr
    return build.output


# --- The attacks ---------------------------------------------------------------------------
# Each prepares ``content`` (a copy of the basis below ``folder``) and returns what the check
# and the build must name.


def symlinked_file(content: Path, folder: Path) -> list[str]:
    secret = folder / "geheim.txt"
    secret.write_text(SECRET, encoding="utf-8")
    (content / "bilder" / "2022").mkdir(parents=True)
    (content / "bilder" / "2022" / "foto.jpg").symlink_to(secret)
    return ["content/bilder/2022/foto.jpg", "symbolischer Link"]


def symlinked_system_file(content: Path, folder: Path) -> list[str]:
    (content / "bilder").mkdir()
    (content / "bilder" / "hostname.jpg").symlink_to("/etc/hostname")
    return ["content/bilder/hostname.jpg", "symbolischer Link"]


def symlinked_markdown_outside(content: Path, folder: Path) -> list[str]:
    outside = folder / "fremd.md"
    outside.write_text(release("fremde-meldung", body=SECRET), encoding="utf-8")
    link = content / "pressemitteilungen" / "2022" / "2022-03-01-fremde-meldung.md"
    link.symlink_to(outside)
    return ["content/pressemitteilungen/2022/2022-03-01-fremde-meldung.md", "symbolischer Link"]


def symlinked_folder_loop(content: Path, folder: Path) -> list[str]:
    (content / "bilder").mkdir()
    (content / "bilder" / "foto.jpg").write_bytes(photo_bytes())
    (content / "bilder" / "schleife").symlink_to(content / "bilder", target_is_directory=True)
    return ["content/bilder/schleife", "symbolischer Link"]


def image_path_traversal(content: Path, folder: Path) -> list[str]:
    (folder / "geheim.jpg").write_bytes(photo_bytes())
    header = PHOTO_HEADER.format(path="{static}/../geheim.jpg")
    write_release(content, release("angriff", header=header))
    return ["2022-03-01-angriff.md:8", "Feld „Image“", "aus dem Inhaltsordner heraus"]


def static_link_traversal(content: Path, folder: Path) -> list[str]:
    (folder / "geheim.txt").write_text(SECRET, encoding="utf-8")
    body = "Mehr im [Hintergrundpapier]({static}/../../geheim.txt)."
    write_release(content, release("angriff", body=body))
    return ["2022-03-01-angriff.md:10", "im Text", "aus dem Inhaltsordner heraus"]


def static_link_to_data(content: Path, folder: Path) -> list[str]:
    write_release(
        content, release("angriff", body="Alle [Kontakte]({static}/daten/kontakte.yaml).")
    )
    return ["2022-03-01-angriff.md:10", "daten/ werden nie veröffentlicht"]


def script_in_pictures(suffix: str) -> Callable[[Path, Path], list[str]]:
    def attack(content: Path, folder: Path) -> list[str]:
        (content / "bilder").mkdir()
        payload = f"<script>alert('{SECRET}')</script>"
        (content / "bilder" / f"boese{suffix}").write_text(payload, encoding="utf-8")
        return [f"content/bilder/boese{suffix}", f"Dateien vom Typ „{suffix}“"]

    return attack


def script_named_as_picture(content: Path, folder: Path) -> list[str]:
    (content / "bilder").mkdir()
    (content / "bilder" / "foto.png").write_text(f"<script>{SECRET}</script>", encoding="utf-8")
    return ["content/bilder/foto.png", "kein lesbares Bild"]


def decompression_bomb(content: Path, folder: Path) -> list[str]:
    (content / "bilder" / "2022").mkdir(parents=True)
    # 13,000 × 13,000 pixels, a few kilobytes on disk: one bit each, all the same.
    Image.new("1", (13_000, 13_000)).save(content / "bilder" / "2022" / "riesig.png")
    header = PHOTO_HEADER.format(path="{static}/bilder/2022/riesig.png")
    write_release(content, release("angriff", header=header))
    return ["2022-03-01-angriff.md:8", "Feld „Image“", "13000 × 13000 Pixel"]


def truncated_jpeg(content: Path, folder: Path) -> list[str]:
    (content / "bilder" / "2022").mkdir(parents=True)
    data = photo_bytes()
    (content / "bilder" / "2022" / "halb.jpg").write_bytes(data[: len(data) // 2])
    header = PHOTO_HEADER.format(path="{static}/bilder/2022/halb.jpg")
    write_release(content, release("angriff", header=header))
    return ["2022-03-01-angriff.md:8", "Feld „Image“", "beschädigt oder unvollständig"]


def oversized_source(content: Path, folder: Path) -> list[str]:
    body = "\n\n".join([f"Ein sehr langer Absatz {SECRET}. " * 20] * 2000)
    write_release(content, release("angriff", body=body))
    return ["content/pressemitteilungen/2022/2022-03-01-angriff.md", "höchstens 1,0 MB"]


def nesting_bomb(content: Path, folder: Path) -> list[str]:
    body = "> " * 50_000 + SECRET + "\n"
    write_release(content, release("angriff", body=body))
    return ["2022-03-01-angriff.md:10", "50000 Ebenen tief"]


def nested_list_bomb(content: Path, folder: Path) -> list[str]:
    body = "\n".join("    " * depth + f"- Punkt {depth}" for depth in range(40))
    write_release(content, release("angriff", body=body))
    return ["2022-03-01-angriff.md:22", "13 Ebenen tief"]


ATTACKS = {
    "symlink-datei": symlinked_file,
    "symlink-systemdatei": symlinked_system_file,
    "symlink-markdown": symlinked_markdown_outside,
    "symlink-ordnerschleife": symlinked_folder_loop,
    "image-pfad-hinaus": image_path_traversal,
    "static-pfad-hinaus": static_link_traversal,
    "static-daten": static_link_to_data,
    "skript-js": script_in_pictures(".js"),
    "skript-html": script_in_pictures(".html"),
    "skript-svg": script_in_pictures(".svg"),
    "daten-yaml": script_in_pictures(".yaml"),
    "skript-als-png": script_named_as_picture,
    "dekompressionsbombe": decompression_bomb,
    "jpeg-abgeschnitten": truncated_jpeg,
    "quelle-zu-gross": oversized_source,
    "verschachtelung-zitate": nesting_bomb,
    "verschachtelung-listen": nested_list_bomb,
}


@pytest.mark.parametrize("name", sorted(ATTACKS))
def test_attack_fails_check_and_build_and_leaves_the_output(name, tmp_path, previous_output):
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    expected = ATTACKS[name](content, tmp_path)

    checked = run_newsroom(
        "check", "--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)
    )
    assert checked.returncode == 1, checked.stdout + checked.stderr
    for part in expected:
        assert part in checked.stderr, checked.stderr
    assert "Interner Fehler" not in checked.stderr

    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = digests(output)
    built = build_into(content, output)
    assert built.returncode == 1, built.messages
    for part in expected:
        assert part in built.stderr, built.stderr
    assert "Interner Fehler" not in built.stderr
    assert digests(output) == before, "the previous output must stay as it was"
    for path in output.rglob("*"):
        if path.is_file():
            assert SECRET.encode() not in path.read_bytes(), path


def test_links_inside_content_and_pictures_still_build(build_site, tmp_path):
    """What the rules allow: a photo, a PDF and a link to another page, all in content/."""
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    (content / "bilder" / "2022").mkdir(parents=True)
    (content / "bilder" / "2022" / "ladesaeulen.jpg").write_bytes(photo_bytes())
    (content / "bilder" / "2022" / "plan.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
    # What file managers and git leave behind is hidden, never published, and no error.
    (content / "bilder" / "2022" / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (content / "bilder" / ".gitkeep").write_bytes(b"")
    header = PHOTO_HEADER.format(path="{static}/bilder/2022/ladesaeulen.jpg")
    body = (
        "Der [Lageplan]({static}/bilder/2022/plan.pdf) und das "
        "[Projekt]({filename}/projekte/norderstedtgo.md)."
    )
    write_release(content, release("ladesaeulen", header=header, body=body))
    built = build_site(content=content)
    assert built.ok, built.stderr
    files = built.files()
    assert "bilder/2022/plan.pdf" in files
    assert "bilder/2022/ladesaeulen.jpg" in files
    assert not any(name.startswith("daten/") or name.endswith(".yaml") for name in files)
    assert not any(part.startswith(".") for name in files for part in name.split("/"))


def test_embargoed_photo_is_withheld_even_when_a_public_release_has_one_of_the_same_name(
    build_site, tmp_path
):
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    for year in ("2022", "2027"):
        (content / "bilder" / year).mkdir(parents=True)
        (content / "bilder" / year / "foto.jpg").write_bytes(photo_bytes())
    public = PHOTO_HEADER.format(path="{static}/bilder/2022/foto.jpg")
    write_release(content, release("oeffentlich", header=public))
    embargoed = PHOTO_HEADER.format(path="{static}/bilder/2027/foto.jpg")
    (content / "pressemitteilungen" / "2027").mkdir()
    (content / "pressemitteilungen" / "2027" / "2027-01-10-geheim.md").write_text(
        release("sperrfrist-meldung", date="2027-01-10 10:00", header=embargoed), encoding="utf-8"
    )
    built = build_site(content=content)
    assert built.ok, built.stderr
    files = built.files()
    assert "bilder/2022/foto.jpg" in files
    assert not [name for name in files if name.startswith("bilder/2027/")]
    assert not [name for name in files if "sperrfrist-meldung" in name]


# --- Preview and deploy ----------------------------------------------------------------------


def preview(content: Path, output: Path) -> object:
    return run_newsroom(
        "build", "--preview", "--settings", str(ROOT / "pelicanconf.py"),
        "--content", str(content), "--output", str(output),
    )  # fmt: skip


def test_preview_refuses_the_production_output(tmp_path):
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    production = ROOT / "output"
    existed = production.exists()
    before = digests(production) if existed else None
    refused = preview(content, production)
    assert refused.returncode == 2
    assert "Die Vorschau darf nicht in den Ausgabeordner der Website" in refused.stderr
    assert production.exists() == existed
    if existed:
        assert digests(production) == before


def test_preview_refuses_a_folder_with_a_published_build(tmp_path, previous_output):
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = digests(output)
    refused = preview(content, output)
    assert refused.returncode == 2
    assert "keine Vorschau" in refused.stderr
    assert "`make clean`" in refused.stderr  # the way out for an old preview
    assert digests(output) == before


def test_deploy_refuses_a_preview_and_a_normal_build_carries_no_marker(tmp_path, previous_output):
    assert not (previous_output / ".newsroom-vorschau").exists()
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    output = tmp_path / "vorschau"
    built = preview(content, output)
    assert built.returncode == 0, built.stderr
    assert (output / ".newsroom-vorschau").is_file()
    target = tmp_path / "ziel"
    refused = run_newsroom("deploy", "--output", str(output), "--target", str(target))
    assert refused.returncode == 1
    assert "ist eine Vorschau mit Entwürfen und Sperrfristen" in refused.stderr
    assert not target.exists()


# --- Time limit ------------------------------------------------------------------------------


def test_a_build_over_its_time_limit_fails_and_leaves_the_output(tmp_path, previous_output):
    settings = tmp_path / "testconf.py"
    settings.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n"
        "LIMITS_BUILD_SECONDS = 0.001\n",
        encoding="utf-8",
    )
    output = tmp_path / "output"
    shutil.copytree(previous_output, output)
    before = digests(output)
    content = tmp_path / "content"
    shutil.copytree(BASIS, content)
    built = build_into(content, output, settings=str(settings))
    assert built.returncode == 1
    assert "länger als 0.001 Sekunden (LIMITS_BUILD_SECONDS)" in built.stderr
    assert digests(output) == before
    assert not list(tmp_path.glob(".output-neu-*")), "the half-built folder is removed"


def test_an_output_file_never_leads_out_of_the_output(tmp_path):
    from newsroom.core.files import output_file

    output = tmp_path / "ausgabe"
    output.mkdir()
    (tmp_path / "draussen").mkdir()
    (output / "link").symlink_to(tmp_path / "draussen")
    assert output_file(output, "pressemitteilungen/2022/a/pressemappe.zip") == (
        output / "pressemitteilungen/2022/a/pressemappe.zip"
    )
    assert (output / "pressemitteilungen/2022/a").is_dir()
    for hostile in ("../draussen/x.zip", "a/../../draussen/x.zip", "link/x.zip", "/etc/x"):
        with pytest.raises(ValueError, match="außerhalb der Ausgabe"):
            output_file(output, hostile)
    assert list((tmp_path / "draussen").iterdir()) == []
