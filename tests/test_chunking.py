"""The chunker on the real document and on small made-up ones."""

from pathlib import Path

import pytest

from bot.config import ChunkerSettings
from bot.ingest import readers
from bot.ingest.chunking import Chunk, chunk_corpus, chunk_document, split_sentences
from bot.ingest.files import Document, load_corpus
from bot.ingest.text import read_text

from .conftest import CORPUS, DOCUMENT


@pytest.fixture(scope="module")
def chunks() -> list[Chunk]:
    return chunk_document(load_corpus(CORPUS).documents[0])


def doc(text: str, name: str = "notes.txt") -> Document:
    title, blocks = readers.read(Path(name), text.encode("utf-8"))
    return Document(name, Path(name), title, tuple(blocks), "0")


def test_every_faq_pair_stays_together(chunks):
    lines = DOCUMENT.read_text(encoding="utf-8").splitlines()
    faq_start = lines.index("Frequently Asked Questions")
    questions = [n for n in range(faq_start, len(lines)) if lines[n].endswith("?") and n + 2 < len(lines) and lines[n + 2].endswith("?")]
    questions.append(lines.index("Should Patients with Depression Be Concerned That LDN Can Cause Depression?"))
    faq = [c for c in chunks if c.kind == "faq"]
    assert len(set(questions)) == 5 and len(faq) >= 5
    for n in set(questions):
        assert any(c.text == f"{lines[n]}\n{lines[n + 1]}" for c in faq), lines[n]
        assert any(c.section == f"Frequently Asked Questions › {lines[n]}" for c in faq), lines[n]


def test_tables_stay_whole_with_their_header(chunks):
    tables = [c for c in chunks if c.kind == "table"]
    assert len(tables) == 2
    study, comparison = tables
    assert "Study | Population | Mood Outcomes |" in study.text
    for row in ("Patterson et al., 2018", "Salaffi et al., 2020", "Morris & Smith, 2019"):
        assert row in study.text
    assert study.text.startswith("While large-scale randomized controlled trials remain limited")
    assert comparison.text.startswith("Medication Type | Main Action |")
    assert "SSRIs/SNRIs" in comparison.text and "Low Dose Naltrexone (LDN) | Immune modulation" in comparison.text
    assert [u.role for u in study.units] == ["lead_in", "header", "row", "row", "row"]


def test_lists_keep_their_lead_in(chunks):
    lists = [c for c in chunks if c.kind == "list"]
    assert len(lists) == 2
    mechanisms, actions = lists
    takeaways = next(c for c in chunks if c.section == "Key Takeaways: Can LDN Cause Depression?")
    assert mechanisms.text.split("\n")[0].endswith("Possible explanations include:")
    assert len([u for u in mechanisms.units if u.role == "item"]) == 4
    assert actions.text.startswith("If you notice new or worsening depressive symptoms")
    assert len([u for u in actions.units if u.role == "item"]) == 5
    assert takeaways.kind == "faq"  # a heading that asks a question opens an entry, whatever answers it
    assert len([u for u in takeaways.units if u.role == "item"]) == 5


def test_no_chunk_is_cut_mid_sentence_and_nothing_is_lost(chunks):
    lines = [line.strip() for line in DOCUMENT.read_text(encoding="utf-8").splitlines() if line.strip()]
    headings = {c.section for c in chunks}
    for line in lines:
        if any(line in heading.split(" › ") for heading in headings):
            continue
        shown = line[2:] if line.startswith(("- ", "➤ ")) else line
        assert any(shown in c.text for c in chunks), f"line lost or cut: {line[:60]}"
    for c in chunks:
        assert c.text.rstrip().endswith((".", "?", "!", ":", "|")), c.text[-40:]


def test_every_chunk_has_its_section(chunks):
    assert all(c.section for c in chunks)
    def section_of(start: str) -> str:
        return next(c.section for c in chunks if c.text.startswith(start))

    assert section_of("Endorphins are often called") == "How LDN Interacts with Neurochemistry"
    assert section_of("The Bottom Line – Can LDN Cause Depression?") == "The Bottom Line – Can LDN Cause Depression?"


def test_long_paragraph_splits_between_sentences():
    sentences = [f"Sentence number {n} talks about naltrexone and mood in some detail." for n in range(40)]
    pieces = chunk_document(doc("Heading\n\n" + " ".join(sentences)), ChunkerSettings(max_chars=300))
    assert len(pieces) > 1
    assert all(len(p.text) <= 300 for p in pieces)
    assert " ".join(p.text for p in pieces) == " ".join(sentences)
    assert all(p.section == "Heading" for p in pieces)


def test_long_table_splits_by_rows_with_the_header_repeated():
    rows = [f"Drug {n} | Effect {n} |" for n in range(60)]
    text = "Drugs\n\nName | Effect |\n---|---|\n" + "\n".join(rows)
    pieces = chunk_document(doc(text), ChunkerSettings(max_chars=200))
    assert len(pieces) > 1
    for piece in pieces:
        assert piece.kind == "table" and piece.text.startswith("Name | Effect |\n---|---|\n")
        assert len(piece.text) <= 200
    assert sum(piece.text.count("Drug ") for piece in pieces) == 60


def test_markdown_headings_lists_and_framed_tables():
    text = "# Guide\n\n## Dosing\nThe dose is small.\n\nOptions include:\n* one\n* two\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    pieces = chunk_document(doc(text, "guide.md"))
    assert [(p.section, p.kind) for p in pieces] == [("Dosing", "paragraph"), ("Dosing", "list"), ("Dosing", "table")]
    assert pieces[1].text == "Options include:\n- one\n- two"
    assert [u.role for u in pieces[2].units] == ["header", "row"] and pieces[2].units[1].cells == ("1", "2")


def test_a_question_heading_over_several_paragraphs_is_one_entry_split_with_its_question():
    text = "Is it safe?\n\n" + "\n\n".join(f"Paragraph {n} says something long enough to fill space here." for n in range(30))
    text += "\n\nWhat dose?\n\nA small one."
    pieces = chunk_document(doc(text), ChunkerSettings(max_chars=300))
    entries = [p for p in pieces if p.section == "Is it safe?"]
    assert len(entries) > 1 and all(p.kind == "faq" and p.units[0].text == "Is it safe?" for p in entries)
    assert all(len(p.text) <= 300 for p in entries)
    assert pieces[-1].section == "What dose?" and pieces[-1].text == "What dose?\nA small one."


def test_hard_wrapped_text_is_read_as_paragraphs_with_headings_and_entries():
    text = (
        "Project FAQ\n===========\n\nQ:  Why is the file\n    so large?\n\nA:  Because the data is\n"
        "    stored twice. It is\n    kept for safety.\n\n        $ shrink --now\n\n"
        "2.1. How do I build it?\n\nRun the build script from the top\nfolder of the tree.\n"
    )
    title, blocks = read_text(Path("faq.txt"), text.encode())
    assert title == "Project FAQ"
    assert [(b.kind, b.text) for b in blocks] == [
        ("heading", "Project FAQ"),
        ("question", "Why is the file so large?"),
        ("paragraph", "Because the data is stored twice. It is kept for safety."),
        ("code", "$ shrink --now"),
        ("question", "2.1. How do I build it?"),
        ("paragraph", "Run the build script from the top folder of the tree."),
    ]


def test_the_same_paragraph_in_two_files_is_indexed_once():
    shared = "This paragraph is copied into both files word for word."
    first = doc(f"One\n\n{shared}\n\nOnly in the first file.", "a.txt")
    second = doc(f"Two\n\n{shared}\n\nOnly in the second file.", "b.txt")
    texts = [c.text for c in chunk_corpus([first, second])]
    assert texts.count(shared) == 1 and "Only in the second file." in texts


def test_split_sentences_keeps_abbreviations():
    assert split_sentences("Patterson et al. reported it. Dr. Smith agreed.") == ("Patterson et al. reported it.", "Dr. Smith agreed.")


def test_a_sentence_ends_only_where_white_space_follows_its_stop():
    assert split_sentences("Workaround for 1.1.X and later: use --no-freeres. You may then see leaks.") == (
        "Workaround for 1.1.X and later: use --no-freeres.", "You may then see leaks.")
    assert split_sentences("Open file.txt.Then run it.") == ("Open file.txt.Then run it.",)


def blocks_of(text: str) -> list[tuple[str, str]]:
    return [(b.kind, b.text or " | ".join(b.items)) for b in read_text(Path("faq.txt"), text.encode())[1]]


def test_numbered_titles_right_aligned_wrapped_or_stating_a_problem_head_their_indented_answers():
    # The zlib FAQ (zlib1g-dev's FAQ): numbers right-aligned, a title wrapped at the answers' indent, a command
    # line indented like the answers, and a title that states a problem instead of asking.
    text = (
        " 4. compress() returns Z_BUF_ERROR.\n\n    Make sure that before the call of compress(), the length of the\n"
        "    compressed buffer is equal to the available size.\n\n"
        "14. How do I install a shared zlib library on Unix?\n\n    After the above, then:\n\n    make install\n\n"
        "    However, many flavors of Unix come with a shared zlib already installed.\n\n"
        '24. The license says that altered source versions must be "plainly marked". So\n'
        "    what exactly do I need to do to meet that requirement?\n\n    You need to change the ZLIB_VERSION.\n"
    )
    assert blocks_of(text) == [
        ("question", "4. compress() returns Z_BUF_ERROR."),  # an entry, as the document's numbered questions are
        ("paragraph", "Make sure that before the call of compress(), the length of the compressed buffer is equal to the available size."),
        ("question", "14. How do I install a shared zlib library on Unix?"),
        ("paragraph", "After the above, then:"),
        ("paragraph", "make install"),
        ("paragraph", "However, many flavors of Unix come with a shared zlib already installed."),
        ("question", '24. The license says that altered source versions must be "plainly marked". So what exactly do I need '
                     "to do to meet that requirement?"),
        ("paragraph", "You need to change the ZLIB_VERSION."),
    ]


def test_drawn_banners_boxes_and_rules_frame_text_without_becoming_it():
    # The procmail FAQ: a banner title between dashed rules, numbered titles stating a problem over two lines
    # (wrapped to where their words start) where most titles ask, a box of asterisks inside an answer; lsof's
    # FAQ: a box drawn "| ... |" a line.
    text = (
        "-" * 78 + "\n" + "-" * 22 + " Frequently Asked Questions " + "-" * 28 + "\n" + "-" * 78 + "\n\n"
        "1. How do I go about setting up a mailinglist or a mail-archive server?\n\n"
        "\tLook in the SmartList directory, start reading the INTRO file,\n"
        "\tit describes it in detail and should get you started.\n\n"
        "2. I installed procmail (i.e. typed 'make install'), but how am I supposed to\n"
        "   use it?  When I type procmail on the command line it simply does nothing.\n\n"
        "\t" + "*" * 71 + "\n\tThere exists an excellent newbie FAQ about mailfilters (and procmail\n"
        "\tin particular).\n\n"
        "\tIt is also posted monthly in at least the following newsgroups:\n\t\tcomp.mail.misc, news.answers\n"
        "\t" + "*" * 71 + "\n\n\tYou're not supposed to start procmail from the command line.\n\n"
        "4. The compiler seems to issue warnings about \"loop not entered at top\", is that a problem?\n\n"
        "\tNo, no problem at all, it just means I wrote the code :-).\n\n"
        "13. The leading From_ line on all my arriving mail shows the wrong time.\n"
        "    Before putting procmail in the .forward file everything was OK.\n\n"
        "\tThis is a known bug in sendmail-5.65c+IDA.\n\n" + "*" * 70 + "\n"
        "| The latest release of lsof is always available via anonymous ftp   |\n"
        "| from lsof.itap.purdue.edu.  Look in pub/lsof.README for its        |\n" + "*" * 70 + "\n"
    )
    assert blocks_of(text) == [
        ("heading", "Frequently Asked Questions"),
        ("question", "1. How do I go about setting up a mailinglist or a mail-archive server?"),
        ("paragraph", "Look in the SmartList directory, start reading the INTRO file, it describes it in detail and "
                      "should get you started."),
        ("question", "2. I installed procmail (i.e. typed 'make install'), but how am I supposed to use it? When I type "
                     "procmail on the command line it simply does nothing."),
        ("paragraph", "There exists an excellent newbie FAQ about mailfilters (and procmail in particular)."),
        ("paragraph", "It is also posted monthly in at least the following newsgroups:"),
        ("code", "comp.mail.misc, news.answers"),
        ("paragraph", "You're not supposed to start procmail from the command line."),
        ("question", '4. The compiler seems to issue warnings about "loop not entered at top", is that a problem?'),
        ("paragraph", "No, no problem at all, it just means I wrote the code :-)."),
        ("question", "13. The leading From_ line on all my arriving mail shows the wrong time. Before putting procmail "
                     "in the .forward file everything was OK."),
        ("paragraph", "This is a known bug in sendmail-5.65c+IDA."),
        ("paragraph", "The latest release of lsof is always available via anonymous ftp from lsof.itap.purdue.edu. Look in "
                      "pub/lsof.README for its"),
    ]


def test_hanging_indents_code_inside_a_sentence_and_a_table_of_contents():
    # The zsh FAQ: a contents list repeated by the entries' own titles, paragraphs whose wrapped lines hang two
    # spaces in, code examples in the middle of a sentence, a title with a remark after its question mark.
    text = (
        "Contents:\n3.1. Why does `$var' not do what I expect?\n3.8. Why do the keys not work?  (And other oddities.)\n\n"
        "3.1: Why does `$var' not do what I expect?\n\n"
        "In most Bourne-shell derivatives, multiple-word variables such as\n  \n    var=\"foo bar\"\n  \n"
        "  are split into words when passed to a command.  The option\n  SH_WORD_SPLIT exists.\n\n"
        "Another method is to put\n  \n    TERM=emacs exec zsh\n  \n  into a file ~/bin/eshell.\n\n"
        "3.8: Why do the keys not work?  (And other oddities.)\n\n"
        "The cursor keys send different codes depending on the terminal;\n  zsh only binds the most well known.\n"
    )
    assert blocks_of(text) == [
        ("question", "3.1: Why does `$var' not do what I expect?"),
        ("paragraph", "In most Bourne-shell derivatives, multiple-word variables such as"),
        ("code", 'var="foo bar"'),
        ("paragraph", "are split into words when passed to a command. The option SH_WORD_SPLIT exists."),
        ("paragraph", "Another method is to put"),
        ("code", "TERM=emacs exec zsh"),
        ("paragraph", "into a file ~/bin/eshell."),
        ("question", "3.8: Why do the keys not work? (And other oddities.)"),
        ("paragraph", "The cursor keys send different codes depending on the terminal; zsh only binds the most well known."),
    ]
    entries = {c.section for c in chunk_document(doc(text))}
    assert entries == {"3.1: Why does `$var' not do what I expect?", "3.8: Why do the keys not work? (And other oddities.)"}


def test_code_two_spaces_deeper_than_the_prose_and_a_usenet_header():
    # The sed FAQ: a Usenet header, answers indented three spaces, examples five.
    text = (
        "Archive-Name: editor-faq/sed\nPosting-Frequency: irregular\n\n2.1. What is sed?\n\n"
        '   "sed" stands for Stream EDitor. Most people use sed first for its\n   substitution features. Sed is\n'
        "   often used as a find-and-replace tool.\n\n     sed 's/Glenn/Harold/g' oldfile >newfile\n\n"
        '   will replace every occurrence of "Glenn" with the word "Harold",\n   wherever it occurs in the file.\n'
    )
    assert blocks_of(text) == [
        ("paragraph", "Archive-Name: editor-faq/sed Posting-Frequency: irregular"),
        ("question", "2.1. What is sed?"),
        ("paragraph", '"sed" stands for Stream EDitor. Most people use sed first for its substitution features. Sed is '
                      "often used as a find-and-replace tool."),
        ("code", "sed 's/Glenn/Harold/g' oldfile >newfile"),
        ("paragraph", 'will replace every occurrence of "Glenn" with the word "Harold", wherever it occurs in the file.'),
    ]


def test_numbered_steps_and_lists_stay_lists_and_keep_their_notes_and_the_heading_above():
    steps = (
        "How do I install it?\n\nThe steps are short, and you only need to do them once on\n"
        "each machine that runs the tool.\n\n1. Download the archive.\n\n   It is on the web site.\n\n"
        "2. Unpack it.\n\n   Use tar.\n\n3. Run make.\n"
    )
    assert [kind for kind, _ in blocks_of(steps)] == ["question", "paragraph", "list", "paragraph", "list", "paragraph", "list"]
    twice = ("On Linux:\n\n1. Download the archive\n2. Run make\n3. Run make install\n\n"
             "On BSD:\n\n1. Download the archive\n2. Run gmake\n3. Run make install\n")
    assert "Run make | Run make install" in " | ".join(text for _, text in blocks_of(twice))  # not taken for contents
    entry = chunk_document(doc("General questions\n\n1. What is it?\n\n   A tool that does things.\n"))
    assert [c.section for c in entry] == ["General questions › 1. What is it?"]


def test_a_numbered_question_closes_the_numbered_section_it_is_not_part_of():
    # The lsof FAQ: "3.2 Compilation Problems" heads 3.2.1; the question 3.3 after it is beside it, not inside.
    text = ("Lsof FAQ\n========\n\n3.0 Lsof Problems\n\n3.2 Compilation Problems\n\n3.2.1 Why does the compiler fail?\n\n"
            "    Its header files are missing.\n\n3.3 Why doesn't lsof report full path names?\n\n"
            "    The kernel does not keep them.\n\n3.3.1 Why do reports differ?\n\n    The cache changes.\n")
    assert [c.section for c in chunk_document(doc(text))] == [
        "3.0 Lsof Problems › 3.2 Compilation Problems › 3.2.1 Why does the compiler fail?",
        "3.0 Lsof Problems › 3.3 Why doesn't lsof report full path names?",
        "3.0 Lsof Problems › 3.3.1 Why do reports differ?",
    ]


@pytest.mark.parametrize("title, entry", [
    ("Why spaces? I prefer tabs", True),  # Black's FAQ: a question, then a remark
    ("Why do the keys not work? (And other oddities.)", True),
    ("I get ECONNREFUSED a lot. What's up?", True),
    ("Installing from source", False),
    ("Version 2.0. Is it out? Yes", False),  # the first sentence asks nothing
])
def test_a_heading_opens_an_entry_when_it_asks(title, entry):
    pieces = chunk_document(doc(f"# {title}\n\nThe answer to it.\n", "faq.md"))
    assert (pieces[0].kind == "faq") is entry


def test_a_question_hanging_over_its_answer_indented_deeper_heads_it():
    # gitfaq(7) as `man` renders it: questions 7 columns in, one or two lines, the answer 11 in with no blank line.
    text = ("CREDENTIALS\n"
            "       How do I specify my credentials when pushing over HTTP?\n"
            "           The easiest way to do this is to use a credential helper via the\n"
            "           credential.helper configuration. Most systems provide a standard\n"
            "           choice to integrate with the system credential manager.\n\n"
            "       How do I change the password or token I've saved in my credential\n"
            "       manager?\n"
            "           Usually, if the password or token is invalid, Git will erase it\n"
            "           and prompt for a new one.\n")
    assert blocks_of(text)[1:] == [
        ("question", "How do I specify my credentials when pushing over HTTP?"),
        ("paragraph", "The easiest way to do this is to use a credential helper via the credential.helper "
                      "configuration. Most systems provide a standard choice to integrate with the system credential "
                      "manager."),
        ("question", "How do I change the password or token I've saved in my credential manager?"),
        ("paragraph", "Usually, if the password or token is invalid, Git will erase it and prompt for a new one."),
    ]
    # A paragraph hanging from a first line that fills the width, and one that asks nothing, stay paragraphs.
    hanging = ("  Is it ever a good idea to run lsof with the +D option on a directory tree that is\n"
               "    Large? It walks every file, so it is slow on big trees.\n")
    assert [k for k, _ in blocks_of(hanging)] == ["paragraph"]
    stating = "  Compatibility with Unix compress/uncompress.\n    Although the names match, they are not related.\n"
    assert [k for k, _ in blocks_of(stating)] == ["paragraph"]


def test_a_numbered_question_ending_in_a_colon_over_what_it_asks_about_opens_an_entry():
    # procmail's FAQ: entry 9 asks over the topics it lists, indented, then answers; a colon closes the question.
    text = ("8. When I send myself a testmail, the mail bounces. What am I doing wrong?\n\n"
            "\tIt is very well possible that mail is processed on a different machine.\n\n"
            "9. Where do I look for examples about:\n"
            "\tOne home directory, several machine architectures?\n"
            "\tChanging the mail spool directory to $HOME for all users\n\n"
            "\tWell, this probably is your lucky day :-), all these topics are covered\n"
            "\tin the examples/advanced file.\n\n"
            "10. How do I use procmail as a general mail filter inside sendmail?\n\n"
            "\tSee EXAMPLES section of the procmail(1) man page.\n")
    blocks = blocks_of(text)
    assert ("question", "9. Where do I look for examples about:") in blocks
    assert [k for k, _ in blocks].count("question") == 3
    assert not any(k == "list" for k, _ in blocks)
    for title in ("How it works:", "What you need:", "Where do I look for examples about", "Which is why it hangs:"):
        assert blocks_of(f"1. {title}\n\n\tThe text under it.\n")[0][0] != "question"


def test_an_unnumbered_question_wrapped_over_two_lines_heads_the_answer_indented_under_it():
    # The tcsh FAQ (tcsh's FAQ.gz): questions two spaces in, wrapped; answers three spaces in.
    text = ("  I ran dbxtool & and shelltool & from tcsh, and they end up in cbreak and no\n  echo mode?\n\n"
            "   These programs are broken. Background jobs should not try to look at\n   the tty.\n\n"
            "  Where can I get csh sources?\n\n   Csh sources are now available with the 4.4BSD networking\n"
            "   distributions.\n")
    assert blocks_of(text) == [
        ("question", "I ran dbxtool & and shelltool & from tcsh, and they end up in cbreak and no echo mode?"),
        ("paragraph", "These programs are broken. Background jobs should not try to look at the tty."),
        ("question", "Where can I get csh sources?"),
        ("paragraph", "Csh sources are now available with the 4.4BSD networking distributions."),
    ]
    more = ("\n  On machines that use YP (NIS) tilde expansion might end up in /dev/null\n\n"
            "   Anonymous ftp to ftp://prep.ai.mit.edu/pub/gnu/dirent.tar.Z\n\n"
            "  How can I use the arrow keys with hpterm?\n\n   Use the hpterm termcap entry.\n")
    assert blocks_of(text + more)[4:] == [  # where the questions are, a title stating a problem opens an entry too
        ("question", "On machines that use YP (NIS) tilde expansion might end up in /dev/null"),
        ("paragraph", "Anonymous ftp to ftp://prep.ai.mit.edu/pub/gnu/dirent.tar.Z"),  # in the answer: no heading
        ("question", "How can I use the arrow keys with hpterm?"),
        ("paragraph", "Use the hpterm termcap entry."),
    ]


def test_where_a_documents_headings_mostly_ask_a_heading_stating_a_problem_opens_an_entry_too():
    # npm's FAQ (Markdown): "## I installed something globally, but I can't require() it" among questions.
    questions = "".join(f"## How do I do thing {n}?\n\nLike this, number {n}.\n\n" for n in range(3))
    text = f"# npm FAQ\n\n{questions}## I installed something globally, but I can't require() it\n\nInstall it locally.\n"
    stated = [c for c in chunk_document(doc(text, "faq.md")) if "globally" in c.section]
    assert [c.kind for c in stated] == ["faq"] and stated[0].units[0].role == "question"
    alone = chunk_document(doc("# Guide\n\n## Installing\n\nRun the installer.\n\n## Why?\n\nBecause.\n", "g.md"))
    assert [c.kind for c in alone if c.section == "Installing"] == ["paragraph"]  # one question is no convention


def test_an_example_indented_under_a_line_ending_in_a_colon_is_code_even_inside_a_paragraph():
    # The tcsh FAQ: no blank line between the sentence and its example, one space deeper.
    text = ("   If you don't have pass8, maybe one of these would work:\n"
            "    stty -parity -evenp -oddp cs8 -istrip   (rs6000)\n    stty -parenb -istrip cs8\n"
            "   Finally, tcsh will bind all printable meta characters.\n\n"
            "Note:\n  the file must be readable by every user of the machine.\n")
    assert blocks_of(text) == [
        ("paragraph", "If you don't have pass8, maybe one of these would work:"),
        ("code", "stty -parity -evenp -oddp cs8 -istrip   (rs6000)\nstty -parenb -istrip cs8"),
        ("paragraph", "Finally, tcsh will bind all printable meta characters."),
        ("paragraph", "Note: the file must be readable by every user of the machine."),  # hangs from "Note:": prose
    ]
