"""Plain text into blocks: paragraphs at blank lines with wrapped lines joined, headings by shape, Q:/A:, lists, code."""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from .blocks import CLOSING, Block, UnreadableFile, asks
from .drawn import undecorated, underlined
from .numbering import NUMBERED_HEADING, depth, in_contents, numbered, place_questions
from .titles import LIST_ITEM, MAX_HEADING_CHARS, hanging_question, indent, is_heading_line, join, stands_apart

QUESTION_MARK = re.compile(r"^\s*Q\s*[:.)]\s*", re.IGNORECASE)
ANSWER_MARK = re.compile(r"^\s*A\s*[:.)]\s*", re.IGNORECASE)
PLAIN_WORDS = re.compile(r"^[A-Za-z][A-Za-z ,'-]*$")  # words only: a title, however far it is indented
FIELD_LINE = re.compile(r"^[A-Z][A-Za-z]*(?:-[A-Za-z]+)*:\s+\S")
TABLE_SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")
LONG_LINE = 110  # a document whose lines run longer than this writes one paragraph a line


def decode_text(data: bytes) -> str:
    if not data.strip():
        raise UnreadableFile("the file is empty")
    if b"\x00" in data:
        raise UnreadableFile("the file is binary, not text")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise UnreadableFile(f"not UTF-8 text (byte {exc.start})") from None


def title_from_name(path: Path) -> str:
    words = re.sub(r"[-_]+", " ", path.stem).strip()
    return words[:1].upper() + words[1:] if words else path.name


def read_text(path: Path, data: bytes) -> tuple[str, list[Block]]:
    """(title, blocks) of a plain-text file."""
    lines = [line.rstrip() for line in decode_text(data).expandtabs(8).splitlines()]
    if sum(len(line) > LONG_LINE for line in lines) > max(2, len(lines) // 20):
        blocks = _line_blocks([line.strip() for line in lines if line.strip()])
    else:
        blocks = _wrapped_blocks(lines)
    if not blocks:
        raise UnreadableFile("the file holds no text")
    first = blocks[0]
    title = first.text if first.kind == "heading" and first.level == 1 else title_from_name(path)
    return title, blocks


def _cells(line: str) -> tuple[str, ...]:
    return tuple(cell.strip() for cell in line.strip().strip("|").split("|"))


def _is_table_line(line: str) -> bool:
    return bool(TABLE_SEPARATOR.match(line)) or (line.count("|") >= 2 and (line.endswith("|") or line.startswith("|")))


def _line_blocks(lines: list[str]) -> list[Block]:
    """One paragraph a line: headings, questions, tables and lists recognised line by line."""
    blocks: list[Block] = []
    i = 0
    while i < len(lines):
        line = lines[i]
        if _is_table_line(line):
            end = i
            while end < len(lines) and _is_table_line(lines[end]):
                end += 1
            rows = tuple(_cells(row) for row in lines[i:end] if not TABLE_SEPARATOR.match(row))
            blocks.append(Block("table", rows=rows))
            i = end
        elif LIST_ITEM.match(line):
            end = i
            while end < len(lines) and LIST_ITEM.match(lines[end]):
                end += 1
            blocks.append(Block("list", items=tuple(LIST_ITEM.sub("", item) for item in lines[i:end])))
            i = end
        else:
            if line.endswith("?") and len(line) <= 2 * MAX_HEADING_CHARS:
                one_answer = i + 2 >= len(lines) or not _is_paragraph_line(lines[i + 2])
                next_is_text = i + 1 < len(lines) and _is_paragraph_line(lines[i + 1])
                blocks.append(Block("question", line) if next_is_text and one_answer else Block("heading", line, level=2))
            elif is_heading_line(line):
                blocks.append(Block("heading", line, level=2))
            else:
                blocks.append(Block("paragraph", line))
            i += 1
    return blocks


def _is_paragraph_line(line: str) -> bool:
    return not (_is_table_line(line) or LIST_ITEM.match(line) or line.endswith("?") or is_heading_line(line))


def _groups(lines: list[str]) -> list[list[str]]:
    groups: list[list[str]] = [[]]
    for line in lines:
        if line.strip():
            groups[-1].append(line)
        elif groups[-1]:
            groups.append([])
    return [g for g in groups if g]


def _body_indent(group: list[str]) -> int:
    """Where a group's text starts: after a Q:/A: marker, else at its least indented line."""
    first = group[0]
    marker = QUESTION_MARK.match(first) or ANSWER_MARK.match(first)
    if marker:
        return marker.end()
    return min(indent(line) for line in group)


def _wrapped_blocks(lines: list[str]) -> list[Block]:
    """Paragraphs at blank lines, their wrapped lines joined; headings, entries, lists and code by shape."""
    groups = [group for group in map(undecorated, _groups(lines)) if group]  # rules drawn around text dropped
    matches = [[NUMBERED_HEADING.match(line) for line in group] for group in groups]
    titles = [[numbered(match) for match in row] for row in matches]
    heads = {keys[0]: n for n, keys in enumerate(titles) if keys[0]}  # titles opening a group: the last such group
    # Where the words of the document's numbered titles start: a line indented that far is inside an entry.
    starts = [match.start(2) for row in matches for match in row if match]
    title_column = min(starts) if len(starts) >= 3 else None
    groups = [group for n, (group, keys) in enumerate(zip(groups, titles)) if not in_contents(keys, n, heads)]
    # Unnumbered questions over answers indented under them: a line indented deeper than they are is in an answer.
    asking = [indent(group[0]) for group, below in zip(groups, groups[1:])
              if len(group) <= 3 and asks(join(group)) and indent(below[0]) > indent(group[0])]
    question_indent = min(asking) if len(asking) >= 3 else None
    if title_column is None and question_indent is not None:
        title_column = question_indent + 1
    # Titles that open groups mostly ask: a numbered line stating a problem over its answer opens an entry too.
    opening = [join(group) for group in groups if NUMBERED_HEADING.match(group[0]) and len(group) <= 3]
    entries_numbered = len(opening) >= 3 and sum(map(asks, opening)) >= len(opening) / 2
    code_indent = _prose_indent(groups) + 2
    code = [_is_code(group, code_indent) for group in groups]
    next_prose: list[list[str] | None] = [None] * (len(groups) + 1)  # the first prose group from each one on
    for n in range(len(groups) - 1, -1, -1):
        next_prose[n] = next_prose[n + 1] if code[n] else groups[n]
    blocks: list[Block] = []
    level_of_underline: dict[str, int] = {}
    for n, group in enumerate(groups):
        if underlined(group):
            mark = group[-1].strip()[0]
            level = level_of_underline.setdefault(mark, len(level_of_underline) + 1)
            blocks.append(Block("heading", join(group[:-1]), level=level))
        elif QUESTION_MARK.match(group[0]):
            blocks.append(Block("question", join([QUESTION_MARK.sub("", group[0]), *group[1:]])))
        elif code[n]:
            blocks.append(_code(group))
        elif all(_is_table_line(line.strip()) for line in group) and len(group) >= 2:
            rows = tuple(_cells(row) for row in group if not TABLE_SEPARATOR.match(row.strip()))
            boxed = all(len(row) == 1 for row in rows)  # a paragraph in a box drawn "| ... |" a line
            blocks.append(Block("paragraph", join([row[0] for row in rows])) if boxed else Block("table", rows=rows))
        elif len(group) >= 2 and all(FIELD_LINE.match(line) for line in group):
            blocks.append(Block("paragraph", join(group)))  # a mail or Usenet header: "Last-Modified: 2020/08/08"
        else:
            before_code = n + 1 < len(groups) and code[n + 1]
            under = min(indent(line) for line in groups[n + 1]) if n + 1 < len(groups) else -1
            plain = (title_column is not None and indent(group[0]) >= title_column  # inside an entry: "make install"
                     or (before_code and _leads_in(group, next_prose[n + 1], title_column is not None)))
            titled = entries_numbered or indent(group[0]) == question_indent  # where the document's questions are
            blocks += _text_group(group, bool(ANSWER_MARK.match(group[0])), len(level_of_underline),
                                  plain, under > indent(group[0]), titled)
    return place_questions(blocks)


def _code(lines: list[str]) -> Block:
    """Indented lines as a code block, verbatim but for the indent they share."""
    inset = min(indent(line) for line in lines)
    return Block("code", "\n".join(line[inset:] for line in lines))


def _prose_indent(groups: list[list[str]]) -> int:
    """Where wrapped prose starts: the shallowest indent of a fifth of the lines that continue a group (a first line
    may hang to the left of its paragraph or follow a Q:/A: marker; code is indented deeper)."""
    continued = Counter(indent(line) for group in groups for line in group[1:])
    total = sum(continued.values())
    if not total:  # one line a group: the commonest indent
        return Counter(_body_indent(group) for group in groups).most_common(1)[0][0] if groups else 0
    return min(indent for indent, count in continued.items() if count >= 0.2 * total)


def _is_code(group: list[str], code_indent: int) -> bool:
    """Indented deeper than the prose, and not a sentence, a list or a line of plain words (a centred title)."""
    if min(indent(line) for line in group) < code_indent or ANSWER_MARK.match(group[0]):
        return False
    text = join(group)
    return not (_is_sentence(text) or (len(group) == 1 and text[:1].isupper() and PLAIN_WORDS.match(text))
                or LIST_ITEM.match(group[0].strip()))


def _is_sentence(text: str) -> bool:
    """Prose, not code: mostly plain words, ending like a sentence (or a sentence's first half, before an example)."""
    tokens = text.split()
    wordy = sum(token.strip(CLOSING + "(),.;:!?").isalpha() for token in tokens)
    return ((len(tokens) >= 6 and wordy >= 0.7 * len(tokens) or wordy == len(tokens))
            and text.rstrip(CLOSING + ")").endswith((".", "!", "?", ":")))


def _leads_in(group: list[str], prose_after: list[str] | None, numbered_titles: bool) -> bool:
    """Whether an unnumbered line introduces the code example after it ("The original syntax was"): it starts in
    lower case, the sentence goes on in lower case after the example, or the document numbers its titles."""
    if NUMBERED_HEADING.match(group[0]):
        return False
    goes_on = prose_after is not None and prose_after[0].strip()[:1].islower()
    return goes_on or group[0].strip()[:1].islower() or numbered_titles


def _example_after_colon(lines: list[str]) -> tuple[int, int] | None:
    """Where lines indented deeper than a line ending in ":" follow it inside a paragraph (start, end), if they do
    and do not read as a sentence (the rest of a paragraph may hang from its first line: "Note:" over its text)."""
    for n in range(1, len(lines)):
        lead = lines[n - 1]
        if lead.rstrip().endswith(":") and indent(lines[n]) > indent(lead):
            end = next((m for m in range(n, len(lines)) if indent(lines[m]) <= indent(lead)), len(lines))
            return None if _is_sentence(join(lines[n:end])) else (n, end)
    return None


def _text_group(group: list[str], answer: bool, underline_levels: int, plain: bool = False,
                body_below: bool = False, numbered_questions: bool = False) -> list[Block]:
    """A group of prose lines: a numbered or short heading, a paragraph, or a list with its lead-in.

    `plain`: the group heads nothing (its sentence goes on after a code example, or it is indented like an answer
    under numbered titles); `body_below`: the next group is indented under this one, as an answer under its
    question; `numbered_questions`: the group sits where the document's questions do (its numbered titles mostly
    ask, or it is at their indent), so a title stating a problem over its answer opens an FAQ entry too ("4.
    compress() returns Z_BUF_ERROR.").
    """
    lines = [ANSWER_MARK.sub("", group[0]), *group[1:]] if answer else list(group)
    number = NUMBERED_HEADING.match(lines[0].strip())
    heading_level = underline_levels + 1
    a_list = sum(bool(LIST_ITEM.match(line.strip())) for line in lines) >= 2
    if number and not answer and not a_list and not plain:
        hanging = indent(lines[0]) + number.start(2)  # where the title's words start: its wrapped lines hang there
        wrapped_title = len(lines) <= 3 and (asks(join(lines)) or (  # a title over two or three lines
            numbered_questions and body_below and all(indent(line) == hanging for line in lines[1:])))
        rest = [] if wrapped_title else [line for line in lines[1:] if indent(line) > indent(lines[0])]
        title = join(lines[: len(lines) - len(rest)])
        runs_on = bool(rest) and rest[0].strip()[:1].islower()  # "5. At this point, you know that ...", wrapped
        closed = title.rstrip(CLOSING + ")").endswith((".", ":", ";", ","))
        entry = asks(title) or (numbered_questions and body_below and not rest)
        if len(title) <= 2 * MAX_HEADING_CHARS and not runs_on and (entry or not closed):
            level = heading_level + depth(number.group(1))
            heading = Block("question" if entry else "heading", title, level=level)
            return [heading, *_text_group(rest, False, underline_levels)] if rest else [heading]
    asking = 0 if answer or plain or number or a_list else hanging_question(lines)
    if asking:  # a man page's "How do I ...?" over its answer, indented deeper with no blank line between
        return [Block("question", join(lines[:asking])), *_text_group(lines[asking:], False, underline_levels)]
    joined = join(lines)
    if (not (answer or plain or number or a_list) and body_below and len(lines) <= 3 and len(joined) <= 2 * MAX_HEADING_CHARS
            and (asks(joined) or (numbered_questions and not joined.endswith(":")))):
        return [Block("question", joined)]  # a title over two or three lines, asking or stating, its answer under it
    first = lines[0].strip()
    if (not answer and is_heading_line(first) and not (plain and len(lines) == 1)
            and (len(lines) == 1 or stands_apart(first, lines[1:]))):
        heading = Block("question", first) if asks(first) else Block("heading", first, level=heading_level + 1)
        return [heading, *_text_group(lines[1:], False, underline_levels)] if len(lines) > 1 else [heading]
    example = _example_after_colon(lines)
    if example:  # "... you can add in .login:" and the lines indented under it, with no blank line between
        start, end = example
        after = _text_group(lines[end:], False, underline_levels, True) if end < len(lines) else []
        return [*_text_group(lines[:start], answer, underline_levels), _code(lines[start:end]), *after]
    blocks: list[Block] = []
    paragraph: list[str] = []
    items: list[list[str]] = []
    for line in lines:
        if LIST_ITEM.match(line.strip()):
            items.append([LIST_ITEM.sub("", line.strip())])
        elif items:
            items[-1].append(line)
        else:
            paragraph.append(line)
    if paragraph:
        blocks.append(Block("paragraph", join(paragraph)))
    if items:
        blocks.append(Block("list", items=tuple(join(item) for item in items)))
    return blocks
