"""Fixed-size binary records, appended in order, with full chunks kept compressed.

The order log appends one packed ``struct`` record per order event and per closed order; a
backtest that trades on every bar appends millions. Records of one kind are highly regular
(ids that count up, equal times, repeated prices), so a chunk of them compresses well once its
bytes are regrouped by position in the record ("byte shuffle", as in Blosc/HDF5): the first
byte of every record, then the second, and so on. A chunk of ``chunk_rows`` records is sealed
(shuffled and zlib-compressed) when it is full; the open chunk stays a plain ``bytearray``.

Random access decompresses the chunk holding the row; a few recently used chunks are kept
decompressed, so sequential reads (results, hashes) and reads near the end cost little.
"""

from __future__ import annotations

import struct
import zlib
from collections import OrderedDict
from collections.abc import Iterator
from typing import Any

import numpy as np

_LEVEL = 1  # zlib's fastest level: shuffled records compress ~20x even so


class RecordStore:
    """Append-only rows of one ``struct`` layout; sealed chunks are shuffled and compressed."""

    __slots__ = ("_cache", "_cached", "_chunk_bytes", "_chunk_rows", "_count", "_record", "_sealed", "_size", "_tail")

    def __init__(self, record: struct.Struct, chunk_rows: int = 4096, cached_chunks: int = 4) -> None:
        if chunk_rows < 1 or cached_chunks < 1:
            raise ValueError("chunk_rows and cached_chunks must be at least 1")
        self._record = record
        self._size = record.size
        self._chunk_rows = chunk_rows
        self._chunk_bytes = chunk_rows * record.size
        self._sealed: list[bytes] = []
        self._tail = bytearray()
        self._count = 0
        self._cache: OrderedDict[int, bytearray] = OrderedDict()
        self._cached = cached_chunks

    def __len__(self) -> int:
        return self._count

    # --- writing -------------------------------------------------------------------------------
    def append(self, data: bytes) -> int:
        """Append one packed record (``len(data)`` must be the record size); returns its row."""
        row = self._count
        self._count = row + 1
        tail = self._tail
        tail += data
        if len(tail) >= self._chunk_bytes:
            self._sealed.append(self._compress(tail))
            self._tail = bytearray()
        return row

    def pack_into(self, row: int, field: struct.Struct, offset: int, *values: Any) -> None:
        """Overwrite ``field`` at byte ``offset`` of record ``row`` (rare: re-seals a full chunk)."""
        chunk, index = divmod(row, self._chunk_rows)
        position = index * self._size + offset
        if chunk == len(self._sealed):
            field.pack_into(self._tail, position, *values)
            return
        data = bytearray(self._chunk(chunk))
        field.pack_into(data, position, *values)
        self._sealed[chunk] = self._compress(data)
        self._cache[chunk] = data

    # --- reading -------------------------------------------------------------------------------
    def unpack(self, row: int) -> tuple[Any, ...]:
        """All fields of record ``row``."""
        return self.unpack_field(row, self._record, 0)

    def unpack_field(self, row: int, field: struct.Struct, offset: int) -> tuple[Any, ...]:
        """``field`` read at byte ``offset`` of record ``row``."""
        if not 0 <= row < self._count:
            raise IndexError(f"record {row} out of range (0..{self._count - 1})")
        chunk, index = divmod(row, self._chunk_rows)
        data = self._tail if chunk == len(self._sealed) else self._chunk(chunk)
        return field.unpack_from(data, index * self._size + offset)

    def __iter__(self) -> Iterator[tuple[Any, ...]]:
        """Every record, in row order."""
        record = self._record
        for chunk in range(len(self._sealed)):
            yield from record.iter_unpack(self._chunk(chunk))
        if self._tail:
            yield from record.iter_unpack(bytes(self._tail))

    def nbytes(self) -> int:
        """Bytes held: the compressed chunks plus the open chunk (not the decompressed cache)."""
        return sum(len(c) for c in self._sealed) + len(self._tail)

    # --- chunks --------------------------------------------------------------------------------
    def _compress(self, data: bytes | bytearray) -> bytes:
        shuffled = np.frombuffer(data, dtype=np.uint8).reshape(-1, self._size).T.tobytes()
        return zlib.compress(shuffled, _LEVEL)

    def _chunk(self, chunk: int) -> bytearray:
        cache = self._cache
        data = cache.get(chunk)
        if data is not None:
            cache.move_to_end(chunk)
            return data
        raw = np.frombuffer(zlib.decompress(self._sealed[chunk]), dtype=np.uint8)
        data = bytearray(raw.reshape(self._size, -1).T.tobytes())
        cache[chunk] = data
        if len(cache) > self._cached:
            cache.popitem(last=False)
        return data


__all__ = ["RecordStore"]
