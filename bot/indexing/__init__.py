"""Indexing: Chunks in, index/ out (vectors, passages, manifest), built only when stale and loaded whole."""
