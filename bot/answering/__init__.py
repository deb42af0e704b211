"""Answering: a question in, a frozen Answer out (intake, search, compose, suggestions, safety); Bot ties them."""
