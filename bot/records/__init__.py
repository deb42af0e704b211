"""Records: answer records and votes in; the question log, the votes and the review groups out (SQLite or PostgreSQL)."""
