"""The build's checkpoints: the content checks run before Pelican reads anything."""

from __future__ import annotations

import logging
from typing import Any

from .validation import ContentError

logger = logging.getLogger(__name__)


def start_report(pelican: Any) -> None:
    """Signal ``initialized``: check all content; stop the build on any error."""
    from .checks import check_site

    report = check_site(pelican.settings)
    for problem in report.warnings:
        logger.warning("%s", problem)
    if report.errors:
        raise ContentError(report)
