"""Ingest: the files of corpus/ in, Documents and their Chunks (with structure and search keys) out."""
