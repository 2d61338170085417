"""The capability registry: the core finds each plugin's settings, checks and reserved
addresses through PLUGINS, and warns about a setting of a known prefix that nothing reads."""

from __future__ import annotations

import runpy
from pathlib import Path

from conftest import ROOT, lay_out_scenario, run_newsroom

from newsroom.core.capability import capabilities
from newsroom.core.settings import capability_settings, unknown_settings

# The plugins as the site lists them.
PLUGINS = runpy.run_path(str(ROOT / "pelicanconf.py"))["PLUGINS"]


def settings_over_pelicanconf(path: Path, lines: str) -> Path:
    """A settings file: the development settings, then ``lines``."""
    path.write_text(
        f"import sys\nsys.path.insert(0, {str(ROOT)!r})\nfrom pelicanconf import *\n{lines}",
        encoding="utf-8",
    )
    return path


def checked(settings: Path, content: Path):
    """``newsroom check`` with these settings and content: the run and its output in one line."""
    done = run_newsroom("check", "--settings", str(settings), "--content", str(content))
    return done, " ".join((done.stdout + done.stderr).split())


def test_the_capabilities_come_from_plugins_in_their_order():
    names = [capability.name for capability in capabilities({"PLUGINS": PLUGINS})]
    assert names == [
        "typography",
        "editorial",
        "seo",
        "search",
        "contacts",
        "events",
        "delivery",
        "photos",
        "speed",
        "updates",
        "imagerights",
        "presskit",
        "related",
        "partnerfeeds",
        "cms",
    ]
    others = {"PLUGINS": ["newsroom.contacts", "pelican.plugins.fremd", "newsroom.events"]}
    assert [capability.name for capability in capabilities(others)] == ["contacts", "events"]


def test_defaults_belong_to_the_listed_capabilities():
    listed = capability_settings({"PLUGINS": PLUGINS}, "CONTACTS")
    assert listed["url"] == "pressekontakte/"
    assert (
        capability_settings({"PLUGINS": PLUGINS, "CONTACTS_URL": "kontakt/"}, "CONTACTS")["url"]
        == "kontakt/"
    )
    # Without the contacts plugin: only what the settings say, no defaults.
    assert capability_settings({"PLUGINS": ["newsroom.events"]}, "CONTACTS") == {}
    # The core's own prefixes need no plugin.
    assert capability_settings({}, "LIMITS")["nesting_depth"] == 12


def test_unknown_settings_of_a_known_prefix_are_found():
    settings = {
        "PLUGINS": PLUGINS,
        "CONTACTS_REGISTRI": "daten/kontakte.yaml",
        "PAGE_META_HOME_NAME": "Start",
        "SECURITY_CSP_META": "derived by the build",
        "SUCHE_URL": "suche/",
    }
    unknown = unknown_settings(settings)
    assert list(unknown) == ["CONTACTS_REGISTRI"]
    assert "CONTACTS_REGISTRY" in unknown["CONTACTS_REGISTRI"]
    # A prefix whose plugin is not listed is unknown as a whole, not checked.
    assert unknown_settings({"PLUGINS": [], "CONTACTS_REGISTRI": "x"}) == {}


def test_the_check_warns_about_a_mistyped_setting(tmp_path):
    content = lay_out_scenario(None, tmp_path / "inhalt")
    settings = settings_over_pelicanconf(tmp_path / "tippfehler.py", "EVENTS_ON_STARTPAGE = 5\n")
    done, shown = checked(settings, content)
    assert done.returncode == 0, shown
    assert "EVENTS_ON_STARTPAGE" in shown
    assert "ist keine bekannte Einstellung" in shown
    assert "EVENTS_ON_START_PAGE" in shown


def test_the_sanitizer_check_works_without_the_speed_plugin(tmp_path):
    """Without the plugin that reads Markdown its own way, the check renders with Markdown as
    configured and finds the same markup."""
    content = lay_out_scenario("sicherheit-rohes-html", tmp_path / "inhalt")
    settings = settings_over_pelicanconf(
        tmp_path / "ohne_speed.py",
        "PLUGINS = [name for name in PLUGINS if name != 'newsroom.speed']\n",
    )
    with_speed = run_newsroom("check", "--settings", "pelicanconf.py", "--content", str(content))
    without = run_newsroom("check", "--settings", str(settings), "--content", str(content))
    assert with_speed.returncode != 0
    assert without.returncode == with_speed.returncode
    assert without.stdout + without.stderr == with_speed.stdout + with_speed.stderr


def test_the_post_build_steps_run_in_one_order():
    """Sitemap → search indexes → hashed names → compression: each step reads
    what the steps before it wrote (the sitemap the pages, compression everything)."""
    from newsroom.core.pipeline import post_build_steps

    steps = post_build_steps({"PLUGINS": PLUGINS})
    assert [(step.order, step.run.__qualname__) for step in steps] == [
        (10, "newsroom.seo.sitemap.write_sitemap"),
        (20, "newsroom.search.index.index_output"),
        (40, "newsroom.delivery.assets.hash_names"),
        (50, "newsroom.delivery.assets.compress"),
    ]
    # The order is the steps' numbers, not the order of PLUGINS.
    backwards = post_build_steps({"PLUGINS": list(reversed(PLUGINS))})
    assert [step.order for step in backwards] == [10, 20, 40, 50]


def test_only_the_core_receives_finalized():
    """One receiver runs the pipeline; no plugin connects a post-build step of its own."""
    folder = ROOT / "plugins" / "newsroom"
    connecting = sorted(
        path.parent.name
        for path in folder.glob("*/__init__.py")
        if "signals.finalized" in path.read_text(encoding="utf-8")
    )
    assert connecting == ["core"]


def test_a_site_without_the_events_plugin_links_no_event_section(build_site, tmp_path):
    """Each capability contributes its own ``site_urls``: without the events plugin the site
    builds, no event page or calendar is written and no page links one."""
    settings = settings_over_pelicanconf(
        tmp_path / "ohne_veranstaltungen.py",
        "PLUGINS = [name for name in PLUGINS if name != 'newsroom.events']\n",
    )
    build = build_site(settings=str(settings))
    assert build.ok, build.stderr
    assert not [name for name in build.files() if name.startswith("veranstaltungen")]
    for url in ("", "suche/", "pressemitteilungen/"):
        page = build.html(url)
        hrefs = [a["href"] for a in page.find_all("a", href=True)]
        assert not [href for href in hrefs if "veranstaltungen" in href], url
        assert "Veranstaltungen" not in page.select_one(".site-nav").get_text(), url
        assert page.select_one("#termine") is None, url
        # The other sections are still linked.
        assert any(href.endswith("/projekte/") for href in hrefs), url


def test_the_section_addresses_come_from_the_listed_plugins():
    from newsroom.core.capability import contributed_site_urls

    assert contributed_site_urls({"PLUGINS": PLUGINS}) == {
        "contacts": "pressekontakte/",
        "events": "veranstaltungen/",
        "events_calendar": "veranstaltungen.ics",
    }
    without = [name for name in PLUGINS if name != "newsroom.events"]
    assert contributed_site_urls({"PLUGINS": without}) == {"contacts": "pressekontakte/"}
    moved = {"PLUGINS": PLUGINS, "EVENTS_INDEX_URL": "termine/"}
    assert contributed_site_urls(moved)["events"] == "termine/"


def test_a_plugin_without_the_plugin_it_reads_stops_with_a_clear_error(tmp_path):
    """Events, the partner feeds and the CMS read the contact registry: without the contacts
    plugin (or with it listed after them) the check names each plugin and what to do, and
    nothing is built."""
    from newsroom.core.capability import missing_requirements

    assert missing_requirements({"PLUGINS": PLUGINS}) == []
    without = [name for name in PLUGINS if name != "newsroom.contacts"]
    assert missing_requirements({"PLUGINS": without}) == [
        ("events", "contacts"),
        ("partnerfeeds", "contacts"),
        ("cms", "contacts"),
    ]
    late = [*without, "newsroom.contacts"]
    assert ("events", "contacts") in missing_requirements({"PLUGINS": late})

    content = lay_out_scenario(None, tmp_path / "inhalt")
    settings = settings_over_pelicanconf(
        tmp_path / "ohne_kontakte.py",
        "PLUGINS = [name for name in PLUGINS if name != 'newsroom.contacts']\n",
    )
    done, shown = checked(settings, content)
    assert done.returncode != 0, shown
    assert "„newsroom.events“ braucht „newsroom.contacts“" in shown
    assert "„newsroom.partnerfeeds“ braucht „newsroom.contacts“" in shown
    assert "„newsroom.cms“ braucht „newsroom.contacts“" in shown
    assert "PLUGINS" in shown
    assert "Traceback" not in shown and "KeyError" not in shown
