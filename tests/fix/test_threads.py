"""keel.fix.threads: pinning the Python thread state of threads Python did not start."""

from __future__ import annotations

import _thread
import threading

from keel.fix.threads import is_pinned, pin_thread_state, unpin_thread_state


def test_a_thread_started_by_threading_is_never_pinned() -> None:
    seen: list[bool] = []

    def body() -> None:
        pin_thread_state()
        seen.append(is_pinned())

    worker = threading.Thread(target=body)
    worker.start()
    worker.join()
    assert seen == [False]


def test_a_foreign_thread_is_pinned_once_and_unpinned() -> None:
    # _thread threads are not in threading's registry, like QuickFIX's C++ threads.
    seen: list[bool] = []
    done = threading.Event()

    def body() -> None:
        pin_thread_state()
        pin_thread_state()  # idempotent
        seen.append(is_pinned())
        unpin_thread_state()
        unpin_thread_state()  # no-op
        seen.append(is_pinned())
        done.set()

    _thread.start_new_thread(body, ())
    assert done.wait(5)
    assert seen == [True, False]
    assert not is_pinned()  # per thread: the test's own thread holds nothing
