"""Bulk computation without the cyclic garbage collector running in the middle of it.

A report over a whole Pemda builds tens of thousands of small objects (rows, Decimals,
computed results) that form no reference cycles. CPython's cyclic collector is
triggered by allocation counts, so it runs again and again while they are built, each
time walking every object alive — a third of ``load_many``'s time on the bench's
kabupaten. Reference counting still frees everything as usual; the collector just
waits until the work is done.

When it resumes, the objects the block allocated would all be walked at once by the
first young collection (10 ms for the ~40 000 objects of a kabupaten's Evaluasi
Renja). They are promoted to the oldest generation instead, without a walk
(``gc.freeze()`` then ``gc.unfreeze()``: two list splices). The decision, bounded:
nothing is leaked or freed differently — acyclic objects are still freed by reference
counting the moment the report is dropped (and are then never walked at all), and any
cycle made in the block is found by the next full collection rather than the next
young one. It is skipped when something else has frozen objects (a pre-fork
``gc.freeze()`` of a server), which an unfreeze would undo."""

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
                if gc.get_freeze_count() == 0:
                    gc.freeze()  # every tracked object to the permanent generation …
                    gc.unfreeze()  # … and back into the oldest, the young count reset
                gc.enable()
