"""The plugin's import structure: no import cycle, and the core imports no capability.

Every module under ``plugins/newsroom/`` is parsed with ``ast`` (nothing is imported); every
import counts, also those inside functions and under ``if TYPE_CHECKING:``, since a deferred
import hides a cycle without removing it.
"""

from __future__ import annotations

import ast
import json
import re
import subprocess
import sys
from pathlib import Path

from tests.conftest import ROOT

PACKAGE = "newsroom"
PACKAGE_FOLDER = ROOT / "plugins" / PACKAGE
CORE = f"{PACKAGE}.core"
TOOLS = f"{PACKAGE}.tools"


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE_FOLDER.parent).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in sorted(PACKAGE_FOLDER.rglob("*.py"))}


def is_package(name: str, known: dict[str, Path]) -> bool:
    return known.get(name, Path()).name == "__init__.py"


def imported_names(name: str, path: Path, known: dict[str, Path]) -> set[str]:
    """The modules of the package that ``name`` imports anywhere in its file."""
    own_package = name if is_package(name, known) else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), filename=str(path))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = own_package.split(".")
                base = base[: len(base) - (node.level - 1)]
                start = ".".join([*base, node.module] if node.module else base)
            else:
                start = node.module or ""
            # `from . import events` imports a module; `from .x import name` an attribute of x.
            submodules = {f"{start}.{alias.name}" for alias in node.names} & known.keys()
            found.update(submodules if len(submodules) == len(node.names) else {start})
            found.update(submodules)
    return {target for target in found if target in known and target != name}


def import_graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported_names(name, path, known) for name, path in known.items()}


def strongly_connected(graph: dict[str, set[str]]) -> list[frozenset[str]]:
    """Tarjan's algorithm; components of more than one module are cycles."""
    index: dict[str, int] = {}
    lowlink: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    components: list[frozenset[str]] = []

    def visit(node: str) -> None:
        index[node] = lowlink[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                lowlink[node] = min(lowlink[node], lowlink[target])
            elif target in on_stack:
                lowlink[node] = min(lowlink[node], index[target])
        if lowlink[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.add(member)
                if member == node:
                    break
            components.append(frozenset(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [component for component in components if len(component) > 1]


def test_the_graph_sees_every_kind_of_import(tmp_path, monkeypatch):
    """Relative, absolute, deferred and TYPE_CHECKING imports all make an edge."""
    package = tmp_path / "plugins" / PACKAGE
    (package / "core").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "core" / "__init__.py").write_text("from . import report\n")
    (package / "core" / "report.py").write_text(
        "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from ..events import Event\n"
    )
    (package / "events.py").write_text(
        "import json\ndef later():\n    from newsroom.core.report import Report\n"
    )
    (package / "contacts.py").write_text("from .core import report\n")
    monkeypatch.setattr(f"{__name__}.PACKAGE_FOLDER", package)
    graph = import_graph()
    assert graph == {
        "newsroom": set(),
        "newsroom.core": {"newsroom.core.report"},
        "newsroom.core.report": {"newsroom.events"},
        "newsroom.events": {"newsroom.core.report"},
        "newsroom.contacts": {"newsroom.core.report"},
    }
    assert strongly_connected(graph) == [frozenset({"newsroom.core.report", "newsroom.events"})]


def test_no_import_cycle():
    graph = import_graph()
    assert len(graph) > 10, "the plugin's modules were not found"
    cycles = [sorted(cycle) for cycle in strongly_connected(graph)]
    assert not cycles, f"import cycle(s): {cycles}"


def test_the_core_imports_no_capability_and_no_tool():
    graph = import_graph()
    core = [name for name in graph if name == CORE or name.startswith(f"{CORE}.")]
    assert core, "the core package was not found"
    outside = {
        name: sorted(
            target
            for target in targets
            if target != PACKAGE and not (target == CORE or target.startswith(f"{CORE}."))
        )
        for name, targets in graph.items()
        if name in core
    }
    assert not {name: targets for name, targets in outside.items() if targets}


def test_no_plugin_imports_the_tools():
    graph = import_graph()
    offenders = {
        name: sorted(target for target in targets if target.startswith(TOOLS))
        for name, targets in graph.items()
        if not name.startswith(TOOLS) and name not in {PACKAGE, f"{PACKAGE}.__main__"}
    }
    assert not {name: targets for name, targets in offenders.items() if targets}


# What a command may import of the capability plugins (the core's rules suffice for all).
TOOLS_USE: dict[str, set[str]] = {}


def test_the_tools_import_only_the_plugins_they_need():
    graph = import_graph()
    used = {
        name: {
            target
            for target in targets
            if target.startswith(f"{PACKAGE}.")
            and not target.startswith((f"{TOOLS}.", f"{CORE}."))
            and target not in {TOOLS, CORE}
        }
        for name, targets in graph.items()
        if name.startswith(f"{TOOLS}.")
    }
    assert {name: targets for name, targets in used.items() if targets} == TOOLS_USE


README_SECTIONS = ["Settings", "Signals", "For templates"]


def capability_packages() -> list[Path]:
    return sorted(
        path.parent
        for path in PACKAGE_FOLDER.glob("*/__init__.py")
        if path.parent.name not in {"core", "tools"}
    )


def plugin_settings() -> dict:
    namespace: dict = {}
    exec((ROOT / "pelicanconf.py").read_text(encoding="utf-8"), namespace)
    return namespace


def test_each_capability_is_a_plugin_with_a_readme_and_listed():
    """One Pelican plugin per capability: ``register()`` in its ``__init__.py``, a README, and
    an entry in PLUGINS; the core is a plugin too."""
    packages = capability_packages()
    assert len(packages) >= 9, packages
    for package in packages:
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        functions = [node.name for node in tree.body if isinstance(node, ast.FunctionDef)]
        assert "register" in functions, f"{package.name}: no register()"
        readme = package / "README.md"
        assert readme.is_file(), f"{package.name}: no README.md"
        headings = re.findall(r"^## (.+)$", readme.read_text(encoding="utf-8"), flags=re.M)
        assert headings[:3] == README_SECTIONS, f"{package.name}/README.md: {headings}"
    listed = plugin_settings()["PLUGINS"]
    expected = {f"{PACKAGE}.{package.name}" for package in packages} | {CORE}
    assert set(listed) == expected


def test_a_plugin_connects_only_its_own_code_and_imports_nothing_when_loaded():
    """``register()`` imports Pelican and its own package's modules, inside the function: a
    command that loads a package (``deploy`` loads the core) gets none of the build."""
    for package in [*capability_packages(), PACKAGE_FOLDER / "core"]:
        tree = ast.parse((package / "__init__.py").read_text(encoding="utf-8"))
        top_level = [
            node
            for node in tree.body
            if isinstance(node, ast.Import | ast.ImportFrom)
            and not (isinstance(node, ast.ImportFrom) and node.module == "__future__")
        ]
        assert not top_level, f"{package.name}: imports at module level"
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and node.level:
                assert node.level == 1, f"{package.name}: register() reaches outside its package"
            elif isinstance(node, ast.ImportFrom | ast.Import):
                names = [node.module] if isinstance(node, ast.ImportFrom) else []
                names += [] if isinstance(node, ast.ImportFrom) else [a.name for a in node.names]
                assert all(name.split(".")[0] in {"pelican", "__future__"} for name in names)


def test_the_plugins_are_listed_in_the_order_their_receivers_need():
    """Typography sets MARKDOWN before the core's checks read it; editorial merges the
    preview's drafts before the core sorts; the generators come contacts, events, delivery,
    photos (the contacts directory and the events archive before the stylesheet and photos)."""
    listed = [name.rpartition(".")[2] for name in plugin_settings()["PLUGINS"]]
    assert listed.index("typography") < listed.index("core")
    assert listed.index("editorial") < listed.index("core")
    order = [listed.index(name) for name in ("contacts", "events", "delivery", "photos")]
    assert order == sorted(order)
    assert listed.index("search") < listed.index("delivery"), "compression after the index"


# What only the build needs: publishing a finished output must work without any of it.
BUILD_ONLY = ("pelican", "markdown", "PIL", "icalendar", "phonenumbers", "babel", "pagefind")


def test_deploy_loads_neither_pelican_nor_a_plugin(tmp_path):
    """``python -m newsroom deploy`` copies files: it imports the commands and nothing else of
    the package, and none of the build's libraries (checked in a fresh interpreter)."""
    output = tmp_path / "output"
    output.mkdir()
    (output / "index.html").write_text("<!doctype html><title>Start</title>\n", encoding="utf-8")
    target = tmp_path / "ziel"
    probe = (
        "import json, sys\n"
        "from newsroom.tools.cli import main\n"
        f"code = main(['deploy', '--output', {str(output)!r}, '--target', {str(target)!r}])\n"
        "print(json.dumps({'code': code, 'modules': sorted(sys.modules)}))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout.splitlines()[-1])
    assert result["code"] == 0
    assert (target / "index.html").read_text(encoding="utf-8").startswith("<!doctype html>")
    loaded = result["modules"]
    ours = {name for name in loaded if name == PACKAGE or name.startswith(f"{PACKAGE}.")}
    # The schema (plain data, no library) names the content types the argument parser offers.
    commands = {f"{TOOLS}.cli", f"{TOOLS}.deploy", f"{TOOLS}.settings"}
    assert ours == {PACKAGE, TOOLS, CORE, f"{CORE}.schema", *commands}, ours
    heavy = [name for name in loaded if name.split(".")[0] in BUILD_ONLY]
    assert not heavy, heavy


def test_the_content_cache_key_covers_every_plugin_module_but_the_commands():
    """A change to any module the build runs empties the content cache; a change to a command
    (``deploy``, ``new`` …) does not, since it cannot change what the reader produced."""
    from newsroom.core import cache

    hashed = {path.resolve() for path in cache.plugin_sources()}
    tools = PACKAGE_FOLDER / "tools"
    every = {path.resolve() for path in PACKAGE_FOLDER.rglob("*.py")}
    assert hashed == {path for path in every if tools.resolve() not in path.parents}
    assert (tools / "deploy.py").resolve() in every - hashed


def test_the_project_is_installed_not_put_on_the_search_path():
    """`make setup` installs the package (pyproject.toml has a build system); neither the code,
    the settings nor the Makefile touch ``sys.path`` or ``PYTHONPATH``."""
    pyproject = (ROOT / "pyproject.toml").read_text(encoding="utf-8")
    assert "[build-system]" in pyproject
    assert "--no-build-isolation -e ." in (ROOT / "Makefile").read_text(encoding="utf-8")
    files = [*PACKAGE_FOLDER.rglob("*.py"), ROOT / "pelicanconf.py", ROOT / "publishconf.py"]
    files.append(ROOT / "Makefile")
    touching = [
        str(path.relative_to(ROOT))
        for path in files
        if re.search(r"sys\.path|PYTHONPATH", path.read_text(encoding="utf-8"))
    ]
    assert not touching


# The layers of the two largest capabilities, lowest first: a module imports only lower ones.
LAYERS = {
    "contacts": ["model", "registry", "checks", "vcard", "generator"],
    "events": ["model", "fields", "checks", "ical", "records", "generator"],
}


def test_the_layers_of_contacts_and_events_import_only_downwards():
    graph = import_graph()
    for capability, layers in LAYERS.items():
        package = f"{PACKAGE}.{capability}"
        for position, layer in enumerate(layers):
            own = {name for name in graph[f"{package}.{layer}"] if name.startswith(f"{package}.")}
            higher = {f"{package}.{name}" for name in layers[position:]}
            assert not own & higher, f"{package}.{layer} imports {sorted(own & higher)}"
    # vCards and calendars have one obvious home.
    assert "def vcard_bytes(" in (PACKAGE_FOLDER / "contacts" / "vcard.py").read_text("utf-8")
    assert "def calendar_bytes(" in (PACKAGE_FOLDER / "events" / "ical.py").read_text("utf-8")
    assert graph[f"{PACKAGE}.contacts.model"] == set()
    assert graph[f"{PACKAGE}.events.model"] <= {f"{PACKAGE}.core.dates"}
