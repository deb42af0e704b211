"""Turn the Universal Ctags FAQ (ctags-faq(7)) into a PowerPoint FAQ deck.

Input : source.txt  -- the man page rendered one paragraph per line:
        MANWIDTH=3000 man --nh --nj -l /usr/share/man/man7/ctags-universal-faq.7.gz | col -bx
Output: corpus/ctags-faq.pptx

Run with /work/main/.venv/bin/python convert.py (python-pptx).
No answer text is summarised or rewritten: paragraphs are only split into
sentences / bullets, moved into tables, text boxes or speaker notes.
After writing the deck, the script re-opens it and checks that every sentence
and every code line of the source is present somewhere in the deck.
"""
import math
import re
import sys
from pathlib import Path

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.util import Inches, Pt

HERE = Path(__file__).resolve().parent
SRC = HERE / "source.txt"
OUT = HERE / "corpus" / "ctags-faq.pptx"


# --------------------------------------------------------------------------
# Parse the rendered man page into sections / questions / blocks
# --------------------------------------------------------------------------
def indent(line):
    return len(line) - len(line.lstrip(" "))


def parse(path):
    lines = path.read_text(encoding="utf-8").split("\n")
    secs, cur, target, blk = {}, None, None, None
    for line in lines[1:]:  # skip the "CTAGS-FAQ(7) ... CTAGS-FAQ(7)" header
        if line.startswith("5.9.0"):  # footer
            break
        if line and indent(line) == 0:
            cur = line.strip()
            secs[cur] = {"blocks": [], "qs": []}
            target, blk = secs[cur]["blocks"], None
            continue
        if cur == "DESCRIPTION" and line and indent(line) == 3:
            q = {"q": line.strip(), "blocks": []}
            secs[cur]["qs"].append(q)
            target, blk = q["blocks"], None
            continue
        if not line:
            blk = None
            continue
        if blk is None:
            blk = []
            target.append(blk)
        blk.append(line)
    return secs


def para(block):
    """A one-line prose block, with runs of spaces folded."""
    assert len(block) == 1, block
    return re.sub(r"\s+", " ", block[0].strip())


def code(block):
    """A literal block, keeping relative indentation."""
    base = min(indent(l) for l in block)
    return "\n".join(l[base:] for l in block)


SENT = re.compile(r"(?<=[.?!)])\s+(?=[A-Z(])")


def sentences(text):
    m = re.match(r"^(?:\d+|[A-D])\. ", text)  # keep a list number with its item
    head, rest = (m.group(0), text[m.end():]) if m else ("", text)
    out = [s for s in SENT.split(rest) if s]
    out[0] = head + out[0]
    return out


# --------------------------------------------------------------------------
# Drawing helpers
# --------------------------------------------------------------------------
SLIDE_W, SLIDE_H = 10.0, 7.5
LEFT, WIDTH = 0.5, 9.0
CODE_FONT = "Courier New"
CODE_FILL = RGBColor(0xF2, 0xF2, 0xF2)


def est_lines(text, size, width_in, mono=False):
    cpl = max(10, int(width_in * 72 / (size * (0.6 if mono else 0.5))))
    return sum(max(1, math.ceil(len(t) / cpl)) for t in text.split("\n"))


def set_title(slide, text, size=26):
    slide.shapes.title.text = text
    for p in slide.shapes.title.text_frame.paragraphs:
        for r in p.runs:
            r.font.size = Pt(size)


def fill_body(tf, items, size=18):
    """items: list of (text, level) or (text, level, bold)."""
    tf.word_wrap = True
    first = True
    for it in items:
        text, level = it[0], it[1]
        bold = it[2] if len(it) > 2 else False
        p = tf.paragraphs[0] if first else tf.add_paragraph()
        first = False
        p.level = level
        r = p.add_run()
        r.text = text
        r.font.size = Pt(size - 2 * level)
        if bold:
            r.font.bold = True


def body_placeholder(slide, top=None, height=None):
    ph = slide.placeholders[1]
    if top is not None:
        ph.left, ph.top, ph.width = Inches(LEFT), Inches(top), Inches(WIDTH)
        ph.height = Inches(height)
    return ph


def add_textbox(slide, items, top, size=16, left=LEFT, width=WIDTH):
    h = sum(est_lines(it[0], size - 2 * it[1], width - 0.2 - 0.4 * it[1]) for it in items)
    h = h * size * 1.25 / 72 + 0.15
    tb = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(h))
    fill_body(tb.text_frame, items, size)
    return top + h + 0.08


def add_code(slide, text, top, size=13, left=LEFT + 0.3, width=WIDTH - 0.6):
    n = text.count("\n") + 1
    h = n * size * 1.2 / 72 + 0.2
    tb = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(h))
    tb.fill.solid()
    tb.fill.fore_color.rgb = CODE_FILL
    tf = tb.text_frame
    tf.word_wrap = False
    for i, line in enumerate(text.split("\n")):
        p = tf.paragraphs[0] if i == 0 else tf.add_paragraph()
        r = p.add_run()
        r.text = line
        r.font.name = CODE_FONT
        r.font.size = Pt(size)
    return top + h + 0.1


def add_table(slide, header, rows, top, col_w, size=13):
    height = Inches(0.4 * (len(rows) + 1))
    gs = slide.shapes.add_table(len(rows) + 1, len(header), Inches(LEFT), Inches(top),
                                Inches(sum(col_w)), height)
    tbl = gs.table
    for j, w in enumerate(col_w):
        tbl.columns[j].width = Inches(w)
    for i, row in enumerate([header] + rows):
        for j, val in enumerate(row):
            cell = tbl.cell(i, j)
            cell.text = val
            for p in cell.text_frame.paragraphs:
                for r in p.runs:
                    r.font.size = Pt(size)
                    if i == 0:
                        r.font.bold = True
    return tbl


def notes(slide, text):
    slide.notes_slide.notes_text_frame.text = text


def bullets(text, level=0):
    return [(s, level) for s in sentences(text)]


# --------------------------------------------------------------------------
# Build the deck
# --------------------------------------------------------------------------
def build(secs):
    prs = Presentation()
    L_TITLE, L_CONTENT, L_SECTION, L_TITLE_ONLY = (prs.slide_layouts[i] for i in (0, 1, 2, 5))
    qs = secs["DESCRIPTION"]["qs"]
    B = [q["blocks"] for q in qs]
    Q = [q["q"] for q in qs]
    # the section heading of the last question lost its quotes; use the contents wording
    toc = [para(b).lstrip("• ") for b in secs["NAME"]["blocks"][3:14]]
    Q[10] = toc[10]

    # 1. title slide
    s = prs.slides.add_slide(L_TITLE)
    s.shapes.title.text = "Universal Ctags FAQ"
    name_line = para(secs["NAME"]["blocks"][0])     # ctags-faq - Universal Ctags FAQ
    intro = para(secs["NAME"]["blocks"][1])          # This is the Universal Ctags FAQ ...
    sub = s.placeholders[1].text_frame
    sub.text = intro
    p = sub.add_paragraph()
    p.text = name_line + " (Universal Ctags 5.9.0)"
    for p in sub.paragraphs:
        for r in p.runs:
            r.font.size = Pt(18)

    # 2. contents
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, "Contents")
    body_placeholder(s, 1.6, 5.7)
    fill_body(s.placeholders[1].text_frame, [(t, 0) for t in toc], size=15)

    # 3. section: DESCRIPTION
    s = prs.slides.add_slide(L_SECTION)
    s.shapes.title.text = "Description"
    s.placeholders[1].text = "Frequently-Asked Questions about Universal Ctags"

    # 4. two short questions as Q:/A: lines (Q0 + Q9)
    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, "Compatibility at a glance")
    items = [("Q: " + Q[0], 0, True), ("A: " + para(B[0][0]), 0), (para(B[0][1]), 0),
             ("", 0),
             ("Q: " + Q[9], 0, True), ("A: " + para(B[9][0]), 0), (para(B[9][1]), 0)]
    add_textbox(s, items, 1.5, size=17)

    # 5. two short questions: bold question lines over plain answers (Q1 + Q3)
    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, "Quick questions")
    items = [(Q[1], 0, True), (para(B[1][0]), 0), ("", 0),
             (Q[3], 0, True), (para(B[3][0]), 0)]
    add_textbox(s, items, 1.5, size=18)

    # 6. Q2: extension flags; second paragraph in speaker notes
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, Q[2], size=24)
    fill_body(s.placeholders[1].text_frame, bullets(para(B[2][0])), size=18)
    notes(s, para(B[2][1]))

    # 7. Q4: wrong line; the author's aside goes into the notes
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, Q[4])
    fill_body(s.placeholders[1].text_frame, [(para(B[4][0]), 0)], size=18)
    p2 = sentences(para(B[4][1]))
    tf = s.placeholders[1].text_frame
    fill_body_more(tf, [(p2[0], 0)], size=18)
    notes(s, " ".join(p2[1:]))

    # 8. Q5: duplicate tag names -- two paragraphs
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, Q[5])
    fill_body(s.placeholders[1].text_frame, [(para(B[5][0]), 0), (para(B[5][1]), 0)], size=18)

    # 9. Q6: references -- intro + table of packages
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, Q[6])
    body_placeholder(s, 1.6, 2.0)
    fill_body(s.placeholders[1].text_frame, [(para(B[6][0]), 0)], size=18)
    rows = []
    for b in B[6][1:5]:
        name, url = para(b).lstrip("• ").split(":", 1)
        rows.append([name, url.strip()])
    add_table(s, ["Package", "Location"], rows, 3.8, [2.0, 7.0], size=15)

    # 10. Q7: appending is slow -- bullets, command box, bullets
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, Q[7])
    body_placeholder(s, 1.55, 3.15)
    fill_body(s.placeholders[1].text_frame,
              bullets(para(B[7][0])) + [(para(B[7][1]), 0)], size=15)
    top = add_code(s, code(B[7][2]), 4.8, size=16)
    add_textbox(s, bullets(para(B[7][3])), top, size=15)

    # 11-17. Q8: multi-level hierarchy, split over several slides
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, Q[8])
    body_placeholder(s, 1.6, 0.6)
    fill_body(s.placeholders[1].text_frame, [(para(B[8][0]), 0)], size=18)
    rows = []
    for b in B[8][1:5]:
        num, text = para(b).split(". ", 1)
        rows.append(["Approach " + num, text])
    add_table(s, ["", "Tag file layout"], rows, 2.3, [1.4, 7.6], size=14)

    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, "Multi-level hierarchy: which approach? (factors A-B)", size=24)
    body_placeholder(s, 1.55, 5.7)
    fill_body(s.placeholders[1].text_frame,
              [(para(B[8][5]), 0), (para(B[8][6]), 0)] + bullets(para(B[8][7]), 1)
              + [(para(B[8][8]), 0)] + bullets(para(B[8][9]), 1), size=15)

    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, "Multi-level hierarchy: which approach? (factors C-D)", size=24)
    body_placeholder(s, 1.55, 5.7)
    fill_body(s.placeholders[1].text_frame,
              [(para(B[8][10]), 0), (para(B[8][11]), 1), (para(B[8][12]), 0),
               (para(B[8][13]), 1), (para(B[8][14]), 1), (para(B[8][15]), 1),
               (para(B[8][16]), 2), (para(B[8][17]), 1)], size=15)
    notes(s, para(B[8][18]))

    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, "Multi-level hierarchy: the recommended approach", size=24)
    body_placeholder(s, 1.55, 5.7)
    fill_body(s.placeholders[1].text_frame,
              bullets(para(B[8][19])) + bullets(para(B[8][20]), 1), size=15)

    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, "Implementing Approach 3: example tree", size=24)
    add_textbox(s, [(para(B[8][21]), 0), (para(B[8][22]), 0)], 1.4, size=15,
                left=LEFT, width=4.3)
    add_code(s, code(B[8][23]), 1.4, size=11, left=5.0, width=4.5)

    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, "Implementing Approach 3: step 1", size=24)
    top = add_textbox(s, [(para(B[8][24]), 0), (para(B[8][25]), 0)], 1.3, size=14)
    top = add_code(s, code(B[8][26]), top, size=12)
    top = add_textbox(s, [(para(B[8][27]), 0)], top, size=14)
    top = add_code(s, code(B[8][28]), top, size=12)
    top = add_textbox(s, [(para(B[8][29]), 0)], top, size=14)
    add_code(s, code(B[8][30]), top, size=12)

    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, "Implementing Approach 3: steps 2 and 3", size=24)
    top = add_textbox(s, [(para(B[8][31]), 0)], 1.4, size=15)
    top = add_code(s, code(B[8][32]), top, size=13)
    top = add_textbox(s, [(para(B[8][33]), 0)], top, size=15)
    top = add_textbox(s, [(para(B[8][34]), 0)], top + 0.2, size=15)
    add_code(s, code(B[8][35]), top, size=13)

    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, "Implementing Approach 4 instead", size=24)
    top = add_textbox(s, [(para(B[8][36]), 0)], 1.4, size=15)
    top = add_code(s, code(B[8][37]), top, size=12)
    top = add_textbox(s, [(para(B[8][38]), 0)], top, size=15)
    add_code(s, code(B[8][39]), top, size=13)
    notes(s, para(B[8][40]) + "\n" + code(B[8][41]))

    # 18. Q10: zsh "no matches found"
    s = prs.slides.add_slide(L_TITLE_ONLY)
    set_title(s, Q[10], size=24)
    top = add_textbox(s, [(para(B[10][0]), 0)], 1.3, size=15)
    top = add_code(s, code(B[10][1]), top, size=12)
    cite = [re.sub(r"\s+", " ", l.strip()) for l in B[10][3]]
    top = add_textbox(s, [(para(B[10][2]), 0), (cite[0], 0), (cite[1], 1)], top, size=15)
    top = add_textbox(s, bullets(para(B[10][4])), top, size=15)
    top = add_code(s, code(B[10][5]), top, size=12)
    top = add_textbox(s, [(para(B[10][6]), 0)], top, size=15)
    add_code(s, code(B[10][7]), top, size=12)

    # 19-22. SEE ALSO and AUTHOR
    sa = [para(b) for b in secs["SEE ALSO"]["blocks"]]
    au = [para(b) for b in secs["AUTHOR"]["blocks"]]
    s = prs.slides.add_slide(L_SECTION)
    s.shapes.title.text = "See also"
    s.placeholders[1].text = "More documentation"
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, "See also")
    fill_body(s.placeholders[1].text_frame, [(sa[0], 0), (sa[1], 1), (sa[2], 0)], size=20)
    s = prs.slides.add_slide(L_SECTION)
    s.shapes.title.text = "Author"
    s.placeholders[1].text = "Credits"
    s = prs.slides.add_slide(L_CONTENT)
    set_title(s, "Author")
    fill_body(s.placeholders[1].text_frame, [(t, 0) for t in au], size=20)

    cp = prs.core_properties
    cp.title = "Universal Ctags FAQ"
    cp.subject = "ctags-faq(7): Universal Ctags Frequently-Asked Questions"
    cp.author = "Universal Ctags project"
    cp.keywords = "ctags, tags, FAQ"
    return prs


def fill_body_more(tf, items, size=18):
    for text, level in items:
        p = tf.add_paragraph()
        p.level = level
        r = p.add_run()
        r.text = text
        r.font.size = Pt(size - 2 * level)


# --------------------------------------------------------------------------
# Check: every sentence / code line of the source is in the deck
# --------------------------------------------------------------------------
def fold(t):
    return re.sub(r"\s+", " ", t).strip()


def deck_text(path):
    prs = Presentation(path)
    parts = []
    for s in prs.slides:
        for sh in s.shapes:
            if sh.has_text_frame:
                parts.append(sh.text_frame.text)
            if sh.has_table:
                for row in sh.table.rows:
                    for c in row.cells:
                        parts.append(c.text)
        if s.has_notes_slide:
            parts.append(s.notes_slide.notes_text_frame.text)
    return fold("\n".join(parts))


def check(secs, path):
    text = deck_text(path)
    blocks = list(secs["SEE ALSO"]["blocks"]) + list(secs["AUTHOR"]["blocks"])
    blocks += secs["NAME"]["blocks"][:2]
    for q in secs["DESCRIPTION"]["qs"]:
        blocks += q["blocks"]
    missing = []
    for b in blocks:
        if len(b) > 1:
            pieces = [fold(l) for l in b]
        else:
            pieces = []
            for s in sentences(para(b)):
                pieces.append(s)
        for piece in pieces:
            piece = piece.lstrip("• ")
            if re.match(r"^\d+\. |^[A-D]\. ", piece):
                piece = piece.split(". ", 1)[1]
            if ":" in piece and piece.split(":")[0] in ("GLOBAL", "id-utils", "cscope", "cflow"):
                piece = piece.split(":", 1)[1]
            if fold(piece) not in text:
                missing.append(piece)
    return missing


def main():
    secs = parse(SRC)
    assert len(secs["DESCRIPTION"]["qs"]) == 11
    prs = build(secs)
    OUT.parent.mkdir(exist_ok=True)
    prs.save(OUT)
    missing = check(secs, OUT)
    print(f"wrote {OUT} with {len(Presentation(OUT).slides)} slides")
    if missing:
        print("MISSING:", *missing, sep="\n  ")
        sys.exit(1)
    print("all source sentences and code lines found in the deck")


if __name__ == "__main__":
    main()
