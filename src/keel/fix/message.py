"""Small helpers to read and build QuickFIX messages by tag number."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import quickfix as fix

from keel.fix.redact import redact

Fields = Iterable[tuple[int, str]]

SOH = "\x01"
_PREFIX = "8=FIX.4.4" + SOH + "9=0" + SOH + "35="
MESSAGE_SUFFIX = "10=000" + SOH
"""Placeholder trailer of message text built here (QuickFIX recomputes 9 and 10 when it sends)."""
# Tags QuickFIX files under the header or trailer when it parses text without a dictionary.
_NOT_BODY = frozenset({
    8, 9, 35, 49, 56, 115, 128, 90, 91, 34, 50, 142, 57, 143, 116, 144, 129, 145, 43, 97, 52, 122,
    212, 213, 347, 369, 627, 628, 629, 630, 1128, 1129, 1156, 93, 89, 10,
})


def field(message: fix.FieldMap, tag: int) -> str | None:
    """Value of ``tag`` in the body (or group) ``message``, ``None`` when absent."""
    return message.getField(tag) if message.isSetField(tag) else None


def header_field(message: fix.Message, tag: int) -> str | None:
    """Value of header ``tag``, ``None`` when absent."""
    header = message.getHeader()
    return header.getField(tag) if header.isSetField(tag) else None


def msg_type(message: fix.Message) -> str:
    """The message's 35 MsgType."""
    return str(message.getHeader().getField(35))


def build(message_type: str, fields: Fields, header: Fields = ()) -> fix.Message:
    """A message of ``message_type`` with body ``fields`` (empty values skipped) and extra ``header``.

    The body is written as FIX text and parsed by QuickFIX in one call (much cheaper than one
    ``setField`` per tag); the result is the same message as setting each field in turn.
    """
    if not isinstance(fields, list | tuple):
        fields = list(fields)
    parts = [_PREFIX, message_type, SOH]
    for tag, value in fields:
        if value is not None and value != "":
            if tag in _NOT_BODY or SOH in value:
                return _build_slow(message_type, fields, header)
            parts += (str(tag), "=", value, SOH)
    parts.append(MESSAGE_SUFFIX)
    message = fix.Message("".join(parts), False)
    if header:
        head = message.getHeader()
        for tag, value in header:
            head.setField(tag, value)
    return message


def message_prefix(message_type: str) -> str:
    """The start of the FIX 4.4 text of a ``message_type`` message, up to its first body field."""
    return _PREFIX + message_type + SOH


def _build_slow(message_type: str, fields: Fields, header: Fields = ()) -> fix.Message:
    """:func:`build` by ``setField`` (for values FIX text cannot carry and header/trailer tags)."""
    message = fix.Message()
    head = message.getHeader()
    head.setField(8, "FIX.4.4")
    head.setField(35, message_type)
    for tag, value in header:
        head.setField(tag, value)
    for tag, value in fields:
        if value is not None and value != "":
            message.setField(tag, value)
    return message


def flat_fields(message: fix.Message) -> dict[str, str]:
    """Every field of ``message`` by tag *text* (header, body and trailer), from one ``toString``.

    Much cheaper than one ``isSetField``/``getField`` pair per tag, but only meaningful for tags
    that occur once in the message (not inside repeating groups).
    """
    return text_fields(message.toString())


def text_fields(raw: str) -> dict[str, str]:
    """The fields of FIX text ``raw`` (``tag=value<SOH>`` each) by tag text; a repeated tag keeps
    its last value."""
    # Fast path: with no "=" inside any value, SOH -> "=" gives tag, value, tag, value, ..., "".
    parts = raw.replace(SOH, "=").split("=")
    if len(parts) == 2 * raw.count(SOH) + 1:
        return dict(zip(parts[0:-1:2], parts[1::2], strict=True))
    fields = {}
    for item in raw.split(SOH)[:-1]:
        tag, _, value = item.partition("=")
        fields[tag] = value
    return fields


def group(count_tag: int, order: Sequence[int], fields: Fields) -> fix.Group:
    """A repeating-group entry whose fields are written in ``order`` (``order[0]`` is the delimiter)."""
    array = fix.IntArray(len(order) + 1)
    for index, tag in enumerate(order):
        array[index] = tag
    array[len(order)] = 0
    entry = fix.Group(count_tag, order[0], array)
    for tag, value in fields:
        if value is not None and value != "":
            entry.setField(tag, value)
    return entry


def groups(message: fix.Message, count_tag: int, delimiter: int) -> list[fix.Group]:
    """All entries of repeating group ``count_tag`` of ``message``."""
    count = int(message.getField(count_tag)) if message.isSetField(count_tag) else 0
    entries = []
    for index in range(1, count + 1):
        entry = fix.Group(count_tag, delimiter)
        message.getGroup(index, entry)
        entries.append(entry)
    return entries


def printable(message: fix.Message) -> str:
    """The message as a log-safe string (secrets masked, SOH as ``|``)."""
    return redact(message.toString())
