"""Smarty's inline pass, skipped for text in which none of its patterns can match.

Smarty tries each of some twenty patterns on every piece of text; most sentences hold no
quote, dash or dots, and come back unchanged after all those tries. The quick pass returns
them at once: the same output in half the Markdown time of a whole document. It overrides
Python-Markdown's private, name-mangled per-text step, so it is used only with the Markdown
version it was written for (:mod:`.versions`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from markdown.extensions import Extension
from markdown.treeprocessors import InlineProcessor

from ..typography.german_markdown import GermanSmartyExtension

SMARTY_PRIORITY = 6  # where markdown.extensions.smarty registers its pass


class QuickSmartyProcessor(InlineProcessor):
    """Smarty's inline pass, which returns text at once that holds none of the ``triggers``.

    Every smarty pattern (and the apostrophe ones of the German extension) needs one of them
    to match, so such a text would come back unchanged anyway.
    """

    def __init__(self, md: Any, triggers: tuple[str, ...]) -> None:
        super().__init__(md)
        self.triggers = triggers

    # Python-Markdown's private per-text step (name-mangled), the one place to skip early.
    def _InlineProcessor__handleInline(self, data: str, patternIndex: int = 0) -> str:
        if not any(trigger in data for trigger in self.triggers):
            return data
        return InlineProcessor._InlineProcessor__handleInline(self, data, patternIndex)


def smarty_triggers(smarty: GermanSmartyExtension) -> tuple[str, ...]:
    """What each enabled kind of smarty pattern needs in a text to match at all."""
    configs = smarty.getConfigs()
    needed = {
        "smart_quotes": ("'", '"'),
        "smart_dashes": ("--",),
        "smart_ellipses": ("...",),
        "smart_angled_quotes": ("<<", ">>"),
    }
    return tuple(text for key, texts in needed.items() if configs[key] for text in texts)


class QuickSmartyExtension(Extension):
    """Puts the quick pass in place of smarty's own; listed after the German smarty."""

    def __init__(self, triggers: tuple[str, ...]) -> None:
        super().__init__()
        self.triggers = triggers

    def extendMarkdown(self, md: Any) -> None:
        if "smarty" not in md.treeprocessors:
            return
        quick = QuickSmartyProcessor(md, self.triggers)
        quick.inlinePatterns = md.treeprocessors["smarty"].inlinePatterns
        md.treeprocessors.register(quick, "smarty", SMARTY_PRIORITY)


def with_quick_smarty(markdown: Mapping[str, Any]) -> dict[str, Any]:
    """Pelican's MARKDOWN setting (a new dict) with the quick pass after the German smarty;
    as it was without the German smarty or with the quick pass already in it."""
    extensions = list(markdown.get("extensions") or [])
    smarty = next((e for e in extensions if isinstance(e, GermanSmartyExtension)), None)
    if smarty is None or any(isinstance(e, QuickSmartyExtension) for e in extensions):
        return dict(markdown)
    return {**markdown, "extensions": [*extensions, QuickSmartyExtension(smarty_triggers(smarty))]}
