"""A local Trading Technologies venue: FIX 4.4 order routing and market data acceptors, the TT
REST API, a price-time matching engine, background liquidity and fault injection.

The FIX/REST parts need the optional ``quickfix`` dependency; :mod:`keel.sim.tt.matching`,
:mod:`keel.sim.tt.instruments`, :mod:`keel.sim.tt.config` and :mod:`keel.sim.tt.faults` do not.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from keel.sim.tt.config import SimConfig, load_config

if TYPE_CHECKING:
    from keel.sim.tt.simulator import TTSimulator

__all__ = ["SimConfig", "TTSimulator", "load_config"]


def __getattr__(name: str) -> Any:
    if name == "TTSimulator":
        from keel.sim.tt.simulator import TTSimulator

        return TTSimulator
    raise AttributeError(name)
