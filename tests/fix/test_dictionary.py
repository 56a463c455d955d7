"""Keel's TT dictionary loads in QuickFIX and encodes TT's requiredness rules."""

from __future__ import annotations

import pytest

from keel.fix.dictionary import dictionary_path

fix = pytest.importorskip("quickfix")


def test_tt_dictionary_rules() -> None:
    dictionary = fix.DataDictionary(str(dictionary_path()))
    assert dictionary.getVersion() == "FIX.4.4"
    for msg_type, tag in (("8", 37), ("8", 150), ("8", 39), ("8", 151), ("8", 14), ("8", 6), ("9", 434),
                          ("B", 148), ("B", 33), ("B", 58), ("j", 380), ("A", 108), ("W", 262), ("X", 262)):
        assert dictionary.isRequiredField(msg_type, tag), (msg_type, tag)
    # TT accepts G with only 11/41/40 and F with only 11/41, and an empty H.
    assert not dictionary.isRequiredField("G", 38) and not dictionary.isRequiredField("G", 54)
    assert not dictionary.isRequiredField("F", 207) and not dictionary.isRequiredField("H", 11)
    assert dictionary.isMsgField("D", 1031) and dictionary.isMsgField("8", 16728)
    assert dictionary.isFieldValue(269, "C")  # tolerated in requests
    assert not dictionary.isFieldValue(40, "P")


def test_unknown_dictionary_name_is_explained() -> None:
    with pytest.raises(FileNotFoundError, match=r"shipped: TT-FIX44\.xml"):
        dictionary_path("CME.xml")
