"""keel.fix.message: the text-parsing ``build`` equals building field by field."""

from __future__ import annotations

import pytest

from keel.fix.message import _build_slow, build, field, flat_fields, header_field, text_fields

CASES = [
    ("8", [(37, "abc"), (11, "c1"), (17, "x-1"), (150, "0"), (39, "0"), (1, "KEEL01"), (55, "ES"), (167, "FUT"),
           (207, "CME"), (48, "123"), (22, "96"), (541, "20261218"), (200, "202612"), (54, "1"), (38, "1"),
           (40, "2"), (59, "1"), (151, "1"), (14, "0"), (6, "0"), (60, "20261121-10:00:00.123"), (44, "3000.25"),
           (58, "price a=b"), (16728, "3")], ()),
    ("A", [(96, "hunter2"), (553, "trader"), (98, "0"), (108, "30"), (141, "Y")], [(116, "trader")]),
    ("j", [(45, ""), (372, "D"), (379, None), (380, "3"), (58, "MsgType Z is not supported")], ()),
    ("B", [(148, "Recovery Complete"), (33, "1"), (58, "Recovery is complete")], [(116, "u"), (50, "x")]),
    ("8", [(37, "1"), (116, "body-116-goes-to-header")], ()),   # header tag in the body list: slow path
    ("8", [(37, "1"), (58, "bad\x01value")], ()),               # SOH in a value: slow path
]


@pytest.mark.parametrize(("kind", "fields", "header"), CASES)
def test_build_matches_field_by_field(kind, fields, header) -> None:  # type: ignore[no-untyped-def]
    fast, slow = build(kind, fields, header), _build_slow(kind, fields, header)
    assert fast.toString() == slow.toString()
    for tag, value in fields:
        if value and tag != 116:
            assert field(fast, tag) == value
    for tag, value in header:
        assert header_field(fast, tag) == value


def test_build_accepts_an_iterator() -> None:
    fields = [(11, "a"), (38, "2")]
    assert build("D", iter(fields)).toString() == _build_slow("D", fields).toString()


def test_flat_fields() -> None:
    message = build("D", [(11, "a"), (38, "2"), (58, "x=y")], [(116, "u")])
    flat = flat_fields(message)
    assert flat["11"] == "a" and flat["38"] == "2" and flat["58"] == "x=y" and flat["116"] == "u"
    assert flat["35"] == "D" and "44" not in flat


@pytest.mark.parametrize(("raw", "expected"), [
    ("8=FIX.4.4\x019=5\x0135=D\x0111=a\x0110=000\x01",
     {"8": "FIX.4.4", "9": "5", "35": "D", "11": "a", "10": "000"}),
    ("8=FIX.4.4\x0135=D\x0158=x=y\x0111=a\x01",          # "=" inside a value: the slow path
     {"8": "FIX.4.4", "35": "D", "58": "x=y", "11": "a"}),
    ("8=FIX.4.4\x0135=D\x0158=\x0111=a\x01",             # an empty value
     {"8": "FIX.4.4", "35": "D", "58": "", "11": "a"}),
    ("8=FIX.4.4\x0135=D\x0111=a\x0111=b\x01",            # a repeated tag keeps the last value
     {"8": "FIX.4.4", "35": "D", "11": "b"}),
    ("", {}),
])
def test_text_fields_reads_each_tag_and_value(raw: str, expected: dict[str, str]) -> None:
    assert text_fields(raw) == expected
