"""The texts each chunk is searched by: the whole passage, then one per unit."""

from __future__ import annotations

from .chunking import Chunk, Unit, chunk_units, table_cells, LIST_ITEM


def unit_search_text(unit: Unit, header: str | None) -> str:
    """A unit as a sentence of its own: list bullets dropped, table cells labelled by the header."""
    if unit.role == "item":
        return LIST_ITEM.sub("", unit.text)
    if unit.role == "row" and header:
        labels = table_cells(header)
        cells = table_cells(unit.text)
        return "; ".join(f"{label}: {cell}" if label else cell for label, cell in zip(labels, cells))
    return unit.text


def search_keys(chunk: Chunk) -> list[str]:
    """Key 0 is the section heading with the whole passage; key i+1 is unit i of the chunk."""
    units = chunk_units(chunk)
    header = next((unit.text for unit in units if unit.role == "header"), None)
    return [f"{chunk.section}\n{chunk.text}"] + [unit_search_text(unit, header) for unit in units]
