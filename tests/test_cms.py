"""Editing in the browser (/admin/, the capability newsroom.cms): the generated configuration
agrees with the schema, the contact registry, the events and the topics; the admin page has its
own policy and stays out of sitemap, search and feeds; the Pelican format (JavaScript, run with
Node.js) writes back what it read, byte for byte, and keeps hostile values text.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import markdown
import pytest
import yaml
from conftest import BASIS, ROOT, SCENARIOS, lay_out_scenario, require_tool

from newsroom.cms import config as cms
from newsroom.core import checks, schema
from newsroom.events import model as events
from newsroom.tools import redaktion, vendor_cms

LOCAL = {"CMS_BACKEND": "local", "CMS_LOCAL_PORT": "8181"}
GITLAB = {
    "CMS_BACKEND": "gitlab",
    "CMS_GITLAB_URL": "https://gitlab.opencode.de",
    "CMS_GITLAB_PROJECT": "norderstedt/newsroom",
    "CMS_GITLAB_APP_ID": "abc123",
}
FORMAT = ROOT / "plugins" / "newsroom" / "cms" / "static" / "pelican-format.js"
KINDS = {
    "pressemitteilungen": schema.PRESS_RELEASE,
    "veranstaltungen": schema.EVENT,
    "projekte": schema.PAGE,
}


@pytest.fixture(scope="module")
def hostile(tmp_path_factory):
    """Quotes, colons, # and Bürger*innen in names, roles and topics; local mode."""
    from conftest import build_into, lay_out_scenario

    folder = tmp_path_factory.mktemp("cms")
    content = lay_out_scenario("cms-feindliche-werte", folder / "content")
    build = build_into(content, folder / "output", env=LOCAL)
    assert build.ok, build.stderr
    return build


def generated_config(build) -> dict:
    return yaml.safe_load((build.output / "admin" / "config.yml").read_text(encoding="utf-8"))


def collection(config: dict, name: str) -> dict:
    return next(each for each in config["collections"] if each["name"] == name)


def flat_fields(fields: list[dict]) -> list[dict]:
    """The fields of a collection with the photo group opened up, without the body."""
    result = []
    for field in fields:
        if field["name"] == cms.BODY:
            continue
        result += field["fields"] if field["widget"] == "list" else [field]
    return result


def registry_ids(path: Path, section: str) -> list[str]:
    return [entry["id"] for entry in yaml.safe_load(path.read_text(encoding="utf-8"))[section]]


def disagreements(config: dict) -> list[str]:
    """Every place where the configuration says something else than the schema."""
    found = []
    for name, kind in KINDS.items():
        fields = flat_fields(collection(config, name)["fields"])
        expected = [spec.name.lower() for spec in schema.FIELDS[kind]]
        if [field["name"] for field in fields] != expected:
            found.append(f"{name}: Felder {[f['name'] for f in fields]} statt {expected}")
        by_name = {field["name"]: field for field in fields}
        for spec in schema.FIELDS[kind]:
            field = by_name.get(spec.name.lower())
            if field is None:
                continue
            required = spec.required or spec.name in cms.PHOTO_REQUIRED
            if field["required"] != required:
                found.append(f"{name}.{field['name']}: required {field['required']}")
    return found


def test_generated_config_agrees_with_the_schema(hostile):
    assert disagreements(generated_config(hostile)) == []


def test_a_schema_field_the_config_lacks_is_found(hostile, monkeypatch):
    """The comparison can fail: one more field in the schema is a disagreement, and a field
    without a widget stops the generation."""
    config = generated_config(hostile)
    extra = schema.FieldSpec("Subtitle", True, "Text", "Unterzeile")
    monkeypatch.setitem(
        schema.FIELDS, schema.PRESS_RELEASE, (*schema.FIELDS[schema.PRESS_RELEASE], extra)
    )
    assert any("Felder" in problem for problem in disagreements(config))
    with pytest.raises(KeyError, match="Subtitle"):
        cms.fields(schema.PRESS_RELEASE, {"topics": [], "people": [], "organisations": []})


def test_required_fields_and_widgets_refuse_what_the_check_refuses(hostile):
    releases = {
        f["name"]: f
        for f in flat_fields(collection(generated_config(hostile), "pressemitteilungen")["fields"])
    }
    assert releases["slug"]["pattern"][0] == schema.SLUG_RE.pattern
    assert releases["date"]["widget"] == "datetime"
    assert releases["date"]["format"] == "YYYY-MM-DD HH:mm"
    statuses = [option["value"] for option in releases["status"]["options"]]
    assert statuses == list(checks.STATUS_VALUES[schema.PRESS_RELEASE])
    assert releases["status"]["default"] == "draft"
    assert releases["events"]["widget"] == "relation"
    assert releases["events"]["collection"] == "veranstaltungen"
    assert releases["events"]["value_field"] == "slug"
    for name in ("image", "image-alt", "image-credit", "image-license"):
        assert releases[name]["required"] is True
    body = collection(generated_config(hostile), "pressemitteilungen")["fields"][-1]
    assert body["name"] == "body" and body["required"] is True
    event_fields = {
        f["name"]: f
        for f in flat_fields(collection(generated_config(hostile), "veranstaltungen")["fields"])
    }
    assert [o["value"] for o in event_fields["status"]["options"]] == list(events.STATUSES)


def test_selects_offer_the_registry_and_the_topics(hostile):
    config = generated_config(hostile)
    registry = hostile.content / "daten" / "kontakte.yaml"
    releases = {
        f["name"]: f for f in flat_fields(collection(config, "pressemitteilungen")["fields"])
    }
    assert [o["value"] for o in releases["contacts"]["options"]] == registry_ids(
        registry, "personen"
    )
    organizers = {
        f["name"]: f for f in flat_fields(collection(config, "veranstaltungen")["fields"])
    }
    assert [o["value"] for o in organizers["organizer"]["options"]] == registry_ids(
        registry, "organisationen"
    )
    topics = [o["value"] for o in releases["tags"]["options"]]
    assert {"Smart City", "Wirtschaft", "Bürger*innen", '"Mobilität": neu', "Ja: nein #1"} <= set(
        topics
    )


def test_hostile_values_stay_text_in_the_yaml(hostile):
    """Quotes, colons, # and braces come back from the YAML exactly as the registry has them."""
    config = generated_config(hostile)
    releases = {
        f["name"]: f for f in flat_fields(collection(config, "pressemitteilungen")["fields"])
    }
    labels = [o["label"] for o in releases["contacts"]["options"]]
    assert 'Eva "Evi" O’Brien: Bürger*innen # 1 (Stadt Norderstedt)' in labels


def test_paths_follow_the_scaffold_naming(hostile):
    config = generated_config(hostile)
    releases = collection(config, "pressemitteilungen")
    assert releases["folder"] == "content/pressemitteilungen"
    assert releases["path"] == "{{year}}/{{slug}}"
    assert releases["slug"] == "{{year}}-{{month}}-{{day}}-{{fields.slug}}"
    assert releases["format"] == "pelican"
    assert releases["media_folder"] == "/content/bilder/{{year}}"
    assert collection(config, "veranstaltungen")["folder"] == "content/veranstaltungen"
    assert collection(config, "projekte")["folder"] == "content/projekte"


def test_local_mode_talks_to_127_0_0_1_only(hostile):
    page = hostile.html("/admin/")
    policy = page.find("meta", attrs={"http-equiv": "Content-Security-Policy"})["content"]
    hosts = set(re.findall(r"https?://[^\s;]+", policy))
    assert hosts == {"http://127.0.0.1:8181"}
    assert "connect-src 'self' blob: http://127.0.0.1:8181;" in policy
    assert page.find("meta", attrs={"name": "robots"})["content"] == "noindex, nofollow"
    assert generated_config(hostile)["backend"] == {
        "name": "proxy",
        "proxy_url": "http://127.0.0.1:8181/api/v1",
        "branch": "main",
    }
    assert page.find(attrs={"data-pagefind-body": True}) is None
    scripts = [tag["src"] for tag in page.find_all("script", src=True)]
    assert all("//" not in src for src in scripts), scripts


def test_gitlab_mode_in_production_stays_out_of_sitemap_and_feeds(build_site):
    build = build_site(
        settings="publishconf.py", env={**GITLAB, "SITEURL": "https://presse.example"}
    )
    assert build.ok, build.stderr
    policy = build.html("/admin/").find("meta", attrs={"http-equiv": "Content-Security-Policy"})
    hosts = set(re.findall(r"https?://[^\s;]+", policy["content"]))
    assert hosts == {"https://gitlab.opencode.de"}
    backend = generated_config(build)["backend"]
    assert backend["name"] == "gitlab" and backend["auth_type"] == "pkce"
    assert backend["repo"] == "norderstedt/newsroom" and backend["app_id"] == "abc123"
    assert backend["api_root"] == "https://gitlab.opencode.de/api/v4"
    assert generated_config(build)["publish_mode"] == "editorial_workflow"
    sitemap = build.text("/sitemap.xml")
    assert "/pressemitteilungen/" in sitemap and "admin" not in sitemap
    for feed in (build.output / "feeds").rglob("*.xml"):
        assert "/admin/" not in feed.read_text(encoding="utf-8")


def test_no_admin_without_a_backend(build_site):
    build = build_site()
    assert build.ok, build.stderr
    assert not (build.output / "admin").exists()


@pytest.mark.parametrize(
    ("env", "settings", "expected"),
    [
        ({"CMS_BACKEND": "gitlab", "CI_PROJECT_PATH": ""}, "pelicanconf.py", "PROJECT fehlt"),
        ({**GITLAB, "CMS_GITLAB_URL": "http://gitlab.intern"}, "pelicanconf.py", "CMS_GITLAB_URL"),
        ({"CMS_BACKEND": "github"}, "pelicanconf.py", "„github“ gibt es nicht"),
        (LOCAL, "publishconf.py", "nie in einen Produktions-Build"),
    ],
)
def test_wrong_settings_fail_the_build_in_german(build_site, env, settings, expected):
    build = build_site(settings=settings, env=env)
    assert not build.ok
    assert expected in build.messages


def test_vendored_bundle_is_the_pinned_version():
    """plugins/newsroom/cms/static/decap/ is what `make vendor-cms` makes of package.json's
    versions: nothing changed by hand, nothing loaded from elsewhere."""
    folder = vendor_cms.TARGET
    origin = json.loads((folder / vendor_cms.ORIGIN).read_text(encoding="utf-8"))
    pinned = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))["devDependencies"]
    for name in ("decap-cms", "decap-cms-locales"):
        assert origin["packages"][name] == pinned[name]
        assert re.fullmatch(r"\d+\.\d+\.\d+", pinned[name]), "exakt festgelegt"
    assert re.fullmatch(r"\d+\.\d+\.\d+", pinned["decap-server"])
    files = sorted(p.name for p in folder.iterdir() if p.name != vendor_cms.ORIGIN)
    assert files == sorted(origin["files"])
    for name, digest in origin["files"].items():
        assert vendor_cms.sha256(folder / name) == digest, name
    bundle = (folder / vendor_cms.BUNDLE).read_text(encoding="utf-8")
    assert "unpkg.com" not in bundle.split("sourceMappingURL")[0][-2000:]


LOCALES = ROOT / "node_modules" / "decap-cms-locales" / "dist" / "esm"
SUPPLEMENT = ROOT / "plugins" / "newsroom" / "cms" / "static" / "locale-de-ergaenzung.js"


def run_node_module(script: str) -> object:
    node = shutil.which("node")
    require_tool(node is not None, "node (Node.js, npm ci)")
    done = subprocess.run(
        [node, "--no-warnings", "--input-type=module", "-e", script],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


def test_every_string_of_the_interface_is_german(hostile):
    """What decap-cms-locales lacks in German is supplied; nothing it has is replaced; the
    placeholders are those of the English string; the built /admin/ registers the supplement."""
    require_tool((LOCALES / "en" / "index.js").is_file(), "decap-cms-locales (npm ci)")
    english, german, supplement, complete = run_node_module(
        f"import en from {json.dumps((LOCALES / 'en' / 'index.js').as_uri())};\n"
        f"import de from {json.dumps((vendor_cms.TARGET / vendor_cms.LOCALE).as_uri())};\n"
        f"import {{ supplement, completeGermanStrings }} from {json.dumps(SUPPLEMENT.as_uri())};\n"
        "process.stdout.write(JSON.stringify([en, de, supplement, completeGermanStrings(de)]));\n"
    )

    def leaves(tree: dict, prefix: str = "") -> dict[str, str]:
        found = {}
        for key, value in tree.items():
            if isinstance(value, dict):
                found.update(leaves(value, f"{prefix}{key}."))
            else:
                found[f"{prefix}{key}"] = value
        return found

    english, german = leaves(english), leaves(german)
    supplement, complete = leaves(supplement), leaves(complete)
    missing = sorted(set(english) - set(german))
    assert missing, "the package has every string now: the supplement can go"
    assert sorted(set(english) - set(complete)) == []
    assert sorted(supplement) == missing  # neither a key the package has nor one Decap lacks
    for key, value in german.items():
        assert complete[key] == value, key
    for key, value in supplement.items():
        assert re.findall(r"%\{\w+\}", value) == re.findall(r"%\{\w+\}", english[key]), key
        assert value != english[key], key
    admin = hostile.output / "admin"
    assert (admin / "locale-de-ergaenzung.js").read_bytes() == SUPPLEMENT.read_bytes()
    assert "completeGermanStrings(de)" in (admin / "admin.js").read_text(encoding="utf-8")


# --- The Pelican format, run by Node.js ------------------------------------------------------


def run_format(description: dict, steps: list[dict]) -> list:
    """Each step: {"read": text} → data, {"write": data, "keys": [...]} → text,
    {"roundtrip": text, "keys": [...], "change": {...}} → text after reading, changing, writing."""
    node = shutil.which("node")
    require_tool(node is not None, "node (Node.js, npm ci)")
    script = (
        f"import {{ createPelicanFormat }} from {json.dumps(FORMAT.as_uri())};\n"
        "const chunks = []; for await (const c of process.stdin) chunks.push(c);\n"
        "const { description, steps } = JSON.parse(Buffer.concat(chunks).toString('utf8'));\n"
        "const format = createPelicanFormat(description);\n"
        "const out = steps.map((step) => {\n"
        "  if ('read' in step) return format.fromFile(step.read);\n"
        "  if ('write' in step) return format.toFile(step.write, step.keys);\n"
        "  const data = format.fromFile(step.roundtrip);\n"
        "  Object.assign(data, step.change || {});\n"
        "  return format.toFile(data, step.keys);\n"
        "});\n"
        "process.stdout.write(JSON.stringify(out));\n"
    )
    done = subprocess.run(
        [
            node,
            "--no-warnings",
            "--experimental-detect-module",
            "--input-type=module",
            "-e",
            script,
        ],
        input=json.dumps({"description": description, "steps": steps}),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout)


@pytest.fixture(scope="module")
def description(hostile) -> dict:
    return json.loads(hostile.html("/admin/").find(id="cms-format").string)


def field_order(config: dict, name: str) -> list[str]:
    return [field["name"] for field in collection(config, name)["fields"]]


def every_markdown_file() -> dict[Path, str]:
    """content/ and the scenarios; a file that is not UTF-8 the CMS cannot open at all."""
    texts = {}
    for root in (ROOT / "content", SCENARIOS):
        for path in sorted(root.rglob("*.md")):
            try:
                texts[path] = path.read_bytes().decode("utf-8")
            except UnicodeDecodeError:
                continue
    return texts


def test_every_hand_written_file_is_written_back_byte_for_byte(description, hostile):
    """Read and written unchanged: every Markdown file of content/ and of the test scenarios,
    hand-written ones with comments, continuation lines and odd spacing included."""
    keys = field_order(generated_config(hostile), "pressemitteilungen")
    found = every_markdown_file()
    files, texts = list(found), list(found.values())
    written = run_format(description, [{"roundtrip": text, "keys": keys} for text in texts])
    changed = [
        str(path.relative_to(ROOT))
        for path, a, b in zip(files, texts, written, strict=True)
        if a != b
    ]
    assert changed == []
    assert len(files) > 50


def test_a_changed_field_changes_only_its_line(description, hostile):
    keys = field_order(generated_config(hostile), "pressemitteilungen")
    seed = next((BASIS / "pressemitteilungen" / "2022").glob("*.md")).read_text(encoding="utf-8")
    [written] = run_format(
        description, [{"roundtrip": seed, "keys": keys, "change": {"title": "Neuer Titel"}}]
    )
    old, new = seed.splitlines(), written.splitlines()
    assert len(old) == len(new)
    assert [i for i, (a, b) in enumerate(zip(old, new, strict=True)) if a != b] == [0]
    assert new[0] == "Title: Neuer Titel"


def test_lists_keep_their_spelling_until_they_change(description, hostile):
    keys = field_order(generated_config(hostile), "pressemitteilungen")
    text = "Title: T\nDate: 2022-01-01\nTags: a,b ,  c\nContacts: x,y\n\nText\n"
    read, same, changed = run_format(
        description,
        [
            {"read": text},
            {"roundtrip": text, "keys": keys},
            {"roundtrip": text, "keys": keys, "change": {"contacts": ["x", "y", "z"]}},
        ],
    )
    assert read["tags"] == ["a", "b", "c"] and read["contacts"] == ["x", "y"]
    assert same == text
    assert "Tags: a,b ,  c\nContacts: x, y, z\n" in changed


def test_a_new_entry_is_written_in_schema_order_with_the_photo(description, hostile):
    keys = field_order(generated_config(hostile), "pressemitteilungen")
    data = {
        "body": "Der Text.",
        "status": "draft",
        "pressefoto": [
            {
                "image": "{static}/bilder/2026/foto.jpg",
                "image-alt": "Saal",
                "image-credit": "Foto: Stadt",
                "image-license": "honorarfrei für die Berichterstattung über die Konferenz",
            }
        ],
        "contacts": ["mirjam-bantle", "keno-kramer"],
        "title": "Titel",
        "date": "2026-12-01 10:00",
        "slug": "titel",
        "summary": "Vorspann.",
        "location": "Norderstedt",
        "tags": [],
        "modified": "",
    }
    [written] = run_format(description, [{"write": data, "keys": keys}])
    assert written == (
        "Title: Titel\nDate: 2026-12-01 10:00\nSlug: titel\nSummary: Vorspann.\n"
        "Location: Norderstedt\nContacts: mirjam-bantle, keno-kramer\n"
        "Image: {static}/bilder/2026/foto.jpg\nImage-Alt: Saal\nImage-Credit: Foto: Stadt\n"
        "Image-License: honorarfrei für die Berichterstattung über die Konferenz\n"
        "Status: draft\n\nDer Text.\n"
    )


HOSTILE_VALUES = [
    'Bürger*innen fragen: "Was kostet\'s?" <script>alert(1)</script>',
    "Bürger:innen & BürgerInnen – „Zitat“ {{ fields.title }} {static}/x",
    "Zeile eins\nStatus: published\r\nZeile drei",
    "   Leerzeichen   ",
]


@pytest.mark.parametrize("value", HOSTILE_VALUES)
def test_hostile_values_round_trip_as_text_and_never_add_a_header(description, hostile, value):
    """What the format writes, Python-Markdown's meta reader (Pelican's) reads back as the same
    text; a line break in a field never starts a header of its own."""
    keys = field_order(generated_config(hostile), "pressemitteilungen")
    data = {"title": value, "summary": value, "date": "2026-12-01", "slug": "s", "body": "Text"}
    data |= {"location": "Norderstedt", "status": "draft", "tags": [value.replace(",", "")]}
    [written] = run_format(description, [{"write": data, "keys": keys}])
    head = written.split("\n\n", 1)[0].splitlines()
    assert [line.split(":", 1)[0] for line in head] == [
        "Title",
        "Date",
        "Slug",
        "Summary",
        "Location",
        "Tags",
        "Status",
    ]
    reader = markdown.Markdown(extensions=["meta"])
    reader.convert(written)
    expected = " ".join(value.split())
    assert reader.Meta["title"] == [expected]
    assert reader.Meta["summary"] == [expected]
    assert reader.Meta["status"] == ["draft"]
    [again] = run_format(description, [{"read": written}])
    assert again["title"] == expected


# --- make redaktion --------------------------------------------------------------------------

DECAP_SERVER = ROOT / "node_modules" / "decap-server" / "dist" / "index.js"


def test_redaktion_refuses_a_public_address(capsys):
    assert redaktion.main(["--host", "0.0.0.0"]) == 2
    assert "nur hier. Nehmen Sie HOST=127.0.0.1" in capsys.readouterr().err


def test_redaktion_binds_decap_server_to_loopback(tmp_path):
    env = redaktion.server_environment(tmp_path, "127.0.0.1", 8181)
    assert env["BIND_HOST"] == "127.0.0.1" and env["PORT"] == "8181"
    assert env["GIT_REPO_DIRECTORY"] == str(tmp_path) and env["MODE"] == "fs"
    missing = redaktion.decap_server_command(tmp_path)  # no node_modules in tmp_path
    assert isinstance(missing, str) and missing.startswith("Fehler: ")
    assert "make test-tools" in missing or "apt-get install nodejs" in missing


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_until(check, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if check():
            return
        time.sleep(0.2)
    raise AssertionError("nicht rechtzeitig bereit")


def post(url: str, payload: dict) -> bytes:
    request = urllib.request.Request(
        url, data=json.dumps(payload).encode(), headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=5) as response:
        return response.read()


def answers(url: str, payload: dict | None = None) -> bool:
    try:
        if payload is not None:
            post(url, payload)
        else:
            urllib.request.urlopen(url, timeout=2).close()
        return True
    except OSError:
        return False


def test_make_redaktion_serves_cms_and_preview_on_127_0_0_1(tmp_path):
    """The command starts decap-server on the working tree and the preview beside it; both
    answer on 127.0.0.1, the CMS is configured for that server, and it prints both addresses."""
    require_tool(
        shutil.which("node") is not None and DECAP_SERVER.is_file(), "decap-server (npm ci)"
    )
    (tmp_path / "node_modules").symlink_to(ROOT / "node_modules")
    content = lay_out_scenario(None, tmp_path / "content")
    port, cms_port = free_port(), free_port()
    command = [sys.executable, "-m", "newsroom.tools.redaktion", "--root", str(tmp_path)]
    command += ["--settings", str(ROOT / "pelicanconf.py"), "--content", str(content)]
    command += ["--port", str(port), "--cms-port", str(cms_port)]
    process = subprocess.Popen(
        command,
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    admin = f"http://127.0.0.1:{port}/admin/config.yml"
    api = f"http://127.0.0.1:{cms_port}/api/v1"
    try:
        wait_until(lambda: answers(admin), 180)
        wait_until(lambda: answers(api, {"action": "info"}), 60)
        with urllib.request.urlopen(admin) as response:
            config = yaml.safe_load(response.read())
        assert config["backend"]["proxy_url"] == api
        # A save rebuilds the preview; its live reload must not reload the CMS page itself.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/admin/") as response:
            assert b"livereload.js" not in response.read()
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/") as response:
            assert b"livereload.js" in response.read()
        params = {"branch": "main", "folder": "content/pressemitteilungen"}
        params |= {"extension": "md", "depth": 2}
        entries = json.loads(post(api, {"action": "entriesByFolder", "params": params}))
        assert [entry["file"]["path"] for entry in entries] == [
            "content/pressemitteilungen/2022/"
            "2022-01-13-unternehmen-loten-chancen-der-smart-city-aus.md"
        ]
    finally:
        os.killpg(process.pid, signal.SIGINT)
        output, _ = process.communicate(timeout=30)
    assert f"Redaktion im Browser: http://127.0.0.1:{port}/admin/" in output
    assert f"Vorschau der Website:  http://127.0.0.1:{port}/" in output
