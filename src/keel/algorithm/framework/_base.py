"""Helpers shared by the framework models: dual-case overrides and security-change bookkeeping."""

from __future__ import annotations

from typing import Any, ClassVar

from keel.reality.dualcase import DualCase


class FrameworkModel(DualCase):
    """Base of every framework model: users may override either ``create_targets`` or ``CreateTargets``."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = (("on_securities_changed", "OnSecuritiesChanged"),)

    def on_securities_changed(self, algorithm: Any, changes: Any) -> None:
        """Securities were added to or removed from the algorithm."""

    OnSecuritiesChanged = on_securities_changed


def added_securities(changes: Any) -> list[Any]:
    """``changes.added_securities`` (or LEAN's ``AddedSecurities``) as a list."""
    value = getattr(changes, "added_securities", None)
    if value is None:
        value = getattr(changes, "AddedSecurities", None)
    return list(value or [])


def removed_securities(changes: Any) -> list[Any]:
    """``changes.removed_securities`` (or LEAN's ``RemovedSecurities``) as a list."""
    value = getattr(changes, "removed_securities", None)
    if value is None:
        value = getattr(changes, "RemovedSecurities", None)
    return list(value or [])


def update_collection(securities: dict[Any, Any], changes: Any) -> None:
    """LEAN's ``NotifiedSecurityChanges.UpdateCollection``: add the added, drop the removed (by symbol)."""
    for security in added_securities(changes):
        securities[security.symbol] = security
    for security in removed_securities(changes):
        securities.pop(security.symbol, None)


def dual_names(*snakes: str) -> tuple[tuple[str, str], ...]:
    """``(("create_targets", "CreateTargets"), ...)`` for the given snake_case names."""
    from keel.algorithm.aliases import pascal_case

    return tuple((snake, pascal_case(snake)) for snake in snakes)
