"""Data dictionaries shipped with Keel (QuickFIX XML format)."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

TT_DICTIONARY = "TT-FIX44.xml"
"""File name of Keel's TT FIX 4.4 dictionary (order routing and market data)."""


def dictionary_path(name: str = TT_DICTIONARY) -> Path:
    """Filesystem path of a shipped dictionary; ``FileNotFoundError`` names what is shipped."""
    spec = resources.files("keel.fix") / "spec" / name
    path = Path(str(spec))
    if not path.is_file():
        shipped = sorted(p.name for p in Path(str(resources.files("keel.fix") / "spec")).glob("*.xml"))
        raise FileNotFoundError(f"no FIX dictionary {name!r} in keel/fix/spec; shipped: {', '.join(shipped)}")
    return path
