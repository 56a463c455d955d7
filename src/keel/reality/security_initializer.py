"""Security initializers: what runs on every security as it is added (LEAN's ``ISecurityInitializer``)."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from keel.reality.dualcase import DualCase

if TYPE_CHECKING:
    from keel.securities.security import Security


class SecurityInitializer(DualCase):
    """Base initializer: does nothing."""

    _dual_names = (("initialize", "Initialize"),)

    def initialize(self, security: Security) -> None:
        """Configure ``security``."""

    Initialize = initialize


class BrokerageModelSecurityInitializer(SecurityInitializer):
    """Applies the brokerage model's models to the security, then seeds its price if a seeder is given.

    ``seeder`` is a callable ``seeder(security) -> bool`` or an object with ``seed_security``.
    """

    def __init__(self, brokerage_model: Any, seeder: Any = None) -> None:
        self.brokerage_model = brokerage_model
        self.seeder = seeder

    def initialize(self, security: Security) -> None:
        """Set fill, fee, slippage, settlement and buying power models; seed the price."""
        self.brokerage_model.apply(security)
        seeder = self.seeder
        if seeder is None:
            return
        seed = getattr(seeder, "seed_security", None) or getattr(seeder, "SeedSecurity", None) or seeder
        seed(security)


class FuncSecurityInitializer(SecurityInitializer):
    """Runs a user function on each security."""

    def __init__(self, func: Callable[[Security], Any]) -> None:
        self.func = func

    def initialize(self, security: Security) -> None:
        """Call the function."""
        self.func(security)


class CompositeSecurityInitializer(SecurityInitializer):
    """Runs several initializers in order."""

    def __init__(self, *initializers: Any) -> None:
        self.initializers = list(initializers)

    def initialize(self, security: Security) -> None:
        """Run each initializer."""
        for initializer in self.initializers:
            if callable(initializer) and not hasattr(initializer, "initialize"):
                initializer(security)
            else:
                initializer.initialize(security)


def as_security_initializer(value: Any) -> SecurityInitializer:
    """Accept an initializer object or a plain function (``set_security_initializer(func)``)."""
    if isinstance(value, SecurityInitializer):
        return value
    if hasattr(value, "initialize") or hasattr(value, "Initialize"):
        return FuncSecurityInitializer(getattr(value, "initialize", None) or value.Initialize)
    if callable(value):
        return FuncSecurityInitializer(value)
    raise TypeError(
        f"a security initializer must be callable or have initialize(security), got {type(value).__name__}"
    )


def apply_brokerage_model_to_existing(securities: Any, brokerage_model: Any) -> None:
    """LEAN's ``SetBrokerageModel`` on securities added earlier: re-initialize, keep their leverage."""
    initializer = BrokerageModelSecurityInitializer(brokerage_model)
    for security in list(securities.values()):
        leverage = security.leverage
        initializer.initialize(security)
        with contextlib.suppress(ValueError):
            security.set_leverage(leverage)
