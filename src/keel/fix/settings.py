"""Build QuickFIX session settings from typed values instead of hand-written .cfg files."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field

import quickfix as fix

Setting = str | int | bool


def _text(value: Setting) -> str:
    if isinstance(value, bool):
        return "Y" if value else "N"
    return str(value)


@dataclass(frozen=True)
class SessionSpec:
    """One FIX session as seen from the local side (our SenderCompID, their TargetCompID)."""

    sender_comp_id: str
    target_comp_id: str
    begin_string: str = "FIX.4.4"
    options: Mapping[str, Setting] = field(default_factory=dict)

    @property
    def session_id(self) -> fix.SessionID:
        """The QuickFIX session id."""
        return fix.SessionID(self.begin_string, self.sender_comp_id, self.target_comp_id)


def build_settings(defaults: Mapping[str, Setting], sessions: list[SessionSpec]) -> fix.SessionSettings:
    """A ``quickfix.SessionSettings`` with ``defaults`` plus one section per session.

    Values may be ``bool`` (written Y/N), ``int`` or ``str``.
    """
    if not sessions:
        raise ValueError("build_settings: at least one session is required")
    settings = fix.SessionSettings()
    default = fix.Dictionary()
    for key, value in defaults.items():
        default.setString(key, _text(value))
    settings.set(default)
    for spec in sessions:
        section = fix.Dictionary()
        section.setString("BeginString", spec.begin_string)
        section.setString("SenderCompID", spec.sender_comp_id)
        section.setString("TargetCompID", spec.target_comp_id)
        for key, value in spec.options.items():
            section.setString(key, _text(value))
        settings.set(spec.session_id, section)
    return settings


def always_on_schedule() -> dict[str, Setting]:
    """Settings for a session that is active all day, every day (TT's 00:00-00:00 UTC)."""
    return {"StartTime": "00:00:00", "EndTime": "00:00:00", "UseLocalTime": False, "NonStopSession": True}
