"""Bulk computation without the cyclic garbage collector running in the middle of it.

A report over a whole Pemda builds tens of thousands of small objects (rows, Decimals,
computed results) that form no reference cycles. CPython's cyclic collector is
triggered by allocation counts, so it runs again and again while they are built, each
time walking every object alive — a third of ``load_many``'s time on the bench's
kabupaten. Reference counting still frees everything as usual; the collector just
waits until the work is done, then runs once on whatever it would have found."""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_holders = 0
_was_enabled = True


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause the cyclic collector for the block (nested and concurrent blocks of
    several threads share one pause: it resumes when the last one ends, and only if it
    was running before the first began)."""
    global _holders, _was_enabled
    with _lock:
        _holders += 1
        if _holders == 1:
            _was_enabled = gc.isenabled()
            gc.disable()
    try:
        yield
    finally:
        with _lock:
            _holders -= 1
            if _holders == 0 and _was_enabled:
                gc.enable()
