"""Search: a question (and the conversation) in, ranked hits with their confidence and the follow-up decision out."""
