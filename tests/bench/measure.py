"""Runs one build in this process and reports what it cost, as JSON on the last line.

``python -m tests.bench.measure [--profile FILE] [--time MODULE:FUNCTION]… MODULE ARG…`` runs
``python -m MODULE ARG…`` in this very process, so that ``getrusage(RUSAGE_SELF)`` is the peak
memory of the build itself, and ``RUSAGE_CHILDREN`` that of what it started (the search
indexer, worker processes). ``--time`` adds up the seconds spent in a function or method
(``module:function``, ``module:Class.method``; a step of the build such as the search index),
wrapped before the plugin connects it to its signal.
"""

from __future__ import annotations

import cProfile
import functools
import importlib
import json
import resource
import runpy
import sys
import time


def run_module(module: str, arguments: list[str]) -> int:
    sys.argv = [module, *arguments]
    try:
        runpy.run_module(module, run_name="__main__", alter_sys=True)
    except SystemExit as stop:
        if stop.code is None:
            return 0
        return stop.code if isinstance(stop.code, int) else 1
    return 0


def time_function(target: str, spent: dict[str, float]) -> None:
    """Wrap ``module:function`` so that the seconds spent in it are added to ``spent``."""
    module_name, attribute_path = target.split(":", 1)
    owner = importlib.import_module(module_name)  # a module, or a class for ``Class.method``
    *owners, function_name = attribute_path.split(".")
    for name in owners:
        owner = getattr(owner, name)
    original = getattr(owner, function_name)
    spent[target] = 0.0

    @functools.wraps(original)
    def timed(*args, **kwargs):
        started = time.perf_counter()
        try:
            return original(*args, **kwargs)
        finally:
            spent[target] += time.perf_counter() - started

    setattr(owner, function_name, timed)


def main(argv: list[str]) -> int:
    profile_file = None
    spent: dict[str, float] = {}
    while argv[:1] in (["--profile"], ["--time"]):
        if argv[0] == "--profile":
            profile_file = argv[1]
        else:
            time_function(argv[1], spent)
        argv = argv[2:]
    module, arguments = argv[0], argv[1:]
    started = time.perf_counter()
    if profile_file:
        profiler = cProfile.Profile()
        returncode = profiler.runcall(run_module, module, arguments)
        profiler.dump_stats(profile_file)
    else:
        returncode = run_module(module, arguments)
    seconds = time.perf_counter() - started
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    report = {
        "returncode": returncode,
        "seconds_in_process": seconds,
        "peak_kib": own.ru_maxrss,
        "children_peak_kib": children.ru_maxrss,
        "cpu_seconds": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
        "timed": spent,
    }
    sys.stdout.flush()
    print("\n" + json.dumps(report), file=sys.stdout, flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
