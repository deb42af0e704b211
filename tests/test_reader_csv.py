"""The CSV reader: an FAQ kept as a spreadsheet reads as entries by what its cells hold; other tables as tables."""

from pathlib import Path

import pytest

from bot.ingest.blocks import UnreadableFile
from bot.ingest.files import scan
from bot.ingest.spreadsheet import read_csv

from .test_quality import one_document_bot

HELP_DESK = '''Category,Question,Answer,Last updated
Accounts,How do I reset my password?,"Go to the sign-in page and choose ""Forgot password"".

A link arrives by email within five minutes.",2024-01-02
Accounts,Can I change my user name?,"No, ask the help desk to create a new account.",2024-01-02
Accounts,Why was my account locked?,Five wrong passwords in a row lock it for an hour.,2024-02-01
Billing,When am I charged?,On the first day of each month.,2024-03-01
Billing,How do I get an invoice?,Invoices are under Settings > Billing.,2024-03-01
Billing,Do you accept PayPal?,"Yes, and all major cards.",2024-03-01
'''


def shown(blocks) -> list[tuple[str, str]]:
    return [(b.kind, b.text) for b in blocks]


def test_an_faq_sheet_reads_as_entries_under_their_categories_without_the_header_or_dates():
    title, blocks = read_csv(Path("help-desk.csv"), HELP_DESK.encode())
    assert title == "Help desk"
    assert shown(blocks)[:5] == [
        ("heading", "Accounts"), ("question", "How do I reset my password?"),
        ("paragraph", 'Go to the sign-in page and choose "Forgot password".'),  # quoted commas and quotes
        ("paragraph", "A link arrives by email within five minutes."),  # a blank line inside a cell parts paragraphs
        ("question", "Can I change my user name?")]
    assert ("heading", "Billing") in shown(blocks)
    assert not any("2024" in b.text or b.text in ("Question", "Answer") for b in blocks)


def test_columns_are_told_by_their_cells_whatever_their_order_separator_or_names():
    sheet = ("Ref;Antwort;Frage;Notes\n"
             "1;Hold the button for ten seconds.;How do I reset the router?;Newer routers have a reset hole instead of a button.\n"
             "2;Yes, up to four at once.;Can I connect several phones?;Older firmware allowed only two phones at a time.\n")
    _, blocks = read_csv(Path("router.csv"), sheet.encode())
    assert shown(blocks) == [
        ("question", "How do I reset the router?"), ("paragraph", "Hold the button for ten seconds."),
        ("paragraph", "Newer routers have a reset hole instead of a button."),  # a column of prose is kept
        ("question", "Can I connect several phones?"), ("paragraph", "Yes, up to four at once."),
        ("paragraph", "Older firmware allowed only two phones at a time.")]


def test_a_sheet_that_asks_nothing_is_a_table_ragged_rows_padded():
    _, blocks = read_csv(Path("prices.tsv"), b"Plan\tPrice\tUsers\nBasic\t5\t1\nTeam\t20\n")
    assert [(b.kind, b.rows) for b in blocks] == [("table", (("Plan", "Price", "Users"), ("Basic", "5", "1"),
                                                              ("Team", "20", "")))]


@pytest.mark.parametrize("data", [b"", b"\n,,\n;;\n", b"\x00\x01 binary"])
def test_an_empty_or_binary_sheet_is_unreadable(data):
    with pytest.raises(UnreadableFile):
        read_csv(Path("empty.csv"), data)


def test_the_corpus_settings_csv_files_are_not_documents_but_other_csv_files_are(tmp_path):
    for name in ("synonyms.csv", "alternates.csv"):
        (tmp_path / name).write_text("ldn, low dose naltrexone\n", encoding="utf-8")
    (tmp_path / "faq.csv").write_text(HELP_DESK, encoding="utf-8")
    files, notes = scan(tmp_path)
    assert [f.name for f in files] == ["faq.csv"] and notes == []


def test_an_faq_sheet_answers_from_its_entries(tmp_path):
    bot, _ = one_document_bot(tmp_path, "help-desk.csv", HELP_DESK)
    answer = bot.answer("Why was my account locked?")
    assert answer.found and answer.answer.startswith("Five wrong passwords in a row lock it for an hour.")
    assert answer.sources[0].section.endswith("Why was my account locked?")


ZENDESK = ('id,html_url,title,body,locale,draft,promoted,section,created_at,label_names\n'
           '101,https://help.example.com/hc/101,How do I reset my password?,"<p>Use the <b>Forgot password</b> link.</p>'
           '<ul><li>Check your spam folder.</li></ul>",en-us,false,false,Accounts,"Jan 1, 2024","password,login"\n'
           '102,https://help.example.com/hc/102,Changing your plan,"<p>Plans change at the end of the month.</p>",'
           'en-us,false,true,Billing,"Jan 2, 2024",billing\n')


def test_a_help_desk_export_reads_by_its_labels_its_html_answers_as_text_and_its_metadata_left_out():
    _, blocks = read_csv(Path("articles.csv"), ZENDESK.encode())
    assert [(b.kind, b.text or b.items) for b in blocks] == [
        ("heading", "Accounts"), ("question", "How do I reset my password?"),
        ("paragraph", "Use the Forgot password link."), ("list", ("Check your spam folder.",)),
        ("heading", "Billing"), ("question", "Changing your plan"),  # a title that states: the label says so
        ("paragraph", "Plans change at the end of the month.")]


def test_excel_doubled_quotes_late_in_the_file_windows_1252_and_utf16_tab_files():
    filler = "".join(f"Is row {n} fine?,Yes it is fine and well.\n" for n in range(400))
    late = 'How do I save?,"Click ""Save"", then close the window."\n'
    _, blocks = read_csv(Path("big.csv"), ("Question,Answer\n" + filler + late).encode())
    assert blocks[-1].text == 'Click "Save", then close the window.'
    _, blocks = read_csv(Path("fr.csv"), "Question;Réponse\nOù est le café ?;Au rez-de-chaussée, près de l'entrée.\n"
                         .encode("cp1252"))
    assert [b.text for b in blocks] == ["Où est le café ?", "Au rez-de-chaussée, près de l'entrée."]
    tabbed = "Question\tAnswer\nHow long is a foot?\tTwelve inches, written 12\".\nAnd a yard?\tThree feet.\n"
    _, blocks = read_csv(Path("units.tsv"), tabbed.encode("utf-16"))
    assert [b.text for b in blocks] == ["How long is a foot?", 'Twelve inches, written 12".', "And a yard?",
                                        "Three feet."]


def test_rows_without_a_question_go_on_the_entry_above_or_head_a_section():
    sheet = ("Question,Answer\nAccounts,\nHow do I install it?,Download the installer from the portal.\n"
             ",Then run it as administrator.\nWhy is it slow?,The first start builds a cache.\n")
    _, blocks = read_csv(Path("it.csv"), sheet.encode())
    assert shown(blocks) == [
        ("heading", "Accounts"), ("question", "How do I install it?"),
        ("paragraph", "Download the installer from the portal."), ("paragraph", "Then run it as administrator."),
        ("question", "Why is it slow?"), ("paragraph", "The first start builds a cache.")]


def test_a_data_table_whose_cells_ask_is_still_a_table():
    tickets = "Ticket,Subject,Status,Requester\n1,Can't log in?,Open,alice\n2,Printer offline?,Closed,bob\n"
    _, blocks = read_csv(Path("tickets.csv"), tickets.encode())
    assert [b.kind for b in blocks] == ["table"]


def test_a_very_wide_row_does_not_widen_every_row():
    sheet = "a" + "," * 20_000 + "b\n" + "x\n" * 500
    _, blocks = read_csv(Path("wide.csv"), sheet.encode())
    assert max(len(row) for row in blocks[0].rows) == 200 and blocks[0].rows[0][-1] == "b"
