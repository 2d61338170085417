"""Work spread over every usable core, for CPU-bound steps that are independent per item."""

from __future__ import annotations

import multiprocessing
import os
import threading
from collections.abc import Callable, Mapping, Sequence
from typing import Any, TypeVar

from .settings import capability_settings

T = TypeVar("T")
R = TypeVar("R")


def usable_cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def may_fork() -> bool:
    """Forking is safe only in a process without other threads (the live preview has some)."""
    return threading.active_count() == 1 and "fork" in multiprocessing.get_all_start_methods()


def map_on_cores(
    function: Callable[[T], R], items: Sequence[T], settings: Mapping[str, Any]
) -> list[R]:
    """``function`` over ``items`` on every usable core, results in the order of ``items``.

    For work that is CPU-bound and independent per item (compressing files, rewriting them).
    ``function`` must be a module-level function (or a ``functools.partial`` of one).
    """
    speed = capability_settings(settings, "SPEED")  # without the speed plugin: one process
    if "parallel_from" not in speed:
        return [function(item) for item in items]
    processes = min(speed["processes"] or usable_cores(), len(items))
    if processes < 2 or len(items) < speed["parallel_from"] or not may_fork():
        return [function(item) for item in items]
    chunk = max(1, len(items) // (processes * 8))
    with multiprocessing.get_context("fork").Pool(processes) as pool:
        results = pool.map(function, items, chunksize=chunk)
        # Let the workers end on their own: leaving the block would send them SIGTERM, and a
        # worker stopped while it holds the pool's queue lock leaves the other one waiting.
        pool.close()
        pool.join()
    return results
