"""A feed without entries dated by the build, not the clock (reproducible output).

The feed library dates a feed by its newest entry and an empty one by the current time; the
date is replaced on the feed object itself, so it belongs with the other code that reaches
into a library's internals (:mod:`.versions`).
"""

from __future__ import annotations

from typing import Any

from ..core.dates import build_time


def stable_empty_feed_date(context: Any, feed: Any) -> None:
    """Signal ``feed_generated``: a feed without entries is dated by the build, not the clock.

    The feed library dates a feed by its newest entry, an empty one by the current time.
    """
    if not feed.items:
        moment = build_time(context)
        feed.latest_post_date = lambda: moment
