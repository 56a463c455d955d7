"""Redaction of secrets in FIX messages before they reach any log.

Tags 96 (RawData, TT's session password), 554 (Password) and 925 (NewPassword) are replaced
by ``***``; SOH delimiters are shown as ``|``.
"""

from __future__ import annotations

import re

SECRET_TAGS: frozenset[int] = frozenset({96, 554, 925})
"""Tags whose values are never logged."""

SOH = "\x01"

_PROBES = tuple(f"{tag}=" for tag in sorted(SECRET_TAGS))
_PATTERN = re.compile(r"(?:(?<=\x01)|(?<=\|)|^)(" + "|".join(str(t) for t in sorted(SECRET_TAGS)) + r")=[^\x01|]*")


def redact(message: str) -> str:
    """Return ``message`` with secret values masked and SOH shown as ``|``."""
    if not any(probe in message for probe in _PROBES):  # most messages: no regex pass
        return message.replace(SOH, "|")
    return _PATTERN.sub(r"\1=***", message).replace(SOH, "|")
