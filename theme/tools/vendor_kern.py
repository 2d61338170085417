"""Bring KERN (npm package @kern-ux/native) into theme/static/kern/: only what the site uses.

Run with ``make vendor-kern`` after ``npm ci``, and again whenever a template starts using a
KERN class or the theme's CSS a KERN token it did not use before. The result is committed, so
building the site needs Python only.

- CSS: the rules of ``dist/kern.css`` whose selectors name only KERN classes the templates use
  (plain element rules and the tokens on ``:root`` included), without the dark theme; then every
  custom property (``--kern-…``) that nothing kept refers to is dropped.
- Fonts: Fira Sans in two weights (400, 600), subset to the characters German text needs,
  written as woff2 (fontTools, brotli).
- The package's licence (EUPL-1.2) and a note of origin beside the files.
"""

from __future__ import annotations

import argparse
import json
import logging
import re
import shutil
from collections.abc import Iterable
from pathlib import Path

import tinycss2
from fontTools import subset

logging.getLogger("fontTools").setLevel(logging.ERROR)  # its notes on old OS/2 tables

ROOT = Path(__file__).resolve().parents[2]
PACKAGE = ROOT / "node_modules" / "@kern-ux" / "native"
TEMPLATES = ROOT / "theme" / "templates"
THEME_CSS = ROOT / "theme" / "static" / "css"
TARGET = ROOT / "theme" / "static" / "kern"

# Two weights only: KERN's body (400) and its headings and labels (600); 500 falls back to 400,
# 700 to 600 by the browser's font matching.
FONT_WEIGHTS = {400: "FiraSans-Regular", 600: "FiraSans-SemiBold"}
# Basic Latin, Latin-1 (ä ö ü ß é …), Latin Extended-A (names like Łódź, Čapek), German
# punctuation („“ ‚‘ – — … •), ‰ ′ ″ ‹ › € and № ™.
GERMAN_UNICODES = "U+0020-007E,U+00A0-017F,U+2010-2027,U+2030-203A,U+20AC,U+2116,U+2122"
LAYOUT_FEATURES = ["kern", "liga", "locl", "tnum", "lnum", "case"]

CLASS_RE = re.compile(r"\bkern-[a-z0-9_-]+")
VAR_RE = re.compile(r"var\(\s*(--[A-Za-z0-9_-]+)")
SELECTOR_CLASS_RE = re.compile(r"\.(kern-[a-z0-9_-]+)")
# The site is light only (its contrast is tested in that scheme): KERN's light theme becomes
# the tokens on :root, whatever the reader's colour-scheme preference; the dark theme goes.
LIGHT_THEME = re.compile(r"^\[data-kern-theme=\"?light\"?\]$")
OTHER_THEMES_RE = re.compile(r"data-kern-theme|\.kern-dark\b|\.kern-light\b")


def used_classes(templates: Path, css_folder: Path) -> set[str]:
    """Every KERN class named in a template (or in the theme's own CSS)."""
    names: set[str] = set()
    for path in sorted(templates.rglob("*.html")):
        names |= set(CLASS_RE.findall(path.read_text(encoding="utf-8")))
    for path in sorted(css_folder.rglob("*.css")):
        names |= set(CLASS_RE.findall(path.read_text(encoding="utf-8")))
    return names


def used_properties(css_folder: Path) -> set[str]:
    """Every custom property the theme's own CSS refers to."""
    names: set[str] = set()
    for path in sorted(css_folder.rglob("*.css")):
        names |= set(VAR_RE.findall(path.read_text(encoding="utf-8")))
    return names


IS_RE = re.compile(r":(is|where)\(([^()]*)\)")


def kept_selector(selector: str, classes: set[str]) -> str | None:
    """The selector as the subset has it, or None if the site does not need it."""
    if LIGHT_THEME.match(selector):
        return ":root"

    def keep_alternatives(match: re.Match) -> str:
        alternatives = [kept_selector(a.strip(), classes) for a in match[2].split(",")]
        kept = [a for a in alternatives if a and a != ":root"]
        return f":{match[1]}({','.join(kept)})" if kept else ":is(#nichts)"

    selector = IS_RE.sub(keep_alternatives, selector)
    if ":is(#nichts)" in selector or OTHER_THEMES_RE.search(selector):
        return None
    if all(name in classes for name in SELECTOR_CLASS_RE.findall(selector)):
        return selector
    return None


def split_selectors(prelude: list) -> list[str]:
    """A selector list split at its top-level commas (not those inside :is(…))."""
    selectors, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append(current)
            current = []
        else:
            current.append(token)
    selectors.append(current)
    found = (" ".join(tinycss2.serialize(tokens).split()) for tokens in selectors)
    return [selector for selector in found if selector]


def declarations(rule) -> list[tuple[str, str, bool]]:
    """(name, value, important) of a rule's declarations, comments and whitespace dropped."""
    found = []
    for item in tinycss2.parse_declaration_list(
        rule.content, skip_comments=True, skip_whitespace=True
    ):
        if item.type == "declaration":
            value = " ".join(tinycss2.serialize(item.value).split())
            found.append(
                (
                    item.name if item.name.startswith("--") else item.lower_name,
                    value,
                    item.important,
                )
            )
    return found


class Rule:
    """A kept style rule, or an at-rule block around kept rules."""

    def __init__(
        self,
        head: str,
        body: list[tuple[str, str, bool]] | None = None,
        children: list[Rule] | None = None,
    ) -> None:
        self.head = head
        self.body = body
        self.children = children

    def references(self) -> set[str]:
        found: set[str] = set()
        for name, value, _ in self.body or []:
            if not name.startswith("--"):
                found |= set(VAR_RE.findall(value))
        for child in self.children or []:
            found |= child.references()
        return found

    def definitions(self) -> dict[str, set[str]]:
        """Custom property -> the properties its value refers to."""
        found: dict[str, set[str]] = {}
        for name, value, _ in self.body or []:
            if name.startswith("--"):
                found.setdefault(name, set()).update(VAR_RE.findall(value))
        for child in self.children or []:
            for name, refs in child.definitions().items():
                found.setdefault(name, set()).update(refs)
        return found

    def render(self, needed: set[str]) -> str:
        if self.children is not None:
            inner = "".join(child.render(needed) for child in self.children)
            return f"{self.head}{{{inner}}}" if inner else ""
        kept = [
            f"{name}:{value}{' !important' if important else ''}"
            for name, value, important in self.body or []
            if not name.startswith("--") or name in needed
        ]
        return f"{self.head}{{{';'.join(kept)}}}\n" if kept else ""


def select_rules(nodes: Iterable, classes: set[str]) -> list[Rule]:
    kept: list[Rule] = []
    for node in nodes:
        if node.type == "qualified-rule":
            kept_selectors = (kept_selector(s, classes) for s in split_selectors(node.prelude))
            selectors = list(dict.fromkeys(s for s in kept_selectors if s))
            if selectors:
                kept.append(Rule(",".join(selectors), body=declarations(node)))
        elif node.type == "at-rule" and node.lower_at_keyword in ("media", "supports"):
            condition = " ".join(tinycss2.serialize(node.prelude).split())
            if "prefers-color-scheme" in condition:
                continue  # light only, see LIGHT_THEME
            inner = tinycss2.parse_rule_list(node.content, skip_comments=True, skip_whitespace=True)
            children = select_rules(inner, classes)
            if children:
                kept.append(Rule(f"@{node.lower_at_keyword} {condition}", children=children))
        # @charset, @keyframes and the rest: nothing the site uses
    return kept


def needed_properties(rules: list[Rule], extra: set[str]) -> set[str]:
    definitions: dict[str, set[str]] = {}
    for rule in rules:
        for name, refs in rule.definitions().items():
            definitions.setdefault(name, set()).update(refs)
    pending = set(extra)
    for rule in rules:
        pending |= rule.references()
    needed: set[str] = set()
    while pending:
        name = pending.pop()
        if name in needed:
            continue
        needed.add(name)
        pending |= definitions.get(name, set()) - needed
    return needed


def font_faces(package_version: str) -> str:
    faces = [f"/* KERN UX {package_version} (EUPL-1.2): Fira Sans, Teilmenge für deutschen Text */"]
    for weight, name in FONT_WEIGHTS.items():
        faces.append(
            '@font-face{font-family:"Fira Sans";font-style:normal;'
            f"font-weight:{weight};font-display:swap;"
            f'src:url("../kern/fonts/{name}.woff2") format("woff2")}}'
        )
    return "\n".join(faces) + "\n"


def subset_fonts(package: Path, target: Path) -> dict[str, int]:
    sizes = {}
    for name in FONT_WEIGHTS.values():
        source = package / "dist" / "fonts" / "fira-sans" / f"{name}.woff2"
        destination = target / f"{name}.woff2"
        options = subset.Options()
        options.flavor = "woff2"
        options.layout_features = LAYOUT_FEATURES
        options.hinting = False
        options.desubroutinize = True
        options.name_IDs = [0, 1, 2, 3, 4, 5, 6, 13, 14]  # keep the copyright and licence names
        options.notdef_outline = True
        font = subset.load_font(str(source), options)
        subsetter = subset.Subsetter(options)
        subsetter.populate(unicodes=subset.parse_unicodes(GERMAN_UNICODES))
        subsetter.subset(font)
        subset.save_font(font, str(destination), options)
        sizes[destination.name] = destination.stat().st_size
    return sizes


def vendor(package: Path, templates: Path, theme_css: Path, target: Path) -> dict[str, int]:
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    classes = used_classes(templates, theme_css)
    stylesheet = tinycss2.parse_stylesheet(
        (package / "dist" / "kern.css").read_text(encoding="utf-8"),
        skip_comments=True,
        skip_whitespace=True,
    )
    rules = select_rules(stylesheet, classes)
    needed = needed_properties(rules, used_properties(theme_css))
    css = font_faces(version) + "".join(rule.render(needed) for rule in rules)

    if target.exists():
        shutil.rmtree(target)
    (target / "fonts").mkdir(parents=True)
    (target / "kern.css").write_text(css, encoding="utf-8")
    shutil.copyfile(package / "LICENSE.md", target / "LICENSE.md")
    (target / "HERKUNFT.md").write_text(
        f"# KERN UX {version}\n\n"
        f"Aus dem npm-Paket `@kern-ux/native@{version}` (Lizenz: EUPL-1.2, siehe LICENSE.md), "
        "mit `make vendor-kern` (theme/tools/vendor_kern.py) übernommen und gekürzt: "
        "nur die CSS-Regeln und Design-Token, die das Theme verwendet, und die Schrift "
        "Fira Sans (SIL Open Font License 1.1) in zwei Schnitten, beschränkt auf die Zeichen "
        "deutscher Texte. Nicht von Hand ändern, sondern neu erzeugen.\n",
        encoding="utf-8",
    )
    sizes = {"kern.css": len(css.encode("utf-8"))}
    sizes.update(subset_fonts(package, target / "fonts"))
    return sizes


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--package", type=Path, default=PACKAGE)
    parser.add_argument("--target", type=Path, default=TARGET)
    args = parser.parse_args()
    if not (args.package / "package.json").is_file():
        raise SystemExit(
            f"KERN nicht gefunden: {args.package}. Zuerst `npm ci` ausführen (package.json)."
        )
    for name, size in vendor(args.package, TEMPLATES, THEME_CSS, args.target).items():
        print(f"{name}: {size / 1024:.1f} KB")


if __name__ == "__main__":
    main()
