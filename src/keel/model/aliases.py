"""LEAN PascalCase aliases generated from snake_case members.

``add_pascal_aliases(cls)`` gives ``cls`` a ``MarketOrder`` for its ``market_order`` and a
``Portfolio`` for its ``portfolio`` property, unless the class already defines that name.
User subclasses may override either spelling; ``user_override`` tells the engine which one.
"""

from __future__ import annotations

import re
import types
from typing import Any

_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def pascal_case(name: str) -> str:
    """``market_order`` -> ``MarketOrder``; ``on_data`` -> ``OnData``."""
    return "".join(part[:1].upper() + part[1:] for part in name.split("_") if part)


def add_pascal_aliases(cls: type, extra: dict[str, str] | None = None) -> type:
    """Add a PascalCase alias for each public snake_case attribute defined on ``cls``."""
    for name, value in list(vars(cls).items()):
        if name.startswith("_") or not name.islower():
            continue
        alias = pascal_case(name)
        if alias == name or alias in vars(cls):
            continue
        if isinstance(value, (property, types.MemberDescriptorType)):
            setattr(cls, alias, _alias_property(name))
        elif callable(value) or isinstance(value, (staticmethod, classmethod)):
            setattr(cls, alias, _alias_method(name))
    for alias, name in (extra or {}).items():
        setattr(cls, alias, _alias_method(name))
    return cls


def snake_keyword(name: str) -> str:
    """``orderProperties`` -> ``order_properties``: LEAN's PascalCase methods take the C#
    parameter names (camelCase) as Python keywords, the snake_case ones their PEP 8 form."""
    return name if name.islower() else _CAMEL_HUMP.sub("_", name).lower()


def _alias_method(name: str) -> Any:
    def alias(self: Any, *args: Any, **kwargs: Any) -> Any:
        if kwargs:
            kwargs = {snake_keyword(key): value for key, value in kwargs.items()}
        return getattr(self, name)(*args, **kwargs)

    alias.__name__ = pascal_case(name)
    alias.__doc__ = f"LEAN spelling of ``{name}``."
    alias._keel_alias_of = name  # type: ignore[attr-defined]
    return alias


def _alias_property(name: str) -> property:
    def getter(self: Any) -> Any:
        return getattr(self, name)

    def setter(self: Any, value: Any) -> None:
        setattr(self, name, value)

    return property(getter, setter, doc=f"LEAN spelling of ``{name}``.")


def user_override(obj: Any, base: type, snake: str) -> Any:
    """The callable the user meant for an event handler: their PascalCase or snake_case method.

    A subclass may define ``OnData`` or ``on_data``; whichever it defines (not inherited from
    ``base``) wins. Returns None when the user defined neither.
    """
    pascal = pascal_case(snake)
    cls = type(obj)
    for name in (snake, pascal):
        impl = getattr(cls, name, None)
        if impl is None:
            continue
        base_impl = getattr(base, name, None)
        if impl is not base_impl and not getattr(impl, "_keel_alias_of", None):
            return getattr(obj, name)
    return None
