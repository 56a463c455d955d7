"""LEAN PascalCase aliases (re-exported from :mod:`keel.model.aliases`, where they live)."""

from keel.model.aliases import add_pascal_aliases, pascal_case, user_override

__all__ = ["add_pascal_aliases", "pascal_case", "user_override"]
