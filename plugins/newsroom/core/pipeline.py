"""The post-build pipeline: the steps over the finished output, in one explicit order.

One receiver of ``finalized`` runs the steps every listed capability declares
(``Capability.post_build``), ordered by their number: each step reads what the steps before it
wrote. The site's order:

| order | step | capability |
|---|---|---|
| 10 | sitemap and robots.txt | seo |
| 20 | search indexes (Pagefind, one per year, in a stable order) | search |
| 40 | hashed asset names | delivery |
| 50 | compressed copies (.gz, .br) | delivery |
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from .capability import PostBuildStep, capabilities


def post_build_steps(settings: Mapping[str, Any]) -> list[PostBuildStep]:
    """The steps of the listed capabilities by order (equal numbers: in the order of PLUGINS)."""
    steps = [step for capability in capabilities(settings) for step in capability.post_build]
    return sorted(steps, key=lambda step: step.order)


def run_post_build(pelican: Any) -> None:
    """Signal ``finalized``: every post-build step, in order."""
    for step in post_build_steps(pelican.settings):
        step.run(pelican)
