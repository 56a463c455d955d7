"""Small helpers to read and build QuickFIX messages by tag number."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import quickfix as fix

from keel.fix.redact import redact

Fields = Iterable[tuple[int, str]]


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
    """A message of ``message_type`` with body ``fields`` (empty values skipped) and extra ``header``."""
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
