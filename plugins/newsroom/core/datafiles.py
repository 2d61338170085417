"""Data files below PATH (the contact registry, the operator data), read once per build.

At ``initialized`` the core puts a fresh :class:`DataFiles` into the build's settings
(``DATA_FILES``) before the content check runs. Pelican's generator context starts as a copy
of the settings, so the check, the generators and the signal receivers of one build all reach
the same store. Each file is read and checked once; the problems found then are kept with the
result and added to the report of every caller, so each reports them exactly as before.
A new build (also in the warm live preview) has new settings and with them a new store.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any, TypeVar

from .report import Problem, Report

SETTING = "DATA_FILES"

T = TypeVar("T")


class DataFiles:
    """What each data file gave this build, by its path: the result and its problems."""

    def __init__(self) -> None:
        self.loaded: dict[str, tuple[Any, tuple[Problem, ...]]] = {}

    def load(self, path: Path, read: Callable[[Report], T], report: Report) -> T:
        """``read(report)`` the first time ``path`` is asked for; every time, its problems are
        added to ``report``."""
        key = str(path.absolute())  # the name as given: no link is followed
        if key not in self.loaded:
            own = Report()
            self.loaded[key] = (read(own), tuple(own.problems))
        result, problems = self.loaded[key]
        report.problems.extend(problems)
        return result

    def __getstate__(self) -> dict[str, Any]:
        # A copy in another process (parallel work, a pickled cache) starts empty: what one
        # build read is never carried into another.
        return {"loaded": {}}

    def __repr__(self) -> str:
        return "DataFiles()"  # the same in every process


def data_files(settings: Mapping[str, Any]) -> DataFiles:
    """The build's store; outside a build (a single call) a store of its own."""
    store = settings.get(SETTING)
    return store if isinstance(store, DataFiles) else DataFiles()


def with_data_files(settings: Mapping[str, Any]) -> Mapping[str, Any]:
    """``settings`` with a store, added in a new dict when there is none yet."""
    if isinstance(settings.get(SETTING), DataFiles):
        return settings
    return {**settings, SETTING: DataFiles()}
