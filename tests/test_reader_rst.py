"""The reStructuredText reader on a real FAQ page and on Sphinx's markup, which docutils alone does not know."""

from pathlib import Path

from bot.ingest.restructured import read_restructured, role_text

from .test_quality import one_document_bot

# The opening of Requests' FAQ page (docs/community/faq.rst, Apache-2.0), as Sphinx documentation writes it.
REQUESTS_FAQ = """.. _faq:

Frequently Asked Questions
==========================

This part of the documentation answers common questions about Requests.

Encoded Data?
-------------

Requests automatically decompresses gzip-encoded responses, and does
its best to decode response content to unicode when possible.

When either the `brotli <https://pypi.org/project/Brotli/>`_ or `brotlicffi <https://pypi.org/project/brotlicffi/>`_
package is installed, requests also decodes Brotli-encoded responses.

Custom User-Agents?
-------------------

Requests allows you to easily override User-Agent strings, along with
any other HTTP Header. See :ref:`documentation about headers <custom-headers>`.
"""

SPHINX = """Tool FAQ
========

.. contents:: On this page
   :local:

.. toctree::
   :maxdepth: 2

   install

How do I install it?
--------------------

Run the installer [#]_ or call :func:`~tool.api.install`.

.. code-block:: python
   :linenos:
   :emphasize-lines: 2

   import tool
   tool.install()

.. versionadded:: 2.1
   The ``--user`` flag installs for one user.

.. note::
   Installing needs network access.

.. sidebar:: Offline

   Copy the wheel by hand.

.. [#] The installer is ``setup.sh``.

Why is it slow?
---------------

+--------+------------------+
| Option | Effect           |
+========+==================+
| -j     | runs jobs at once|
+--------+------------------+
"""


def test_requests_faq_questions_open_entries_and_markup_shows_as_text():
    title, blocks = read_restructured(Path("faq.rst"), REQUESTS_FAQ.encode())
    assert title == "Frequently Asked Questions"
    assert [b.text for b in blocks if b.kind == "heading"] == ["Frequently Asked Questions", "Encoded Data?",
                                                               "Custom User-Agents?"]
    paragraphs = [b.text for b in blocks if b.kind == "paragraph"]
    assert ("Requests automatically decompresses gzip-encoded responses, and does its best to decode response "
            "content to unicode when possible.") in paragraphs  # wrapped lines joined
    assert "When either the brotli or brotlicffi package is installed, requests also decodes Brotli-encoded responses." \
        in paragraphs  # a link shows its text
    assert paragraphs[-1].endswith("See documentation about headers.")  # a Sphinx role shows its title
    assert not any(":ref:" in text or "<" in text for text in paragraphs)


def test_sphinx_directives_show_their_text_and_code_and_instructions_show_nothing():
    _, blocks = read_restructured(Path("tool.rst"), SPHINX.encode())
    texts = [b.text for b in blocks]
    assert "Run the installer [1] or call install." in texts
    assert ("code", "import tool\ntool.install()") in [(b.kind, b.text) for b in blocks]  # Sphinx's options ignored
    for shown in ("2.1 The --user flag installs for one user.", "Installing needs network access.",
                  "Copy the wheel by hand.", "The installer is setup.sh."):
        assert shown in texts
    assert not any("On this page" in text or "maxdepth" in text or "install\n" in text for text in texts)
    assert ("table", (("Option", "Effect"), ("-j", "runs jobs at once"))) in [(b.kind, b.rows) for b in blocks]


def test_no_file_is_included_and_no_raw_html_passes(tmp_path):
    secret = tmp_path / "secret.txt"
    secret.write_text("the launch code is 0000")
    text = f"Notes\n=====\n\nKept.\n\n.. include:: {secret}\n\n.. raw:: html\n\n   <script>alert(1)</script>\n"
    _, blocks = read_restructured(tmp_path / "notes.rst", text.encode())
    shown = " ".join(b.text for b in blocks)
    assert "Kept." in shown and "launch code" not in shown and "alert" not in shown


def test_a_section_or_label_named_like_page_chrome_is_kept():
    text = "Doc\n===\n\nNavigation\n----------\n\nUse the arrows.\n\n.. _toc:\n\nLabelled paragraph.\n"
    _, blocks = read_restructured(Path("doc.rst"), text.encode())
    assert [b.text for b in blocks] == ["Doc", "Navigation", "Use the arrows.", "Labelled paragraph."]


def test_broken_markup_keeps_its_words():
    text = "Title\n===\n\nThis has `unclosed markup, an :unknown:`role <target>` and an |undefined| value.\n"
    _, blocks = read_restructured(Path("broken.rst"), text.encode())
    assert any("unclosed markup" in b.text and "undefined" in b.text for b in blocks)


def test_a_role_shows_its_title_or_the_last_part_of_a_name():
    assert role_text(":ref:`the setup guide <setup>`") == "the setup guide"
    assert role_text(":py:func:`~requests.api.get`") == "get"
    assert role_text(":class:`!Session`") == "Session"
    assert role_text("`headers`:ref:") == "headers"
    assert role_text("|release|") == "|release|"


def test_an_rst_faq_answers_from_its_entries(tmp_path):
    bot, _ = one_document_bot(tmp_path, "faq.rst", REQUESTS_FAQ)
    answer = bot.answer("Custom User-Agents?")
    assert answer.found and answer.answer.startswith("Requests allows you to easily override User-Agent strings")
    assert answer.sources[0].section.endswith("Custom User-Agents?")
