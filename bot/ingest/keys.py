"""The texts each chunk is searched by: the whole passage with its heading path, then one per unit."""

from __future__ import annotations

from .chunking import Chunk, Unit


def unit_search_text(unit: Unit, header: Unit | None) -> str:
    """A unit as a sentence of its own; table cells labelled by the header."""
    if unit.role == "row" and header is not None:
        return "; ".join(f"{label}: {cell}" if label else cell for label, cell in zip(header.cells, unit.cells))
    return unit.text


def search_keys(chunk: Chunk) -> list[str]:
    """Key 0 is the section's heading path with the whole passage; key i+1 is unit i of the chunk."""
    header = next((unit for unit in chunk.units if unit.role == "header"), None)
    return [f"{chunk.section}\n{chunk.text}"] + [unit_search_text(unit, header) for unit in chunk.units]
