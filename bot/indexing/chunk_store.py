"""The passages of an index, read from chunks.jsonl one at a time when first needed.

The build writes each chunk as one JSON line and, beside them, where each line starts and how
many search keys it has; loading reads only those arrays and the ids, so a 100,000-chunk index
opens in milliseconds and a question parses the few passages it looks at.
"""

from __future__ import annotations

import json
import mmap
from collections.abc import Iterator, Sequence
from pathlib import Path

import numpy as np

from ..ingest.chunking import Chunk


def write_chunks(folder: Path, lines_file: str, table_file: str, chunks: Sequence[Chunk], keys: list[list[str]]) -> None:
    """Write the chunks with their keys, a JSON line each, and the table of where each line starts."""
    offsets = [0]
    with open(folder / lines_file, "wb") as out:
        for chunk, chunk_keys in zip(chunks, keys):
            line = (json.dumps({**chunk.to_dict(), "keys": chunk_keys}, ensure_ascii=False) + "\n").encode("utf-8")
            out.write(line)
            offsets.append(offsets[-1] + len(line))
    with open(folder / table_file, "wb") as out:
        np.savez(out, offsets=np.asarray(offsets, np.int64), key_counts=np.asarray([len(k) for k in keys], np.int64))


class StoredChunks(Sequence[Chunk]):
    """A read-only sequence of the index's chunks, each parsed on first use and kept."""

    def __init__(self, folder: Path, lines_file: str, table_file: str, ids: list[str]):
        with np.load(folder / table_file, allow_pickle=False) as table:
            self.offsets = np.asarray(table["offsets"])
            self.key_counts = np.asarray(table["key_counts"])
        self.ids = ids
        if not len(self.offsets) == len(self.key_counts) + 1 == len(ids) + 1:
            raise ValueError("the chunk table does not match the chunk ids")
        with open(folder / lines_file, "rb") as handle:
            size = handle.seek(0, 2)
            if size != int(self.offsets[-1]):
                raise ValueError("chunks.jsonl does not match its table")
            self._lines = mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) if size else b""
        self._parsed: dict[int, tuple[Chunk, list[str]]] = {}

    def __len__(self) -> int:
        return len(self.ids)

    def _record(self, number: int) -> tuple[Chunk, list[str]]:
        found = self._parsed.get(number)
        if found is None:
            start, end = int(self.offsets[number]), int(self.offsets[number + 1])
            data = json.loads(self._lines[start:end])
            found = (Chunk.from_dict(data), [str(key) for key in data["keys"]])
            if found[0].id != self.ids[number] or len(found[1]) != self.key_counts[number]:
                raise ValueError(f"chunk {number} does not match the chunk table")
            self._parsed[number] = found
        return found

    def __getitem__(self, number):  # one chunk at a time: a slice would parse many at once
        if not isinstance(number, (int, np.integer)):
            raise TypeError("chunks are looked up one at a time")
        if number < 0:
            number += len(self)
        if not 0 <= number < len(self):
            raise IndexError(number)
        return self._record(int(number))[0]

    def __iter__(self) -> Iterator[Chunk]:
        return (self[n] for n in range(len(self)))

    def keys(self, number: int) -> list[str]:
        """The search texts of chunk `number` (see ingest/keys.py)."""
        return self._record(number)[1]


def section_run(chunks: Sequence[Chunk], number: int) -> tuple[Chunk, ...]:
    """The consecutive chunks of chunk `number`'s section and kind, in document order, that chunk among them."""
    chunk = chunks[number]

    def same_run(n: int) -> bool:
        return chunks[n].doc_id == chunk.doc_id and chunks[n].section == chunk.section and chunks[n].kind == chunk.kind

    start = end = number
    while start > 0 and same_run(start - 1):
        start -= 1
    while end + 1 < len(chunks) and same_run(end + 1):
        end += 1
    return tuple(chunks[n] for n in range(start, end + 1))
