"""sakip.collection: the cyclic collector paused for a bulk computation and resumed
after it, also when it fails or blocks nest, and left off if it was off."""

from __future__ import annotations

import gc
import threading
import weakref

import pytest

from sakip.collection import collector_paused


def test_paused_inside_resumed_after_even_on_an_error():
    assert gc.isenabled()
    with collector_paused():
        assert not gc.isenabled()
        with collector_paused():
            assert not gc.isenabled()
        assert not gc.isenabled()  # the outer block still runs
    assert gc.isenabled()
    with pytest.raises(ZeroDivisionError), collector_paused():
        1 / 0  # noqa: B018
    assert gc.isenabled()


def test_a_collector_that_was_off_stays_off():
    gc.disable()
    try:
        with collector_paused():
            pass
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_two_threads_share_one_pause():
    inside, release = threading.Event(), threading.Event()

    def other() -> None:
        with collector_paused():
            inside.set()
            release.wait(5)

    thread = threading.Thread(target=other)
    thread.start()
    inside.wait(5)
    with collector_paused():
        pass
    assert not gc.isenabled()  # the other thread's block has not ended
    release.set()
    thread.join(5)
    assert gc.isenabled()


def test_what_the_block_made_is_promoted_unwalked_and_a_cycle_is_still_found():
    """On resuming, the block's objects go to the oldest generation without a young
    collection walking them; a cycle made in the block is not leaked: the next full
    collection frees it."""
    gc.collect()

    class Node:
        pass

    with collector_paused():
        made = [[index] for index in range(5000)]
        cycle = Node()
        cycle.itself = cycle  # type: ignore[attr-defined]
        found = weakref.ref(cycle)
        del cycle
    # No young collection walked the block's objects (it would have freed the cycle):
    assert found() is not None  # a cycle waits for a full collection …
    assert len(made) == 5000
    gc.collect()
    assert found() is None  # … which frees it


def test_objects_frozen_by_someone_else_stay_frozen():
    gc.collect()
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        with collector_paused():
            _ = [[index] for index in range(1000)]
        assert gc.get_freeze_count() >= frozen  # not unfrozen by the pause
    finally:
        gc.unfreeze()
