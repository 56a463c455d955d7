"""Keep a Python thread state alive on QuickFIX's own threads between callbacks.

QuickFIX calls the application from its C++ threads. Each callback enters Python through
``PyGILState_Ensure``, which on a thread Python did not start creates a thread state and, when
the callback returns, destroys it again, with its 16 KiB frame stack (an ``mmap`` and a
``munmap`` per callback, plus page faults). On a busy session that is one create/destroy per
message. :func:`pin_thread_state` takes one extra ``PyGILState_Ensure`` reference for the
calling thread, so later callbacks find and reuse its thread state; :func:`unpin_thread_state`
gives the reference back (the thread state then goes away when the current callback returns).

Call them only from QuickFIX callbacks that run on QuickFIX's threads (``fromAdmin``,
``fromApp``; ``onLogout`` to unpin). A thread that ends while pinned leaves its (small) thread
state behind until the interpreter exits.
"""

from __future__ import annotations

import ctypes
import threading

_ensure = ctypes.pythonapi.PyGILState_Ensure
_ensure.restype = ctypes.c_int
_ensure.argtypes = ()
_release = ctypes.pythonapi.PyGILState_Release
_release.restype = None
_release.argtypes = (ctypes.c_int,)

_local = threading.local()  # lives in the thread state: a new thread (even one reusing an
# ident) starts without a pin, and the pin goes away with the thread state it keeps


def pin_thread_state() -> None:
    """Keep the calling (QuickFIX) thread's Python thread state until :func:`unpin_thread_state`."""
    if getattr(_local, "pinned", None) is not None:
        return
    known = threading._active.get(threading.get_ident())  # type: ignore[attr-defined]
    if known is not None and not isinstance(known, threading._DummyThread):  # type: ignore[attr-defined]
        return  # a thread Python started: its thread state lives as long as the thread
    _local.pinned = _ensure()


def unpin_thread_state() -> None:
    """Give back the calling thread's pinned reference (no-op if it holds none)."""
    state = getattr(_local, "pinned", None)
    if state is not None:
        _local.pinned = None
        _release(state)


def is_pinned() -> bool:
    """True if the calling thread holds a pinned thread state."""
    return getattr(_local, "pinned", None) is not None
