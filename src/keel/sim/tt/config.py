"""Typed configuration of the TT simulator: dataclasses with all defaults in one place.

Load from TOML with :func:`load_config` (unknown keys and wrong types are refused with a
message naming the key and the fix) or build in Python; ``with_overrides`` applies CLI flags.
Keys may be written ``snake_case`` or ``kebab-case``.
"""

from __future__ import annotations

import dataclasses
import tomllib
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ENVIRONMENTS: tuple[str, ...] = ("ext_uat_cert", "ext_prod_live")
"""REST environments the simulator serves."""


class ConfigError(ValueError):
    """A configuration value is missing, unknown or of the wrong type."""


@dataclass(frozen=True)
class UserConfig:
    """A TT user with its FIX sessions, accounts and REST application key."""

    name: str = "KEELTRADER"
    password: str = "keel-session-password"
    order_comp_id: str = "KEELORD"
    md_comp_id: str = "KEELMD"
    accounts: tuple[str, ...] = ("KEEL01",)
    app_key: str = "5e1c3b0a-0d6f-4e52-9a3b-6d1f7c2a9e01"
    app_secret: str = "8a7f0c2e-31b4-4c9d-b5e6-0f1a2b3c4d5e"


@dataclass(frozen=True)
class FixEndpointConfig:
    """One FIX acceptor: listening port (0 = pick a free one) and the simulator's CompID."""

    port: int = 0
    comp_id: str = "TT_ORDER"
    heartbeat_seconds: int = 30


@dataclass(frozen=True)
class RestConfig:
    """The REST API: port (0 = pick a free one), token lifetime and optional rate limit."""

    port: int = 0
    token_lifetime_seconds: int = 3600
    rate_limit_per_second: float = 0.0
    environments: tuple[str, ...] = ENVIRONMENTS


@dataclass(frozen=True)
class TlsConfig:
    """TLS on the FIX acceptors and the REST API with a certificate the simulator generates."""

    enabled: bool = False
    cert_dir: str = ""
    hostname: str = "localhost"


@dataclass(frozen=True)
class LiquidityConfig:
    """Background liquidity: ``synthetic`` (seeded), ``replay`` (LEAN data folder) or ``none``."""

    mode: str = "synthetic"
    symbols: tuple[str, ...] = ("ES", "NQ", "CL", "GC", "ZN", "6E")
    interval_seconds: float = 0.25
    depth: int = 5
    level_size: int = 10
    trade_probability: float = 0.3
    data_folder: str = ""
    replay_dates: tuple[str, ...] = ()
    replay_market: str = "cme"
    replay_root: str = "es"
    speed: float = 1.0


@dataclass(frozen=True)
class FaultConfig:
    """Seeded random faults (probabilities 0..1); explicit faults come from the admin API or Python."""

    seed: int = 0
    execution_report_delay_probability: float = 0.0
    execution_report_delay_seconds: float = 0.2
    execution_report_duplicate_probability: float = 0.0
    execution_report_reorder_probability: float = 0.0
    order_reject_probability: float = 0.0
    order_reject_text: str = "Order rejected by simulator fault injection"
    rest_error_probability: float = 0.0
    rest_error_status: int = 503
    rest_rate_limit_probability: float = 0.0
    rest_slow_probability: float = 0.0
    rest_slow_seconds: float = 2.0


@dataclass(frozen=True)
class SimConfig:
    """Everything the simulator needs; every field has a working default."""

    host: str = "127.0.0.1"
    seed: int = 1
    listing_date: str = ""
    order_routing: FixEndpointConfig = field(default_factory=lambda: FixEndpointConfig(comp_id="TT_ORDER"))
    market_data: FixEndpointConfig = field(default_factory=lambda: FixEndpointConfig(comp_id="TT_PRICE"))
    rest: RestConfig = field(default_factory=RestConfig)
    tls: TlsConfig = field(default_factory=TlsConfig)
    users: tuple[UserConfig, ...] = (UserConfig(),)
    liquidity: LiquidityConfig = field(default_factory=LiquidityConfig)
    faults: FaultConfig = field(default_factory=FaultConfig)
    validate_outbound: bool = False
    log_fix_messages: bool = False

    def validate(self) -> SimConfig:
        """Check cross-field rules; return ``self`` or raise :class:`ConfigError`."""
        if not self.users:
            raise ConfigError("users: at least one [[users]] entry is required")
        seen: set[str] = set()
        for user in self.users:
            for comp_id in (user.order_comp_id, user.md_comp_id):
                if comp_id in seen:
                    raise ConfigError(f"users: CompID {comp_id!r} is used twice; every session needs its own")
                seen.add(comp_id)
            if not user.accounts:
                raise ConfigError(f"users[{user.name}].accounts: give at least one account name")
        for env in self.rest.environments:
            if env not in ENVIRONMENTS:
                raise ConfigError(f"rest.environments: unknown {env!r}; use {', '.join(ENVIRONMENTS)}")
        if self.liquidity.mode not in ("synthetic", "replay", "none"):
            raise ConfigError(f"liquidity.mode: {self.liquidity.mode!r}; use synthetic, replay or none")
        if self.liquidity.mode == "replay" and not self.liquidity.data_folder:
            raise ConfigError("liquidity.data_folder: required for replay (a LEAN data folder, e.g. Data/)")
        if self.liquidity.speed <= 0:
            raise ConfigError(f"liquidity.speed: must be > 0, got {self.liquidity.speed}")
        for port_name, port in (
            ("order_routing.port", self.order_routing.port),
            ("market_data.port", self.market_data.port),
            ("rest.port", self.rest.port),
        ):
            if not 0 <= port <= 65535:
                raise ConfigError(f"{port_name}: {port} is not a TCP port (0..65535; 0 = any free port)")
        for name in dataclasses.fields(FaultConfig):
            value = getattr(self.faults, name.name)
            if name.name.endswith("probability") and not 0.0 <= value <= 1.0:
                raise ConfigError(f"faults.{name.name}: {value} is not a probability between 0 and 1")
        return self

    def with_overrides(self, **changes: Any) -> SimConfig:
        """Copy with dotted overrides such as ``{"rest.port": 8080}`` (keys use ``__`` for dots)."""
        config = self
        for dotted, value in changes.items():
            if value is None:
                continue
            parts = dotted.replace("__", ".").split(".")
            config = _replace_path(config, parts, value)
        return config.validate()


def _replace_path(obj: Any, parts: list[str], value: Any) -> Any:
    names = {f.name for f in dataclasses.fields(obj)}
    if parts[0] not in names:
        raise ConfigError(f"unknown setting {'.'.join(parts)!r}; known: {', '.join(sorted(names))}")
    if len(parts) == 1:
        return dataclasses.replace(obj, **{parts[0]: value})
    inner = _replace_path(getattr(obj, parts[0]), parts[1:], value)
    return dataclasses.replace(obj, **{parts[0]: inner})


def load_config(path: str | Path) -> SimConfig:
    """Read a TOML config file; every error names the file and the key."""
    path = Path(path)
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"{path}: config file not found") from None
    except tomllib.TOMLDecodeError as error:
        raise ConfigError(f"{path}: not valid TOML ({error})") from None
    try:
        return config_from_dict(data)
    except ConfigError as error:
        raise ConfigError(f"{path}: {error}") from None


def config_from_dict(data: dict[str, Any]) -> SimConfig:
    """Build a :class:`SimConfig` from plain data (as parsed from TOML or JSON)."""
    result = _build(SimConfig, data, "")
    assert isinstance(result, SimConfig)
    return result.validate()


def _build(cls: type, data: Any, where: str) -> Any:
    if not isinstance(data, dict):
        raise ConfigError(f"{where or 'top level'}: expected a table, got {type(data).__name__}")
    hints = typing.get_type_hints(cls)
    known = {f.name for f in dataclasses.fields(cls)}
    values: dict[str, Any] = {}
    for raw_key, raw_value in data.items():
        key = raw_key.replace("-", "_")
        path = f"{where}.{raw_key}" if where else raw_key
        if key not in known:
            raise ConfigError(f"unknown key {path!r}; known keys here: {', '.join(sorted(known))}")
        values[key] = _coerce(hints[key], raw_value, path)
    return cls(**values)


def _coerce(hint: Any, value: Any, path: str) -> Any:
    origin = typing.get_origin(hint)
    if dataclasses.is_dataclass(hint):
        return _build(hint, value, path)  # type: ignore[arg-type]
    if origin is tuple:
        inner = typing.get_args(hint)[0]
        if not isinstance(value, list):
            raise ConfigError(f"{path}: expected a list, got {value!r}")
        return tuple(_coerce(inner, item, f"{path}[{i}]") for i, item in enumerate(value))
    if origin in (typing.Union, types.UnionType):
        options = [a for a in typing.get_args(hint) if a is not type(None)]
        return _coerce(options[0], value, path)
    if hint is bool:
        if not isinstance(value, bool):
            raise ConfigError(f"{path}: expected true or false, got {value!r}")
        return value
    if hint is int:
        if isinstance(value, bool) or not isinstance(value, int):
            raise ConfigError(f"{path}: expected an integer, got {value!r}")
        return value
    if hint is float:
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ConfigError(f"{path}: expected a number, got {value!r}")
        return float(value)
    if hint is str:
        if not isinstance(value, str):
            raise ConfigError(f"{path}: expected a string, got {value!r}")
        return value
    raise ConfigError(f"{path}: unsupported setting type {hint!r}")
