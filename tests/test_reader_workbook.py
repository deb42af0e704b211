"""The Excel reader: each visible sheet read as the CSV reader reads a sheet; broken, inflating and sprawling
workbooks refused with a reason."""

import csv
import datetime
import io
import zipfile
from pathlib import Path

import openpyxl
import pytest

from bot.ingest.archive import MAX_INFLATED_BYTES
from bot.ingest.blocks import UnreadableFile
from bot.ingest.spreadsheet import read_csv
from bot.ingest.workbook import MAX_CELLS, read_workbook

from .test_quality import one_document_bot
from .test_reader_csv import HELP_DESK, shown
from .zips import changed_zip


def saved(book: openpyxl.Workbook) -> bytes:
    data = io.BytesIO()
    book.save(data)
    return data.getvalue()


def help_desk_book() -> openpyxl.Workbook:
    """The CSV reader's help-desk FAQ as an Excel sheet, its dates as dates."""
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "FAQ"
    for n, row in enumerate(csv.reader(io.StringIO(HELP_DESK))):
        sheet.append([datetime.date.fromisoformat(cell) if n and cell.startswith("20") else cell for cell in row])
    return book


def test_an_faq_sheet_reads_block_for_block_as_the_same_sheet_saved_as_csv():
    title, blocks = read_workbook(Path("help-desk.xlsx"), saved(help_desk_book()))
    assert title == "Help desk"
    assert shown(blocks) == shown(read_csv(Path("help-desk.csv"), HELP_DESK.encode())[1])


def test_each_visible_sheet_is_a_section_named_after_it_and_a_hidden_one_is_not_read():
    book = help_desk_book()
    prices = book.create_sheet("Prices")
    for row in (("Plan", "Price", "Users"), ("Basic", 5.0, 1), ("Team", 20.5, 10)):
        prices.append(row)
    book.create_sheet("Drafts").append(("Can I pay in bitcoin?", "Not yet, we are looking into it."))
    book["Drafts"].sheet_state = "hidden"
    book.properties.title = "Acme help desk"
    title, blocks = read_workbook(Path("book.xlsx"), saved(book))
    assert title == "Acme help desk"
    assert shown(blocks)[:2] == [("heading", "FAQ"), ("heading", "Accounts")]
    table = next(b for b in blocks if b.kind == "table")
    assert shown(blocks)[-2][1] == "Prices"
    assert table.rows == (("Plan", "Price", "Users"), ("Basic", "5", "1"), ("Team", "20.5", "10"))  # 5.0 reads "5"
    assert not any("bitcoin" in (b.text + str(b.rows)) for b in blocks)


def test_a_category_merged_over_its_rows_heads_all_of_them():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(("Category", "Question", "Answer"))
    for question, answer in (("How do I pay?", "By card or by bank transfer."),
                             ("Can I pay later?", "Yes, within thirty days of the invoice.")):
        sheet.append(("Billing", question, answer))
    sheet.append(("Accounts", "How do I sign in?", "With your badge number and your password."))
    sheet["A3"] = None
    sheet.merge_cells("A2:A3")
    _, blocks = read_workbook(Path("merged.xlsx"), saved(book))
    assert shown(blocks) == [
        ("heading", "Billing"), ("question", "How do I pay?"), ("paragraph", "By card or by bank transfer."),
        ("question", "Can I pay later?"), ("paragraph", "Yes, within thirty days of the invoice."),
        ("heading", "Accounts"), ("question", "How do I sign in?"),
        ("paragraph", "With your badge number and your password.")]


def test_an_excel_faq_answers_from_its_entries(tmp_path):
    bot, _ = one_document_bot(tmp_path, "help-desk.xlsx", saved(help_desk_book()))
    answer = bot.answer("How do I get an invoice?")
    assert answer.found and answer.answer.startswith("Invoices are under Settings > Billing.")
    assert answer.sources[0].section.endswith("Billing › How do I get an invoice?")


def test_a_sheet_with_one_stray_value_far_away_is_refused_not_read_cell_by_cell():
    book = help_desk_book()
    book.active["XFD1048576"] = "stray"
    with pytest.raises(UnreadableFile, match=f"at most {MAX_CELLS:,} cells"):
        read_workbook(Path("far.xlsx"), saved(book))


@pytest.mark.parametrize("data", [b"", b"Question,Answer\n", b"PK\x03\x04" + bytes(100), b"\xd0\xcf\x11\xe0" + bytes(500)])
def test_a_file_that_is_no_workbook_is_unreadable(data):
    with pytest.raises(UnreadableFile, match="not an Excel workbook"):
        read_workbook(Path("book.xlsx"), data)


def test_a_zip_without_a_workbook_or_inflating_too_far_is_unreadable():
    empty, bomb = io.BytesIO(), io.BytesIO()
    with zipfile.ZipFile(empty, "w") as archive:
        archive.writestr("readme.txt", "no workbook here")
    with pytest.raises(UnreadableFile, match="not an Excel workbook"):
        read_workbook(Path("empty.xlsx"), empty.getvalue())
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", b" " * (MAX_INFLATED_BYTES + 1))
    with pytest.raises(UnreadableFile, match="inflates"):
        read_workbook(Path("bomb.xlsx"), bomb.getvalue())


def test_a_workbook_without_text_is_unreadable():
    with pytest.raises(UnreadableFile, match="no text"):
        read_workbook(Path("blank.xlsx"), saved(openpyxl.Workbook()))


def with_sheet_xml(data: bytes, change) -> bytes:
    """The workbook with its first sheet's XML changed by `change` (bytes to bytes)."""
    return changed_zip(data, {"xl/worksheets/sheet1.xml": change})


def test_a_small_file_merging_a_whole_sheet_is_refused_before_it_is_loaded():
    merged = with_sheet_xml(saved(help_desk_book()), lambda xml: xml.replace(
        b"</worksheet>", b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>'))
    assert len(merged) < 10_000
    with pytest.raises(UnreadableFile, match="merges 17,179,869,184 cells"):
        read_workbook(Path("merged.xlsx"), merged)
    renamed, out = zipfile.ZipFile(io.BytesIO(merged)), io.BytesIO()  # the sheet named like a binary part
    with zipfile.ZipFile(out, "w") as target:
        for item in renamed.infolist():
            target.writestr(item.filename.replace("sheet1.xml", "sheet1.bin"),
                            renamed.read(item).replace(b"worksheets/sheet1.xml", b"worksheets/sheet1.bin"))
    with pytest.raises(UnreadableFile, match="merges 17,179,869,184 cells"):
        read_workbook(Path("renamed.xlsx"), out.getvalue())
    wide = with_sheet_xml(merged, lambda xml: xml.decode("utf-8").replace("encoding=\"UTF-8\"", "encoding=\"UTF-16\"")
                          .encode("utf-16"))  # the same sheet in UTF-16, which openpyxl reads as well
    with pytest.raises(UnreadableFile, match="merges 17,179,869,184 cells"):
        read_workbook(Path("wide.xlsx"), wide)


def test_a_sheet_cut_short_is_unreadable_not_a_crash():
    with pytest.raises(UnreadableFile, match="not an Excel workbook"):
        read_workbook(Path("cut.xlsx"), with_sheet_xml(saved(help_desk_book()), lambda xml: xml[: len(xml) // 2]))


def test_an_answer_merged_over_columns_is_read_once_and_a_title_row_is_no_entry():
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(("Frequently asked questions",))
    sheet.merge_cells("A1:B1")
    for question, answer in (("How do I pay?", "By card or by bank transfer, in euros."),
                             ("Can I pay later?", "Yes, within thirty days of the invoice.")):
        sheet.append((question, answer))
    sheet.merge_cells("B2:D2")
    sheet.merge_cells("B3:D3")
    _, blocks = read_workbook(Path("merged.xlsx"), saved(book))
    assert shown(blocks) == [
        ("heading", "Frequently asked questions"), ("question", "How do I pay?"),
        ("paragraph", "By card or by bank transfer, in euros."), ("question", "Can I pay later?"),
        ("paragraph", "Yes, within thirty days of the invoice.")]


def test_a_percentage_reads_with_its_sign_and_a_fraction_without_float_noise():
    book = openpyxl.Workbook()
    sheet = book.active
    for row in (("Plan", "Discount", "Share", "Rate"), ("Basic", 0.07, 1 / 3, 7), ("Team", 0.125, 2.5, 99.5)):
        sheet.append(row)
    sheet["B2"].number_format, sheet["B3"].number_format = "0%", "0.0%"
    sheet["D2"].number_format, sheet["D3"].number_format = "0\\%", '0.0"%"'  # a sign shown as written: no scaling
    _, blocks = read_workbook(Path("plans.xlsx"), saved(book))
    assert blocks[0].rows == (("Plan", "Discount", "Share", "Rate"), ("Basic", "7%", "0.333333333333333", "7%"),
                              ("Team", "12.5%", "2.5", "99.5%"))


ACCOUNTING = '_("$"* #,##0.00_);_("$"* \\(#,##0.00\\);_("$"* "-"??_);_(@_)'  # Excel's own Accounting format


@pytest.mark.parametrize("value, number_format, shown", [
    (0.1, '"$"#,##0.00', "$0.10"), (1234.5, "[$€-407] #,##0.00", "€ 1,234.50"), (1234.5, "#,##0.00 [$€-407]", "1,234.50 €"),
    (1234.5, ACCOUNTING, "$1,234.50"), (-3, ACCOUNTING, "$(3.00)"), (-5, "#,##0.00;(#,##0.00)", "(5.00)"),
    (-5, "$0.00", "-$5.00"), (-0.001, "0.00", "0.00"), (1, "[Red]0.00", "1.00"), (7, '0 "days"', "7 days"),
    (123, "00000", "00123"), (1.5, "0.##", "1.5"), (2, "0.##", "2"),
    # Halves rounded away from zero, as Excel shows them (not to the even digit, nor from the float's binary value).
    (2.675, '"$"#,##0.00', "$2.68"), (0.125, "0%", "13%"), (0.075, "0%", "8%"), (2.5, "#,##0", "3"), (-0.5, "0", "-1"),
    # Formats not rendered show the plain number, never a wrong one: text among the digits, a comma dividing by
    # 1,000, scientific, a fraction.
    (5551234, "[<=9999999]###-####", "5551234"), (1234567, "#,##0,", "1234567"),
    (12345.5, "0.00E+00", "12345.5"), (0.5, "# ?/?", "0.5"),
    # ... sections chosen by conditions, and a format longer than Excel allows (no format Excel wrote).
    (5, '[>=100]0" big";0" small"', "5"), (7, '"x"' * 100 + "0", "7"),
])
def test_a_number_reads_as_its_format_shows_it(value, number_format, shown):
    book = openpyxl.Workbook()
    book.active.append(("Item", "Value"))
    book.active.append(("Fee", value))
    book.active["B2"].number_format = number_format
    _, blocks = read_workbook(Path("fees.xlsx"), saved(book))
    assert blocks[0].rows[1] == ("Fee", shown)


def test_a_merge_written_with_single_quotes_or_a_character_reference_is_counted_too():
    for ref in (b"ref='A1:Z120000'", b'ref="A1&#58;Z120000"'):
        merged = with_sheet_xml(saved(help_desk_book()), lambda xml, ref=ref: xml.replace(
            b"</worksheet>", b'<mergeCells count="1"><mergeCell ' + ref + b"/></mergeCells></worksheet>"))
        with pytest.raises(UnreadableFile, match="merges 3,120,000 cells"):
            read_workbook(Path("merged.xlsx"), merged)


def test_numbers_past_what_a_float_or_a_format_holds_read_plain_not_raise():
    from bot.ingest.cell_format import cell_text

    assert cell_text(10**400) == "1" + "0" * 400  # an integer cell of 400 digits, in General
    assert cell_text(10**1000, "0.00") == "1" + "0" * 1000
    assert cell_text(float("inf"), "#,##0") == "inf"
