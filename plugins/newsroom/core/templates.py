"""Compiled templates, kept between the generators of a build and between builds.

Pelican gives every generator a Jinja environment of its own, and each compiles every template
it renders anew (about fifty compilations per build of some twenty-five templates). Jinja's
bytecode cache hands an environment the code another one compiled; the key says everything
that decides that code, so a changed template, filter set or option compiles anew:

- the template's name and file (Jinja's bucket key) and the SHA-1 of its source, which Jinja
  compares itself when it loads the code (and compiles anew if it differs);
- the environment's syntax and options, its extensions, which filters and tests exist and
  how each is called (``pass_context`` and the like are decided when compiling);
- the versions of Python (in Jinja's own header of the code) and of Jinja.
"""

from __future__ import annotations

import hashlib
import os
import pickle
from pathlib import Path
from typing import Any


def called_as(function: Any) -> str:
    """How compiled code calls a filter, test or ``finalize``: with the context, the eval
    context, the environment, or only its arguments."""
    passed = getattr(function, "jinja_pass_arg", None)
    return str(getattr(passed, "name", passed))


def environment_options(environment: Any) -> tuple[Any, ...]:
    """Everything of ``environment`` besides the source that decides a template's code."""
    import jinja2

    return (
        jinja2.__version__,
        f"{type(environment).__module__}.{type(environment).__qualname__}",
        environment.code_generator_class.__qualname__,
        environment.block_start_string,
        environment.block_end_string,
        environment.variable_start_string,
        environment.variable_end_string,
        environment.comment_start_string,
        environment.comment_end_string,
        environment.line_statement_prefix,
        environment.line_comment_prefix,
        environment.trim_blocks,
        environment.lstrip_blocks,
        environment.newline_sequence,
        environment.keep_trailing_newline,
        environment.optimized,
        None if environment.finalize is None else called_as(environment.finalize),
        environment.is_async,
        repr(environment.autoescape),
        tuple(sorted(environment.extensions)),
        tuple(sorted((name, called_as(f)) for name, f in environment.filters.items())),
        tuple(sorted((name, called_as(f)) for name, f in environment.tests.items())),
        tuple(sorted(getattr(environment, "intercepted_binops", ()))),
        tuple(sorted(getattr(environment, "intercepted_unops", ()))),
    )


def template_key(bucket: Any) -> tuple[str, tuple[Any, ...]]:
    """The key of a template's compiled code (Jinja's ``Bucket``)."""
    return bucket.key, environment_options(bucket.environment)


def stored_templates(folder: Path) -> Any:
    """A Jinja bytecode cache in ``folder``: one file per key, written whole."""
    from jinja2 import BytecodeCache

    class StoredTemplates(BytecodeCache):
        def path(self, bucket: Any) -> Path:
            name = hashlib.sha256(repr(template_key(bucket)).encode("utf-8")).hexdigest()
            return folder / f"{name}.jinja"

        def load_bytecode(self, bucket: Any) -> None:
            try:
                code = self.path(bucket).read_bytes()
            except OSError:
                return
            try:  # Jinja checks the header (its format, Python's version) and the checksum
                bucket.bytecode_from_string(code)
            except (EOFError, ValueError, TypeError, pickle.UnpicklingError):
                bucket.reset()  # unreadable: compiled anew, and written again

        def dump_bytecode(self, bucket: Any) -> None:
            target = self.path(bucket)
            unfinished = target.with_name(f".{target.name}.{os.getpid()}")
            try:
                folder.mkdir(parents=True, exist_ok=True)
                unfinished.write_bytes(bucket.bytecode_to_string())
                os.replace(unfinished, target)  # processes on other cores read whole files
            except OSError:  # a cache that cannot be written only costs a compilation
                unfinished.unlink(missing_ok=True)

    return StoredTemplates()
