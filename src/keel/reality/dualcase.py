"""Lets a user override a model method in either spelling (``get_order_fee`` or ``GetOrderFee``).

A base class lists its overridable pairs in ``_dual_names``; when a subclass defines only one
spelling, the other is pointed at it, so the engine (which calls snake_case) and LEAN-style user
code (which overrides PascalCase) meet on the same function.
"""

from __future__ import annotations

from typing import Any, ClassVar


class DualCase:
    """Mixin: keeps snake_case and PascalCase spellings of overridable methods in sync."""

    _dual_names: ClassVar[tuple[tuple[str, str], ...]] = ()

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        for snake, pascal in cls._dual_names:
            own = cls.__dict__
            if pascal in own and snake not in own:
                setattr(cls, snake, own[pascal])
            elif snake in own and pascal not in own:
                setattr(cls, pascal, own[snake])
