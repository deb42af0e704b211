"""The HTML reader: a page's structure as blocks, chrome and tables of contents dropped, any bytes read safely."""

from __future__ import annotations

import re
import time
from functools import partial
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.ingest.blocks import Block, UnreadableFile
from bot.ingest.html import read_html

SQLITE_FAQ = Path(__file__).resolve().parent / "data" / "corpora" / "sqlite-faq" / "corpus" / "faq.html"


def read(html: str | bytes, name: str = "page.html") -> tuple[str, list[Block]]:
    return read_html(Path(name), html.encode("utf-8") if isinstance(html, str) else html)


def blocks(html: str | bytes) -> list[Block]:
    return read(html)[1]


def heading(text: str, level: int) -> Block:
    return Block("heading", text, level=level)


paragraph, question = partial(Block, "paragraph"), partial(Block, "question")


def all_text(found: list[Block]) -> str:
    return " ".join(" ".join([b.text, *b.items, *(cell for row in b.rows for cell in row)]) for b in found)


SPHINX = """<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8" /><title>Configuration &#8212; Tern 2.1 documentation</title>
<script>var DOCUMENTATION_OPTIONS = {VERSION: '2.1'};</script><style>div.body {min-width: 450px}</style></head><body>
<div class="related" aria-label="related navigation"><h3>Navigation</h3>
<ul><li class="right"><a href="genindex.html">index</a></li><li><a href="index.html">Tern 2.1</a> &#187;</li></ul></div>
<div class="document"><div class="documentwrapper"><div class="bodywrapper"><div class="body" role="main">
<section id="configuration">
<h1>Configuration<a class="headerlink" href="#configuration" title="Permalink to this heading">¶</a></h1>
<div class="contents local topic" id="contents"><ul class="simple">
<li><p><a class="reference internal" href="#loading-a-file">Loading a file</a></p></li>
<li><p><a class="reference internal" href="#options">Options</a></p>
<ul><li><p><a class="reference internal" href="#timeout">Timeout</a></p></li></ul></li></ul></div>
<p>The server reads its settings from <code class="docutils literal notranslate"><span class="pre">tern.toml</span></code>.
Values given on the command line
win over the file.</p>
<section id="loading-a-file"><h2>Loading a file<a class="headerlink" href="#loading-a-file">¶</a></h2>
<div class="highlight-toml notranslate"><div class="highlight"><pre><span></span><span class="k">[server]</span>
<span class="n">port</span><span class="w"> </span><span class="o">=</span><span class="w"> </span><span class="m">8080</span>
  <span class="n">host</span> = <span class="s">"::"</span>
</pre></div></div>
<div class="admonition note"><p class="admonition-title">Note</p>
<p>Relative paths are resolved from the file&#8217;s own directory.</p></div>
</section></section></div></div></div>
<div class="sphinxsidebar" aria-label="main navigation"><div class="sphinxsidebarwrapper">
<h3><a href="index.html">Table of Contents</a></h3><ul><li><a class="reference internal" href="#">Configuration</a></li></ul>
<div id="searchbox" style="display: none" role="search"><h3 id="searchlabel">Quick search</h3>
<form class="search" action="search.html" method="get"><input type="text" name="q" /><input type="submit" /></form></div>
</div></div></div>
<div class="footer">&#169;2024, The Tern Team. Created using <a href="https://www.sphinx-doc.org/">Sphinx</a>.</div>
</body></html>
"""


def test_sphinx_page_keeps_the_body_and_drops_navigation_sidebar_permalinks_and_local_contents():
    title, found = read(SPHINX)
    assert title == "Configuration — Tern 2.1 documentation"
    assert found == [
        heading("Configuration", 1),
        paragraph("The server reads its settings from tern.toml. Values given on the command line win over the file."),
        heading("Loading a file", 2), Block("code", '[server]\nport = 8080\n  host = "::"'),
        paragraph("Note"), paragraph("Relative paths are resolved from the file’s own directory.")]


SQLITE_SHAPE = """<h2>Frequently Asked Questions</h2><ol class=nounderline><li value='4'><a href="#q4">Why doesn't
  SQLite allow me to use '0' and '0.0' as the primary key?</a></li></ol><a name="q4"></a>
<p><b>(4) Why doesn't SQLite allow me to use '0' and '0.0' as the primary
  key on two different rows of the same table?</b></p>
<blockquote><p>This problem occurs when your primary key is a numeric type.  Change the
  <a href="datatype3.html">datatype</a> of your primary key to TEXT and it should work.</p>

  <p>Every row must have a unique primary key.</p></blockquote></li>
<a name="q3"></a>
<p><b>(3) SQLite lets me insert a string into a database column of type integer!</b></p>
<blockquote>This is a feature, not a bug.  SQLite uses <a href="datatype3.html">dynamic typing</a>.
  <blockquote><pre>
INSERT INTO t1 VALUES(NULL,123);
</pre></blockquote></blockquote></li>
"""


def test_sqlite_faq_shape_bold_question_then_blockquote_answer():
    assert blocks(SQLITE_SHAPE) == [
        heading("Frequently Asked Questions", 2), question("(4) Why doesn't SQLite allow me to use '0' and '0.0' as the primary "
                                                           "key on two different rows of the same table?"),
        paragraph("This problem occurs when your primary key is a numeric type. Change the datatype of your primary key to TEXT "
                  "and it should work."), paragraph("Every row must have a unique primary key."),
        question("(3) SQLite lets me insert a string into a database column of type integer!"),
        paragraph("This is a feature, not a bug. SQLite uses dynamic typing."), Block("code", "INSERT INTO t1 VALUES(NULL,123);")]


@pytest.mark.skipif(not SQLITE_FAQ.exists(), reason="the development corpus is not on this machine")
def test_a_bold_statement_opening_the_answer_to_a_heading_that_asks_stays_in_the_answer():
    # The Cargo Book's FAQ (mdBook): the answer opens with its gist in bold.
    html = (
        '<main><h2 id="can-libraries"><a class="header" href="#can-libraries">Can libraries use <code>*</code> as a '
        "version for their dependencies?</a></h2>\n<p><strong>As of January 22nd, 2016, "
        '<a href="https://crates.io/">crates.io</a> rejects all packages (not just libraries)\nwith wildcard '
        "dependency constraints.</strong></p>\n<p>While libraries <em>can</em>, strictly speaking, they should not.</p>"
        "\n<p><strong>Bold title of another entry</strong></p><p>Its answer.</p></main>"
    )
    assert [(b.kind, b.text) for b in blocks(html)] == [
        ("heading", "Can libraries use * as a version for their dependencies?"),
        ("paragraph", "As of January 22nd, 2016, crates.io rejects all packages (not just libraries) with wildcard "
                      "dependency constraints."),
        ("paragraph", "While libraries can, strictly speaking, they should not."),
        ("question", "Bold title of another entry"),
        ("paragraph", "Its answer."),
    ]


def test_the_real_sqlite_faq_reads_as_questions_and_answers():
    title, found = read_html(SQLITE_FAQ, SQLITE_FAQ.read_bytes())
    entries = [b.text for b in found if b.kind in ("question", "heading") and b.text.startswith("(")]
    assert title == "SQLite Frequently Asked Questions" and len(entries) >= 25
    assert entries[0] == "(1) How do I create an AUTOINCREMENT field?"
    assert not any("Search Documentation" in b.text or "toggle_div" in b.text for b in found)
    assert not any(b.kind == "list" and "How do I create an AUTOINCREMENT field?" in b.items for b in found)


def test_definition_list_gives_questions_then_their_answers():
    html = """<dl class="faq"><dt>What is a shard?</dt>
    <dd><p>A slice of the index.</p><ul><li>one per node</li><li>never split</li></ul></dd>
    <dt>Replica</dt><dd>A copy of a shard.</dd></dl>
    <dl><dt>Unclosed?<dd>Still read<dt>Second<dd>as pairs</dl>"""
    assert blocks(html) == [
        question("What is a shard?"), paragraph("A slice of the index."), Block("list", items=("one per node", "never split")),
        question("Replica"), paragraph("A copy of a shard."),
        question("Unclosed?"), paragraph("Still read"), question("Second"), paragraph("as pairs")]


def test_details_accordion_summary_is_the_question():
    html = """<div class="accordion"><details><summary>Can I cancel my plan?</summary>
    <p>Yes, any time from <b>Settings</b>.</p></details>
    <details open><summary><h3 class="title">Refunds</h3></summary>Refunds take five days.
    <ol><li>Ask</li><li>Wait</li></ol></details></div>"""
    assert blocks(html) == [
        question("Can I cancel my plan?"), paragraph("Yes, any time from Settings."),
        question("Refunds"), paragraph("Refunds take five days."), Block("list", items=("Ask", "Wait"))]


def test_data_table_rows_with_header_first_and_empty_rows_skipped():
    html = """<table class="docutils"><caption>Limits</caption>
    <thead><tr><th class="head"><p>Setting</p></th><th class="head"><p>Default</p></th></tr></thead>
    <tbody><tr><td><p><code>timeout</code></p></td><td><p>30 s</p></td></tr><tr><td></td><td> </td></tr>
    <tr><td>retries</td><td>3<br>(then give up)</td></tr></tbody></table>
    <table><tr><th>a<th>b<tr><td>1<td>2</table>"""
    assert blocks(html) == [
        paragraph("Limits"),
        Block("table", rows=(("Setting", "Default"), ("timeout", "30 s"), ("retries", "3 (then give up)"))),
        Block("table", rows=(("a", "b"), ("1", "2")))]


def test_layout_tables_are_read_as_ordinary_blocks():
    html = """<table width="100%"><tr><td><h2>Install</h2><p>Run the installer.</p></td></tr>
    <tr><td>Then reboot.</td></tr></table>
    <table><tr><td><p>Left one.</p><p>Left two.</p></td><td>
    <table><tr><td>Inner</td><td>cell</td></tr></table></td></tr></table>"""
    assert blocks(html) == [
        heading("Install", 2), paragraph("Run the installer."), paragraph("Then reboot."),
        paragraph("Left one."), paragraph("Left two."), paragraph("Inner"), paragraph("cell")]


def test_inline_elements_do_not_split_text_or_space_punctuation():
    html = """<p>Call <code>init()</code>, then <a href="/guide">read
    the guide</a>. See <em>Setup</em>; <span>two</span> <span>words</span>&nbsp;stay <b>apart</b>!</p>"""
    assert blocks(html) == [paragraph("Call init(), then read the guide. See Setup; two words stay apart!")]
    assert blocks("<p>one<br>two<br/> <br>three</p>") == [paragraph("one two"), paragraph("three")]  # two <br> split
    html = "<pre><code>\ndef f():\n    return 1\n\n</code></pre><p>After <code>f</code>.</p>"  # only `pre` is verbatim
    assert blocks(html) == [Block("code", "def f():\n    return 1\n"), paragraph("After f.")]


def test_hidden_parts_chrome_classes_and_in_page_link_blocks_are_dropped():
    html = """<header class="site"><a href="/">Home</a></header><nav><a href="/a">A</a></nav>
    <div hidden>secret</div><p aria-hidden="true">icon</p><div style="display: none">closed</div>
    <div class="breadcrumbs">Home › Docs</div><div id="left-sidebar">More links</div><ul class="menu"><li>Menu item</li></ul>
    <div id="main-content" class="page has-sidebar"><article><header><h1>Kept title</h1></header>
    <p>Choose <span class="menuselection">File ‣ Open</span>.</p>
    <p><a href="#top">Back to top</a></p><p>See <a href="#x">below</a>.</p>
    <p><a href="#a">One</a> | <a href="#b">Two</a></p><table><tr><td><a href="#a">A</a></td><td><a href="#b">B</a></td></tr>
    <tr><td><a href="#c">C</a></td><td><a href="#d">D</a></td></tr></table></article></div>
    <aside>Related posts</aside><footer>Copyright</footer><noscript>Enable JS</noscript><iframe>frame</iframe>
    <div role="search"><label for="q">Search the docs</label></div><form action="/search"><input name="q" placeholder="Search">
    <select><option>All</option></select><button>Go</button></form><textarea>draft</textarea>
    <div id="mdbook-help-popup"><h2>Keyboard shortcuts</h2><p>Press S to search</p></div>
    <div class="modal fade"><p>Sign up for the newsletter</p></div>"""
    assert blocks(html) == [heading("Kept title", 1), paragraph("Choose File ‣ Open."), paragraph("See below.")]
    kept = '<p class="multimodal">Images and text together.</p>'  # a class that only ends like a widget's
    assert blocks(kept) == [paragraph("Images and text together.")]


def test_a_section_named_after_its_own_heading_is_content_whatever_the_heading_says():
    html = """<section id="related-projects"><h2>Related projects</h2><p>Try ack and ag too.</p></section>
    <div class="section" id="menu"><h3>Menu</h3><p>The menu key opens it.</p></div>
    <section id="navigation"><span id="nav-label"></span><h2>3. Navigation</h2><p>Arrows move.</p></section>
    <div id="related"><h3>See also</h3><p>Other pages.</p></div>"""
    assert blocks(html) == [heading("Related projects", 2), paragraph("Try ack and ag too."), heading("Menu", 3),
                            paragraph("The menu key opens it."), heading("3. Navigation", 2), paragraph("Arrows move.")]


def test_a_bold_only_line_is_an_entry_title_asked_or_not():
    html = """<h2>Setup</h2><p><strong>Prerequisites</strong></p><p>Python 3.11.</p>
    <p><strong>Is Windows supported?</strong></p><p>Yes.</p><p><b>Note:</b> bold lead-in, then text.</p>"""
    assert blocks(html) == [
        heading("Setup", 2), question("Prerequisites"), paragraph("Python 3.11."),
        question("Is Windows supported?"), paragraph("Yes."), paragraph("Note: bold lead-in, then text.")]


def test_lists_one_item_per_li_nested_lists_joining_their_item_unless_the_list_holds_headings_or_code():
    assert blocks("<p>Steps:</p><ul><li>alpha<li>beta<ul><li>gamma<li>delta</ul><li>epsilon</ul>") == [
        paragraph("Steps:"), Block("list", items=("alpha", "beta: gamma; delta", "epsilon"))]
    nested = "<ul><li>Steps:<ol><li>Open Settings.</li><li>Choose Account.</li></ol></li></ul>"
    assert blocks(nested) == [Block("list", items=("Steps: Open Settings. Choose Account.",))]
    html = "<ol><li><h3>Install</h3><pre>pip install tern\n</pre></li><li>Run it.</li></ol>"
    assert blocks(html) == [heading("Install", 3), Block("code", "pip install tern"), paragraph("Run it.")]


def test_title_falls_back_to_first_h1_then_the_file_name():
    assert read("<title>FAQ | Acme Docs</title><p>x</p>")[0] == "FAQ | Acme Docs"
    assert read("<h2>Sub</h2><h1>Main  title</h1>")[0] == "Main title"
    assert read("<p>Just text.</p>", "my-faq.html")[0] == "My faq"


@pytest.mark.parametrize("data", [b"", b"  \n ", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", bytes(range(1, 32)) * 40,
                                  b"<html><head><title>T</title><script>x()</script></head><body> </body></html>"])
def test_empty_binary_or_textless_input_is_unreadable(data):
    with pytest.raises(UnreadableFile) as error:
        read(data)
    assert str(error.value)


@pytest.mark.parametrize(("data", "expected"), [
    ('<meta charset="windows-1251"><p>Привет, мир</p>'.encode("cp1251"), "Привет, мир"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-15"><p>5 €</p>'.encode("iso-8859-15"), "5 €"),
    ("<p>café “quoted”</p>".encode("cp1252"), "café “quoted”"),
    ('<meta charset="x-no-such-charset"><p>naïve</p>'.encode("latin-1"), "naïve"),
    ('<meta charset="utf-8"><p>bad byte \x81 here</p>'.encode("latin-1"), "bad byte \x81 here"),
    ("\ufeff<p>BOM déjà vu</p>".encode(), "BOM déjà vu"),
    ("<p>wide text</p>".encode("utf-16"), "wide text"),
])
def test_charset_handling(data, expected):
    assert blocks(data) == [paragraph(expected)]


@pytest.mark.parametrize("html", [
    "<div>" * 10_000 + "deep text" + "</div>" * 10_000,
    "<ul><li>" * 5_000 + "deep text" + "</li></ul>" * 5_000,
    "<table><tr><td>" * 3_000 + "deep text" + "</td></tr></table>" * 3_000,
    "<p>" + '<a href="/x">' * 5_000 + "deep text" + "</a>" * 5_000 + "</p>",
    "<dl>" + "<dt>Q<dd>A" * 3_000 + "deep text</dl>",
])
def test_deep_nesting_is_fast_and_never_recursive(html):
    started = time.perf_counter()
    found = blocks(html)
    assert time.perf_counter() - started < 2
    assert "deep text" in all_text(found)


def test_a_two_megabyte_page():
    prose = "A sentence of ordinary documentation prose that wraps\nover source lines and explains one thing. " * 6
    section = ('<h2>Part {0} <a class="headerlink" href="#p{0}">¶</a></h2><p>Some <b>bold</b> words, <code>x{0}</code>. '
               + prose + '</p><ul><li>one<li>two <a href="/a">link</a></ul>'
               '<table><tr><th>a<th>b<tr><td>{0}<td>2</table><pre>code\n  line {0}</pre>')
    count = 2_000_000 // len(section) + 1
    page = "<html><head><title>Big</title></head><body><div class=content>" + "".join(map(section.format, range(count)))
    started = time.perf_counter()
    title, found = read(page + "</div></body></html>")
    assert time.perf_counter() - started < 30
    assert title == "Big" and len(found) == 5 * count and found[-1] == Block("code", f"code\n  line {count - 1}")


WORDS = st.text(alphabet="abcdefghijklmnopqrstuvwxyz", min_size=3, max_size=8)
INLINE = st.sampled_from(["{}", "<b>{}</b>", "<em>{}</em>", "<code>{}</code>", '<a href="/p">{}</a>', "<span>{}</span>"])
SPACE = st.sampled_from([" ", "\n  ", " <br>", "&nbsp;"])


@st.composite
def leaf(draw) -> tuple[str, list[str]]:
    """A paragraph, heading, list or bare text of random words, each maybe in an inline element."""
    runs = [draw(st.lists(WORDS, min_size=1, max_size=6)) for _ in range(draw(st.integers(1, 4)))]
    html = ["".join(draw(INLINE).format(word) + draw(SPACE) for word in run) for run in runs]
    words = [word for run in runs for word in run]
    level, kind = draw(st.integers(1, 6)), draw(st.sampled_from(["p", "h", "ul", "bare"]))
    if kind == "ul":
        return "<ul>" + "".join(f"<li>{item}</li>" for item in html) + "</ul>", words
    return {"p": "<p>{}</p>", "h": f"<h{level}>{{}}</h{level}>", "bare": "{}"}[kind].format("<br><br>".join(html)), words


def wrap(args: tuple[str, list[tuple[str, list[str]]]]) -> tuple[str, list[str]]:
    tag, parts = args
    return f"<{tag}>" + "\n".join(html for html, _ in parts) + f"</{tag}>", [word for _, words in parts for word in words]


def nest(children: st.SearchStrategy) -> st.SearchStrategy:
    """Blocks wrapped in a random container."""
    return st.tuples(st.sampled_from(["div", "section", "blockquote", "article", "main"]),
                     st.lists(children, min_size=1, max_size=4)).map(wrap)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.recursive(leaf(), nest, max_leaves=12))
def test_no_body_text_is_lost(page):
    html, words = page
    found = blocks(f"<html><body>{html}</body></html>")
    assert all(b.text or b.items or b.rows for b in found)
    seen = set(re.findall(r"[a-z]+", all_text(found)))
    assert set(words) <= seen


@settings(max_examples=150, deadline=None)
@given(st.one_of(st.binary(max_size=300), st.text(max_size=300).map(lambda t: ("<p>" + t).encode("utf-8", "surrogatepass"))))
def test_any_bytes_read_or_raise_unreadable(data):
    try:
        title, found = read(data)
    except UnreadableFile:
        return
    assert title and found and all(b.text or b.items or b.rows for b in found)


LIBXSLT_FAQ = """<html><body><h2>FAQ</h2><ol>
  <li><em>Troubles compiling or linking programs using libxslt</em>
    <p>Usually the problem comes from the fact that the compiler doesn't get
    the right compilation or linking flags.</p>
    <p><code>xslt-config --cflags</code></p>
  </li>
  <li><em>passing parameters on the xsltproc command line doesn't work</em>
    <p><em>xsltproc --param test alpha foo.xsl foo.xml</em></p>
    <p>In a nutshell do a double escaping at the shell prompt:</p>
  </li>
</ol><ul><li><em>A plain list</em> of one line</li><li>and another</li></ul></body></html>"""


def test_a_list_whose_items_are_titled_entries_reads_as_faq_entries():
    # libxslt's FAQ (libxslt1-dev's html/FAQ.html): an ordered list of emphasised titles over paragraphs.
    assert blocks(LIBXSLT_FAQ) == [
        heading("FAQ", 2),
        question("Troubles compiling or linking programs using libxslt"),
        paragraph("Usually the problem comes from the fact that the compiler doesn't get the right compilation or linking flags."),
        paragraph("xslt-config --cflags"),
        question("passing parameters on the xsltproc command line doesn't work"),
        paragraph("xsltproc --param test alpha foo.xsl foo.xml"),  # emphasis inside the answer stays text
        paragraph("In a nutshell do a double escaping at the shell prompt:"),
        Block("list", items=("A plain list of one line", "and another")),
    ]


def test_a_cell_spanning_rows_is_read_in_each_row_and_one_spanning_columns_keeps_the_columns_in_line():
    html = """<table><tr><th>Plan</th><th>Price</th><th>Users</th></tr>
    <tr><td>Basic</td><td rowspan="2">8 EUR</td><td>1</td></tr><tr><td>Team</td><td>5</td></tr>
    <tr><td colspan="2">Enterprise: ask us</td><td rowspan="999">any</td></tr><tr><td>Trial</td><td>0 EUR</td></tr>
    </table>"""
    assert blocks(html) == [Block("table", rows=(("Plan", "Price", "Users"), ("Basic", "8 EUR", "1"),
                                                 ("Team", "8 EUR", "5"), ("Enterprise: ask us", "", "any"),
                                                 ("Trial", "0 EUR", "any")))]


def test_a_table_of_questions_beside_their_answers_is_faq_entries_but_a_data_table_stays_a_table():
    html = """<h2>Billing</h2><table><tr><th>Question</th><th>Answer</th></tr>
    <tr><td>When am I charged?</td><td>On the first day of each month, by card.</td></tr>
    <tr><td>Can I get an invoice?</td><td>Yes, every invoice is under Settings, then Billing.</td></tr></table>
    <table><tr><th>Plan</th><th>Price</th></tr><tr><td>Basic</td><td>5</td></tr><tr><td>Team</td><td>20</td></tr></table>"""
    assert blocks(html) == [heading("Billing", 2), Block("question", "When am I charged?"),
                            paragraph("On the first day of each month, by card."), Block("question", "Can I get an invoice?"),
                            paragraph("Yes, every invoice is under Settings, then Billing."),
                            Block("table", rows=(("Plan", "Price"), ("Basic", "5"), ("Team", "20")))]


def test_a_form_wrapping_the_whole_page_is_read_and_a_small_form_is_not():
    """ASP.NET and SharePoint pages put all their content in one <form>; a login or search form is a control."""
    html = """<form method="post" action="./faq.aspx" id="form1"><div class="aspNetHidden"><input type="hidden"
    name="__VIEWSTATE" value="abc"></div><h2>Permits</h2><h3>How do I renew my permit?</h3><p>Online, up to thirty
    days before it expires.</p><div class="search"><input name="q"><button>Search</button></div></form>
    <form class="login"><label>User name</label><input name="user"><p>Forgot it? Call the front desk.</p></form>"""
    assert blocks(html) == [heading("Permits", 2), heading("How do I renew my permit?", 3),
                            paragraph("Online, up to thirty days before it expires.")]


def test_a_page_saved_while_a_dialog_covered_it_is_read_and_the_dialog_is_not():
    """A site opening a cookie dialog marks the page under it aria-hidden: hidden from screen readers, not from view."""
    html = """<div id="page" aria-hidden="true"><main><h2>Permits</h2><p>Renew online.</p><span aria-hidden="true">★</span>
    <div class="slick-slide slick-cloned" aria-hidden="true"><h3>Renew online</h3></div></main></div>
    <div role="dialog" aria-modal="true"><p>We use cookies.</p><button>Accept</button></div>
    <div class="offcanvas offcanvas-start" aria-hidden="true"><h1>City of Lyon</h1><p>Parking, permits and fines</p></div>"""
    assert blocks(html) == [heading("Permits", 2), paragraph("Renew online.")]  # an off-canvas menu is no page


def test_text_shown_to_screen_readers_only_is_not_the_pages():
    html = """<a class="skip-link screen-reader-text" href="#main">Skip to content</a><h2 class="accordion__heading">
    Writing well<span class="govuk-visually-hidden">, Show this section</span></h2><p>Use short sentences
    <a href="https://style.example">(see the guide<span class="sr-only"> opens in a new tab</span>)</a>.</p>"""
    read = blocks(html)
    assert [(b.kind, b.text) for b in read] == [("heading", "Writing well"), ("paragraph", "Use short sentences (see the guide).")]


def test_a_form_under_its_own_heading_or_hidden_is_no_page_and_visible_text_is_not_screen_reader_only():
    html = """<form><h2>Subscribe to our newsletter</h2><p>News every month.</p><label>Email</label><input></form>
    <form style="display:none"><h1>Sign in</h1><h2>Your account</h2><p>Enter your password.</p></form>
    <p>Opening hours: <span class="not-sr-only">nine to five</span>.</p>"""
    assert blocks(html) == [paragraph("Opening hours: nine to five.")]


def test_a_label_on_a_bold_question_or_a_heading_is_not_part_of_the_question():
    """FAQ pages write the "Q:" label inside the bold, or in the heading; the entry's question goes without it, and
    its answer without its "A:"."""
    for html in ("<p><strong>Q: Can I pay later?</strong></p><p>A: Yes, within thirty days.</p>",
                 "<p><strong>Q:</strong> Can I pay later?</p><p><strong>A:</strong> Yes, within thirty days.</p>",
                 "<h3>Q: Can I pay later?</h3><p>A: Yes, within thirty days.</p>"):
        assert [b.text for b in blocks(html)] == ["Can I pay later?", "Yes, within thirty days."]
    assert blocks("<h3>Q: Can I pay later?</h3><p>A: Yes.</p>")[0] == heading("Can I pay later?", 3)
    for title in ("Q: the letter", "Question 2: Describe the water cycle.", "Q. Branch"):  # no question after the label
        assert blocks(f"<h2>{title}</h2><p>A: is first.</p>")[:2] == [heading(title, 2), paragraph("A: is first.")]
