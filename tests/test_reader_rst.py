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
    for shown in ("Added in version 2.1: The --user flag installs for one user.", "Installing needs network access.",
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


def test_no_file_is_read_for_an_image_and_no_configuration_file_is_consulted(tmp_path, monkeypatch):
    secret = tmp_path / "secret.txt"
    secret.write_text("the launch code is 0000")
    monkeypatch.chdir(tmp_path)
    (tmp_path / "docutils.conf").write_text("[general]\ndump_settings: yes\nrecord_dependencies: deps.txt\n")
    text = f"Doc\n===\n\nKept.\n\n.. image:: {secret}?x.svg\n   :loading: embed\n\n.. figure:: {secret}#y.svg\n" \
           "   :loading: embed\n\n   The caption stays.\n"
    _, blocks = read_restructured(tmp_path / "doc.rst", text.encode())
    shown = " ".join(b.text for b in blocks)
    assert "Kept." in shown and "The caption stays." in shown and "launch code" not in shown
    assert not (tmp_path / "deps.txt").exists()


def test_a_document_cannot_change_how_another_is_read():
    read_restructured(Path("a.rst"), b"A\n=\n\n.. role:: ref(literal)\n\n.. default-role:: math\n\nText.\n")
    _, blocks = read_restructured(Path("b.rst"), b"B\n=\n\nSee :ref:`the setup guide <setup>` and `x`.\n")
    assert blocks[-1].text == "See the setup guide and x."


def test_sphinx_layouts_objects_and_metadata_read_as_sphinx_shows_them():
    text = """:orphan:
:tocdepth: 2

Using :program:`git`
====================

General
-------

.. tabs::

   .. tab:: Linux

      Run pip install x.

.. only:: html

   Shown on the web.

.. py:function:: connect(host, port=80)

   Opens a connection.

.. sidebar:: Side
   :subtitle: Sub

   Body of the side.

.. code:: python
   :number-lines:

   a = 1

The square is :math:`a^2 + b^2`.
"""
    title, blocks = read_restructured(Path("git.rst"), text.encode())
    assert title == "Using git"
    assert [(b.kind, b.level, b.text) for b in blocks if b.kind == "heading"] == [("heading", 1, "Using git"),
                                                                                ("heading", 2, "General")]
    texts = [b.text for b in blocks]
    for shown in ("Linux", "Run pip install x.", "Shown on the web.", "connect(host, port=80)", "Opens a connection.",
                  "Sub", "Body of the side.", "a = 1", "The square is a^2 + b^2."):
        assert shown in texts
    assert not any("orphan" in t or "tocdepth" in t or t == "html" for t in texts)


def test_a_definition_lists_classifier_stays_apart_from_its_term():
    _, blocks = read_restructured(Path("api.rst"), b"API\n===\n\ntimeout : float\n   Seconds to wait.\n")
    assert [(b.kind, b.text) for b in blocks][1:] == [("question", "timeout (float)"), ("paragraph", "Seconds to wait.")]


def test_classes_an_author_gives_do_not_read_as_page_chrome():
    text = "Doc\n===\n\n.. rst-class:: related\n\nKept one.\n\n.. container:: menu-note\n\n   Kept two.\n"
    _, blocks = read_restructured(Path("doc.rst"), text.encode())
    assert [b.text for b in blocks] == ["Doc", "Kept one.", "Kept two."]


def test_a_placeholder_address_is_text_not_an_error():
    _, blocks = read_restructured(Path("doc.rst"), b"Doc\n===\n\nOpen http://[hostname]:8080/ in a browser.\n")
    assert blocks[-1].text == "Open http://[hostname]:8080/ in a browser." and not blocks[-1].links


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


def test_a_directive_docutils_does_not_know_shows_its_title_and_text_without_its_options():
    """sphinx-design's dropdowns and tabs, or a project's own "faq" directive, hold the document's words; toctree,
    autodoc and diagrams only instruct the tool."""
    text = """FAQ
===

.. dropdown:: How do I install it?
   :open:
   :animate: fade-in

   Run ``pip install thing``.

.. tab-set::

   .. tab-item:: Windows
      :sync: win

      Use the installer.

.. faq:: Can I pay later?

   Yes, within 30 days.

.. toctree::
   :maxdepth: 2

   install
   usage

.. automodule:: thing.core
   :members:

.. graphviz::

   digraph { install -> run }
"""
    _, blocks = read_restructured(Path("faq.rst"), text.encode())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "FAQ"), ("question", "How do I install it?"), ("paragraph", "Run pip install thing."),
        ("question", "Windows"), ("paragraph", "Use the installer."),
        ("question", "Can I pay later?"), ("paragraph", "Yes, within 30 days.")]


def test_a_directive_in_a_list_reads_the_same_in_any_order_of_documents_and_numbers_or_addresses_are_no_title():
    text = """Help
====

- .. dropdown:: How do I pay?

     By card.

- .. versionadded:: 2.1

     Paying later.

.. grid:: 1 2 2 3

   .. grid-item-card:: Install

      Run the installer.

.. button-link:: https://example.org/docs

   Read the docs

.. nightly-note:: Nightly runs

   The build runs at night.

.. automodapi:: thing.units
   :no-inheritance-diagram:

.. tab-item:: 2023

   Last year's plans.
"""
    _, blocks = read_restructured(Path("help.rst"), text.encode())
    texts = [b.text or " | ".join(b.items) for b in blocks]
    assert "How do I pay? By card." in texts[1] and "Added in version 2.1 Paying later." in texts[1]
    assert texts[2:] == ["Install", "Run the installer.", "Read the docs", "Nightly runs", "The build runs at night.",
                         "2023", "Last year's plans."]
