"""The Markdown and plain-text readers on real excerpts of their hard cases."""

from pathlib import Path

from bot.ingest.markdown import read_markdown
from bot.ingest.text import read_text

DATA = Path(__file__).resolve().parent / "data" / "corpora"


def test_ripgrep_faq_raw_html_questions_code_and_no_table_of_contents():
    path = DATA / "ripgrep-faq-md" / "corpus" / "FAQ.md"
    title, blocks = read_markdown(path, path.read_bytes())
    headings = [b.text for b in blocks if b.kind == "heading"]
    assert "Does ripgrep support configuration files?" in headings  # an <h3> written in raw HTML
    assert not any(b.kind == "list" and "Does ripgrep support configuration files?" in b.items for b in blocks)
    code = [b.text for b in blocks if b.kind == "code"]
    assert "$ mkdir -p man/man1\n$ rg --generate man > man/man1/rg.1\n$ MANPATH=\"$PWD/man\" man rg" in code
    release = next(b.text for b in blocks if b.text.startswith("ripgrep is a project whose contributors"))
    assert "A release schedule adds undue stress" in release  # soft-wrapped lines joined
    assert "no dates will ever be given" in release  # **bold** markup dropped


def test_markdown_bold_question_lines_are_entries():
    text = b"# Help\n\n**How do I reset it?**\n\nHold the button.\n\n**Where is the button?**\n\nAt the back.\n"
    _, blocks = read_markdown(Path("help.md"), text)
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Help"), ("question", "How do I reset it?"), ("paragraph", "Hold the button."),
        ("question", "Where is the button?"), ("paragraph", "At the back.")]


def test_a_nested_list_is_written_out_in_its_item():
    _, blocks = read_markdown(Path("os.md"), b"* Windows\n  * 10 and 11\n  * Server 2022\n* macOS\n")
    assert [b.items for b in blocks] == [("Windows: 10 and 11; Server 2022", "macOS")]


def test_xz_faq_wrapped_answers_and_questions_over_two_lines():
    path = DATA / "xz-faq" / "corpus" / "faq.txt"
    title, blocks = read_text(path, path.read_bytes())
    assert title == "XZ Utils FAQ"
    questions = [b.text for b in blocks if b.kind == "question"]
    assert "Why is liblzma named liblzma if its primary file format is .xz? Shouldn't it be e.g. libxz?" in questions
    answer = next(b.text for b in blocks if b.text.startswith("Nothing. They are just two letters"))
    assert "which come from the file format suffix .xz. The .xz suffix was selected" in answer
    assert not any(b.kind == "heading" and b.level > 1 for b in blocks)  # wrapped lines are never headings


MYST = """# Frequently Asked Questions

```{contents}
:local:
:backlinks: none
```

## Why spaces? I prefer tabs

PEP 8 recommends spaces.

```{note}
:class: dropdown
Tabs are an *accessibility* issue for some readers.
```

```{code-block} python
:linenos:
x = 1
```

```{toctree}
installation
usage
```

- One step
  ```{tip}
  Run it twice.
  ```
"""


def test_myst_directives_show_their_text_or_code_and_tool_instructions_show_nothing():
    """Sphinx and Jupyter Book documentation write ```{name} fences: a note is prose, a code-block code, and a
    contents list or toctree only tells the documentation tool what to do."""
    _, blocks = read_markdown(Path("faq.md"), MYST.encode())
    shown = [(b.kind, b.text or b.items) for b in blocks]
    assert shown == [("heading", "Frequently Asked Questions"), ("heading", "Why spaces? I prefer tabs"),
                     ("paragraph", "PEP 8 recommends spaces."),
                     ("paragraph", "Tabs are an accessibility issue for some readers."),
                     ("code", "x = 1"), ("list", ("One step\nRun it twice.",))]


def test_a_myst_directive_not_listed_shows_its_title_and_text_and_a_figure_its_caption():
    text = """# FAQ

```{dropdown} How do I install it?
:open:
Run `pip install thing`.
```

````{tab-set}
```{tab-item} Windows
:sync: win
Use the installer.
```
````

```{figure} images/setup.png
:width: 80%
The setup screen.
```

```{toctree}
:maxdepth: 2
install
```

```{autoclass} thing.Core
```
"""
    _, blocks = read_markdown(Path("faq.md"), text.encode())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "FAQ"), ("question", "How do I install it?"), ("paragraph", "Run pip install thing."),
        ("question", "Windows"), ("paragraph", "Use the installer."), ("paragraph", "The setup screen.")]


def test_myst_code_like_directives_are_code_embedded_rst_is_read_as_rst_and_numbers_or_addresses_are_no_title():
    text = """# Help

```{plot}
import matplotlib.pyplot as plt
```

```{eval-rst}
.. note:: Read :ref:`the setup guide <setup>` first.

.. automodule:: thing
   :members:
```

````{grid} 1 2 2 3
```{grid-item-card} Install
Run the installer.
```
````

```{button-link} https://example.org/docs
Read the docs
```

```{versionchanged} 3.0
Paying later.
```
"""
    _, blocks = read_markdown(Path("help.md"), text.encode())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Help"), ("code", "import matplotlib.pyplot as plt"),
        ("paragraph", "Read the setup guide first."),
        ("question", "Install"), ("paragraph", "Run the installer."), ("paragraph", "Read the docs"),
        ("paragraph", "Changed in version 3.0"), ("paragraph", "Paying later.")]


MKDOCS = '''Questions
=========

??? question "How do I install it?"
    Run `pip install thing`, then:

    ```sh
    thing --init
    ```

???+ faq "Can I pay later?"

    Yes, within 30 days.

    !!! warning "Late fees"
        After that, 2% a month.

!!! note
    Prices include tax.

=== "Linux"

    Use apt.

=== "Windows"

    Use the installer.

```text
!!! note "Not an admonition"
    inside code
```
'''


def test_mkdocs_admonitions_details_and_tabs_read_as_titles_over_prose_not_as_code():
    """MkDocs Material's "??? question" blocks hold an FAQ's answers indented four spaces, which CommonMark alone
    reads as code; a setext underline ("===") and fenced code stay what they are."""
    _, blocks = read_markdown(Path("faq.md"), MKDOCS.encode())
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Questions"), ("question", "How do I install it?"), ("paragraph", "Run pip install thing, then:"),
        ("code", "thing --init"), ("question", "Can I pay later?"), ("paragraph", "Yes, within 30 days."),
        ("question", "Late fees"), ("paragraph", "After that, 2% a month."), ("paragraph", "Prices include tax."),
        ("question", "Linux"), ("paragraph", "Use apt."), ("question", "Windows"), ("paragraph", "Use the installer."),
        ("code", '!!! note "Not an admonition"\n    inside code')]
