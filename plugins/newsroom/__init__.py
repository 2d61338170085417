"""The NorderstedtGO! newsroom plugin for Pelican.

Contact blocks, event archives, German dates and typography, and the content checks. Each
capability lives in its own module; ``register`` (in :mod:`newsroom.register`) connects them.
"""

from .register import register

__all__ = ["register"]
