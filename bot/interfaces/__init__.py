"""Interfaces: Answers in; the command line, terminal text, Markdown, the Gradio page, feedback and eval out."""
