"""Fault injection for the TT simulator, driven from config, the admin API or Python.

Explicit faults are armed for a number of occurrences (``reject_next_order("why")``); random
faults come from :class:`~keel.sim.tt.config.FaultConfig` probabilities, each kind drawing
from its own ``random.Random`` seeded from the fault seed, so a run with the same seed and
the same traffic injects the same faults. Every fault applied is appended to ``history``.
Session faults (drop, logout, sequence skip) act at once through the controller the
simulator registers.
"""

from __future__ import annotations

import random
import threading
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from keel.sim.tt.config import FaultConfig

SESSION_KINDS = ("order", "market_data")
"""Session names accepted by session faults."""


class SessionController(Protocol):
    """What the simulator offers the injector to act on live FIX sessions."""

    def drop(self, kind: str, user: str | None) -> int:
        """Close the socket(s) without a Logout; return how many sessions were dropped."""
        ...

    def logout(self, kind: str, user: str | None, reason: str) -> int:
        """Send a Logout with ``58=reason``; return how many sessions were logged out."""
        ...

    def skip_sequence(self, kind: str, user: str | None, count: int) -> int:
        """Advance the outgoing MsgSeqNum by ``count`` without sending."""
        ...

    def expire_tokens(self) -> int:
        """Invalidate every REST token; return how many there were."""
        ...


@dataclass(frozen=True, slots=True)
class ReportAction:
    """What to do with one outgoing execution report."""

    kind: str = "send"
    delay: float = 0.0


SEND = ReportAction()


@dataclass(frozen=True, slots=True)
class RestAction:
    """What to do with one REST request: ``ok``, ``error`` (status), ``rate_limit`` or ``slow``."""

    kind: str = "ok"
    status: int = 200
    delay: float = 0.0


REST_OK = RestAction()


class FaultInjector:
    """Thread-safe store of armed and random faults."""

    def __init__(self, config: FaultConfig | None = None) -> None:
        self.config = config or FaultConfig()
        self._lock = threading.Lock()
        seed = self.config.seed
        self._rng = {kind: random.Random(f"{seed}:{kind}") for kind in ("er", "order", "rest")}
        self._armed_reports: list[ReportAction] = []
        self._armed_rejects: list[str] = []
        self._armed_rest: list[RestAction] = []
        self.history: list[dict[str, Any]] = []
        self.controller: SessionController | None = None

    # ------------------------------------------------------------------ explicit faults
    def drop_session(self, session: str = "order", user: str | None = None) -> int:
        """Close the FIX socket of ``session`` (``order`` or ``market_data``) without a Logout."""
        return self._session_fault("drop_session", session, user, lambda c: c.drop(session, user))

    def logout(self, session: str = "order", reason: str = "Session logged out by TT", user: str | None = None) -> int:
        """Log ``session`` out with ``58=reason``."""
        return self._session_fault(
            "logout", session, user, lambda c: c.logout(session, user, reason), reason=reason
        )

    def skip_sequence_numbers(self, session: str = "order", count: int = 5, user: str | None = None) -> int:
        """Make the next outgoing message on ``session`` jump ``count`` sequence numbers."""
        _positive("count", count)
        return self._session_fault(
            "skip_sequence_numbers", session, user, lambda c: c.skip_sequence(session, user, count), count=count
        )

    def expire_tokens(self) -> int:
        """Invalidate all REST tokens now (the next call with an old token gets 401)."""
        controller = self._require_controller()
        self._record("expire_tokens")
        return controller.expire_tokens()

    def delay_execution_reports(self, seconds: float, count: int = 1) -> None:
        """Hold each of the next ``count`` execution reports back for ``seconds``."""
        _positive("count", count)
        if seconds <= 0:
            raise ValueError(f"seconds must be > 0, got {seconds}")
        self._arm_reports(ReportAction("delay", seconds), count, "delay_execution_reports", seconds=seconds)

    def duplicate_execution_reports(self, count: int = 1) -> None:
        """Send each of the next ``count`` execution reports twice (same 17 ExecID)."""
        _positive("count", count)
        self._arm_reports(ReportAction("duplicate"), count, "duplicate_execution_reports")

    def reorder_execution_reports(self, count: int = 1) -> None:
        """Hold each of the next ``count`` execution reports until the one after it was sent."""
        _positive("count", count)
        self._arm_reports(ReportAction("reorder"), count, "reorder_execution_reports")

    def reject_next_order(self, reason: str = "Order rejected by simulator", count: int = 1) -> None:
        """Reject the next ``count`` NewOrderSingles with a 150=8 report carrying ``58=reason``."""
        _positive("count", count)
        with self._lock:
            self._armed_rejects.extend([reason] * count)
            self._record_locked("reject_next_order", reason=reason, count=count)

    def rest_error(self, status: int = 500, count: int = 1) -> None:
        """Answer the next ``count`` REST requests with HTTP ``status`` (5xx)."""
        _positive("count", count)
        if not 500 <= status <= 599:
            raise ValueError(f"status must be a 5xx code, got {status}")
        self._arm_rest(RestAction("error", status), count, "rest_error", status=status)

    def rest_rate_limit(self, count: int = 1) -> None:
        """Answer the next ``count`` REST requests with HTTP 429."""
        _positive("count", count)
        self._arm_rest(RestAction("rate_limit", 429), count, "rest_rate_limit")

    def rest_slow(self, seconds: float, count: int = 1) -> None:
        """Delay the next ``count`` REST responses by ``seconds``."""
        _positive("count", count)
        self._arm_rest(RestAction("slow", 200, seconds), count, "rest_slow", seconds=seconds)

    def clear(self) -> None:
        """Disarm every explicit fault (random faults from config stay)."""
        with self._lock:
            self._armed_reports.clear()
            self._armed_rejects.clear()
            self._armed_rest.clear()

    # ------------------------------------------------------------------ decisions
    def next_report_action(self) -> ReportAction:
        """Decide the fate of the next outgoing execution report."""
        cfg = self.config
        if not self._armed_reports and not (
            cfg.execution_report_delay_probability or cfg.execution_report_duplicate_probability
            or cfg.execution_report_reorder_probability
        ):
            return SEND  # nothing can happen (the hot path: no lock, no draw)
        with self._lock:
            if self._armed_reports:
                return self._armed_reports.pop(0)
            cfg, rng = self.config, self._rng["er"]
            draw = rng.random()
            action = SEND
            threshold = cfg.execution_report_delay_probability
            if draw < threshold:
                action = ReportAction("delay", cfg.execution_report_delay_seconds)
            elif draw < (threshold := threshold + cfg.execution_report_duplicate_probability):
                action = ReportAction("duplicate")
            elif draw < threshold + cfg.execution_report_reorder_probability:
                action = ReportAction("reorder")
            if action is not SEND:
                self._record_locked(f"random_{action.kind}_execution_report", seconds=action.delay)
            return action

    def next_order_reject(self) -> str | None:
        """Reason to reject the next order, or ``None`` to let it through."""
        if not self._armed_rejects and not self.config.order_reject_probability:
            return None  # the hot path: no lock
        with self._lock:
            if self._armed_rejects:
                return self._armed_rejects.pop(0)
            if self.config.order_reject_probability and (
                self._rng["order"].random() < self.config.order_reject_probability
            ):
                self._record_locked("random_order_reject")
                return self.config.order_reject_text
            return None

    def next_rest_action(self) -> RestAction:
        """Decide the fate of the next REST request."""
        with self._lock:
            if self._armed_rest:
                return self._armed_rest.pop(0)
            cfg, rng = self.config, self._rng["rest"]
            if not (cfg.rest_error_probability or cfg.rest_rate_limit_probability or cfg.rest_slow_probability):
                return REST_OK
            draw = rng.random()
            if draw < cfg.rest_error_probability:
                action = RestAction("error", cfg.rest_error_status)
            elif draw < cfg.rest_error_probability + cfg.rest_rate_limit_probability:
                action = RestAction("rate_limit", 429)
            elif draw < cfg.rest_error_probability + cfg.rest_rate_limit_probability + cfg.rest_slow_probability:
                action = RestAction("slow", 200, cfg.rest_slow_seconds)
            else:
                return REST_OK
            self._record_locked(f"random_rest_{action.kind}", status=action.status)
            return action

    # ------------------------------------------------------------------ helpers
    def _session_fault(
        self, name: str, session: str, user: str | None, act: Callable[[SessionController], int], **details: Any
    ) -> int:
        if session not in SESSION_KINDS:
            raise ValueError(f"session must be one of {', '.join(SESSION_KINDS)}, got {session!r}")
        controller = self._require_controller()
        self._record(name, session=session, user=user, **details)
        return act(controller)

    def _require_controller(self) -> SessionController:
        if self.controller is None:
            raise RuntimeError("session faults need a running simulator (no session controller registered)")
        return self.controller

    def _arm_reports(self, action: ReportAction, count: int, name: str, **details: Any) -> None:
        with self._lock:
            self._armed_reports.extend([action] * count)
            self._record_locked(name, count=count, **details)

    def _arm_rest(self, action: RestAction, count: int, name: str, **details: Any) -> None:
        with self._lock:
            self._armed_rest.extend([action] * count)
            self._record_locked(name, count=count, **details)

    def _record(self, name: str, **details: Any) -> None:
        with self._lock:
            self._record_locked(name, **details)

    def _record_locked(self, name: str, **details: Any) -> None:
        self.history.append({"fault": name, **details})


def _positive(name: str, value: int) -> None:
    if not isinstance(value, int) or value < 1:
        raise ValueError(f"{name} must be a positive integer, got {value!r}")


ADMIN_FAULTS: dict[str, tuple[str, ...]] = {
    "drop_session": ("session", "user"),
    "logout": ("session", "reason", "user"),
    "skip_sequence_numbers": ("session", "count", "user"),
    "expire_tokens": (),
    "delay_execution_reports": ("seconds", "count"),
    "duplicate_execution_reports": ("count",),
    "reorder_execution_reports": ("count",),
    "reject_next_order": ("reason", "count"),
    "rest_error": ("status", "count"),
    "rest_rate_limit": ("count",),
    "rest_slow": ("seconds", "count"),
    "clear": (),
}
"""Faults the admin endpoint accepts, with their allowed parameters."""


def apply_admin_fault(injector: FaultInjector, payload: Any) -> Any:
    """Apply ``{"fault": name, ...params}`` from the admin API; ``ValueError`` explains bad input."""
    if not isinstance(payload, dict):
        raise ValueError('body must be a JSON object like {"fault": "drop_session", "session": "order"}')
    name = payload.get("fault")
    if name not in ADMIN_FAULTS:
        raise ValueError(f"unknown fault {name!r}; known: {', '.join(sorted(ADMIN_FAULTS))}")
    params = {k: v for k, v in payload.items() if k != "fault"}
    unknown = set(params) - set(ADMIN_FAULTS[name])
    if unknown:
        allowed = ", ".join(ADMIN_FAULTS[name]) or "none"
        raise ValueError(f"fault {name}: unknown parameter(s) {', '.join(sorted(unknown))}; allowed: {allowed}")
    try:
        return getattr(injector, name)(**params)
    except TypeError as error:
        raise ValueError(f"fault {name}: {error}") from None
