"""Tests for the pdf, html and lines readers (and the shared decoder).

Every input is rendered into a temporary directory from the fictional report in
``tests/fixtures/mini_report.py``, or built inline.
"""
from __future__ import annotations

import random
import re

import pytest

try:
    from tests.fixtures import mini_report as report
except ImportError:  # tests/ is on sys.path (pytest's rootdir-relative import)
    from fixtures import mini_report as report

from peelnlp.document import BLOCK_KINDS, HEADING, LINE, LIST_ITEM, PARAGRAPH, SourceDocument
from peelnlp.readers import ReaderError, read
from peelnlp.readers import html as html_reader
from peelnlp.readers import lines as lines_reader
from peelnlp.readers import markdown as markdown_reader
from peelnlp.readers import pdf as pdf_reader
from peelnlp.readers.decode import decode_bytes

fpdf = pytest.importorskip("fpdf")


# ----------------------------------------------------------------- helpers

def assert_well_formed(doc: SourceDocument) -> None:
    """Blocks are valid, ordered, non-overlapping ranges separated by "\\n\\n"."""
    assert doc.blocks, "no blocks"
    texts = [doc.block_text(b) for b in doc.blocks]
    assert doc.text == "\n\n".join(texts)
    pos = 0
    for block, text in zip(doc.blocks, texts):
        assert block.kind in BLOCK_KINDS
        assert block.start == pos, "blocks must be contiguous, separated by two newlines"
        assert 0 <= block.start < block.end <= len(doc.text)
        assert text == text.strip() and text
        assert "\n" not in text
        assert "  " not in text, f"unnormalised whitespace in {text!r}"
        pos = block.end + 2
    assert pos - 2 == len(doc.text)


def block_triples(doc: SourceDocument) -> list[tuple[str, str, int | None]]:
    return [(b.kind, doc.block_text(b), b.level) for b in doc.blocks]


def assert_blocks_equal(got, expected) -> None:
    for i, (g, e) in enumerate(zip(got, expected)):
        assert g == e, f"block {i} differs:\n got      {g!r}\n expected {e!r}"
    assert len(got) == len(expected), (
        f"{len(got)} blocks, expected {len(expected)}; extra: {got[len(expected):]!r} "
        f"missing: {expected[len(got):]!r}")


def assert_statements_covered(doc: SourceDocument, charset: str = "unicode") -> None:
    """Each block's text is its expected statements joined by a space, in order."""
    expected = report.expected_statements(charset)
    joined = " ".join(text for _, text in expected)
    assert " ".join(doc.block_text(b) for b in doc.blocks) == joined


def _pdf_with_text(path, text="Some text", **encryption):
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 12)
    pdf.text(20, 30, text)
    if encryption:
        pdf.set_encryption(**encryption)
    pdf.output(str(path))
    return path


# --------------------------------------------------------------------- PDF

@pytest.fixture(scope="module")
def rendered_pdf(tmp_path_factory):
    path = tmp_path_factory.mktemp("pdf") / "northmoor.pdf"
    info = report.render_pdf(path)
    return info


@pytest.fixture(scope="module")
def pdf_doc(rendered_pdf):
    return pdf_reader.read(rendered_pdf["path"])


def test_pdf_fixture_has_several_pages(rendered_pdf):
    assert rendered_pdf["pages"] >= 4  # enough pages to detect a running header


def test_pdf_blocks_match_expected(pdf_doc, rendered_pdf):
    assert pdf_doc.format == "pdf"
    assert_well_formed(pdf_doc)
    assert_blocks_equal(block_triples(pdf_doc), report.expected_blocks(rendered_pdf["charset"]))


def test_pdf_block_text_is_expected_statements_joined(pdf_doc, rendered_pdf):
    assert_statements_covered(pdf_doc, rendered_pdf["charset"])


def test_pdf_dispatch_by_extension_and_by_name(rendered_pdf, pdf_doc, tmp_path):
    assert read(rendered_pdf["path"]).text == pdf_doc.text
    assert read(rendered_pdf["path"], input_format="pdf").text == pdf_doc.text
    unnamed = tmp_path / "report.bin"  # sniffed from the %PDF header
    unnamed.write_bytes(rendered_pdf["path"].read_bytes())
    assert read(unnamed).text == pdf_doc.text


def test_pdf_headings_and_levels(pdf_doc):
    headings = [(pdf_doc.block_text(b), b.level) for b in pdf_doc.blocks if b.kind == HEADING]
    assert headings[0] == (report.REPORT_TITLE, 1)  # wraps over two lines at 20 pt
    assert ("Overall summary", 2) in headings
    assert ("Innovative practice", 3) in headings
    assert ("The force manages online reporting well", 4) in headings
    # finding headings that wrap over two PDF lines are one block each
    for text in ("The force needs to make sure that investigations of crimes against "
                 "vulnerable adults are supervised properly and reviewed on time",
                 "The force runs a shared safeguarding hub to protect children at risk of "
                 "exploitation"):
        assert (text, 4) in headings
    # box headings and findings that follow each other stay apart
    i = [t for t, _ in headings].index("Innovative practice")
    assert headings[i + 1][0].startswith("The force runs a shared safeguarding hub")


def test_pdf_furniture_removed(pdf_doc):
    text = pdf_doc.text
    assert report.RUNNING_HEADER not in text
    assert "http" not in text and "example.org" not in text
    assert not any(re.fullmatch(r"\d+", pdf_doc.block_text(b)) for b in pdf_doc.blocks)
    # superscript footnote numbers are dropped without leaving a gap
    assert "areas of policing." in text and "policing1" not in text
    assert "hidden harm, e.g. coercive control" in text
    assert "a hub with the two local councils" in text


def test_pdf_list_items_intact(pdf_doc):
    items = [pdf_doc.block_text(b) for b in pdf_doc.blocks if b.kind == LIST_ITEM]
    assert len(items) == 8
    assert all(item.startswith(("• ", "1. ", "2. ", "3. ")) for item in items)
    # a hyphen at a line end followed by lowercase joins without a space
    assert ("• The force should improve how it co-ordinates response officers across its "
            "three districts. This would help it to meet its own attendance targets more "
            "often.") in items
    assert items[3] == ("2. supervisors review open investigations at least every 28 days, and "
                        "record what they have checked and what needs doing next; and")


def test_pdf_paragraph_continues_across_page_break(pdf_doc):
    long_para = [pdf_doc.block_text(b) for b in pdf_doc.blocks
                 if pdf_doc.block_text(b).startswith("All frontline officers")]
    assert len(long_para) == 1
    assert long_para[0].endswith("so that lessons are shared without delay.")


def test_pdf_signature_lines_are_separate_blocks(pdf_doc):
    """Short lines set one under the other, with no gap, are not one paragraph."""
    triples = block_triples(pdf_doc)
    i = triples.index((PARAGRAPH, "Alex Morgan", None))
    assert triples[i + 1] == (PARAGRAPH, "HM Inspector of Constabulary", None)


def test_pdf_keeps_curly_quotes_and_numbers(pdf_doc):
    text = pdf_doc.text
    assert "“patient and helpful”" in text and "‘simple and clear’" in text
    assert "93.7 percent" in text and "+/- 2.3 percent" in text
    assert "e.g. house-to-house visits" in text and "i.e. well inside" in text


def test_pdf_latin1_fallback_rendering(tmp_path):
    """Without a Unicode TTF the fixture maps to Latin-1; expectations follow."""
    empty_font_dir = tmp_path / "fonts"
    empty_font_dir.mkdir()
    info = report.render_pdf(tmp_path / "latin1.pdf", font_dir=empty_font_dir)
    assert info["charset"] == "latin-1"
    doc = pdf_reader.read(info["path"])
    assert_well_formed(doc)
    assert_blocks_equal(block_triples(doc), report.expected_blocks("latin-1"))


def test_pdf_bold_sentence_is_a_paragraph_and_lead_in_is_split(tmp_path):
    font = report.find_unicode_font()
    if font is None:
        pytest.skip("no Unicode TTF font")
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_font("F", "", str(font[0]))
    pdf.add_font("F", "B", str(font[1]))
    pdf.add_page()
    y = 80
    for style, text in [("B", "Northmoor Police is good at responding to the public."),
                        ("", "A plain paragraph of body text follows here."),
                        ("", "Another body line so that the body size is clear."),
                        ("", "Enough body text to be the most common size.")]:
        pdf.set_font("F", style, 11)
        pdf.text(56, y, text)
        y += 30
    pdf.set_font("F", "B", 11)
    pdf.text(56, y, "Innovative practice")
    lead = pdf.get_string_width("Innovative practice ")
    pdf.set_font("F", "", 11)
    pdf.text(56 + lead, y, "The force runs a hub.")
    path = tmp_path / "bold.pdf"
    pdf.output(str(path))
    doc = pdf_reader.read(path)
    assert_well_formed(doc)
    assert block_triples(doc) == [
        (PARAGRAPH, "Northmoor Police is good at responding to the public.", None),
        (PARAGRAPH, "A plain paragraph of body text follows here.", None),
        (PARAGRAPH, "Another body line so that the body size is clear.", None),
        (PARAGRAPH, "Enough body text to be the most common size.", None),
        (HEADING, "Innovative practice", 1),
        (PARAGRAPH, "The force runs a hub.", None),
    ]


def test_pdf_bullet_glyph_on_its_own_baseline(tmp_path):
    """A bigger bullet glyph sitting lower than its text still starts the item."""
    font = report.find_unicode_font()
    if font is None:
        pytest.skip("no Unicode TTF font")
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_font("F", "", str(font[0]))
    pdf.add_page()
    y = 80
    for text in ["A first line of body text is written here.",
                 "A second paragraph of body text follows it."]:
        pdf.set_font("F", "", 11)
        pdf.text(56, y, text)
        y += 25
    for text in ["first item of the list", "second item of the list"]:
        pdf.set_font("F", "", 22)
        pdf.text(56, y + 6, "•")
        pdf.set_font("F", "", 11)
        pdf.text(80, y, text)
        y += 16
    path = tmp_path / "bullets.pdf"
    pdf.output(str(path))
    assert block_triples(pdf_reader.read(path)) == [
        (PARAGRAPH, "A first line of body text is written here.", None),
        (PARAGRAPH, "A second paragraph of body text follows it.", None),
        (LIST_ITEM, "• first item of the list", None),
        (LIST_ITEM, "• second item of the list", None),
    ]


def _body_lines(pdf, y: float, lines=("A first line of body text is written here.",
                                       "A second paragraph of body text follows it.",
                                       "A third line of body text sets the body size.")) -> float:
    pdf.set_font("Helvetica", "", 11)
    for text in lines:
        pdf.text(56, y, text)
        y += 25
    return y


def test_pdf_bullets_drawn_as_shapes(tmp_path):
    """Browsers draw a list's markers as filled discs and squares, not glyphs:
    each starts a list item. A shape with no text beside it, and a chart's
    many small squares, are not bullets."""
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_page()
    y = _body_lines(pdf, 150)
    pdf.set_font("Helvetica", "", 11)
    for text, shape in [("the first item of the list;", "disc"), ("the second item of the list;", "square"),
                        ("the third item of the list.", "disc")]:
        if shape == "disc":
            pdf.circle(61.5, y - 5.5, 1.9, style="F")  # centre and radius
        else:
            pdf.rect(59.5, y - 7.5, 4, 4, style="F")
        pdf.text(74, y, text)
        y += 16.5
    pdf.rect(300, 400, 5, 5, style="F")  # a decoration: no text beside it
    pdf.text(56, y + 20, "The list ends here.")
    pdf.add_page()  # a chart: a hundred and more small squares, each with a label
    y = _body_lines(pdf, 150, ("The chart below counts the calls the force answered.",
                               "Each square stands for a day of the year we looked at."))
    for i in range(120):
        row, col = divmod(i, 6)
        pdf.rect(60 + 80 * col, y + 14 * row, 4, 4, style="F")
        if col == 0:
            pdf.text(70, y + 14 * row + 4, f"label {row}")
    path = tmp_path / "shapes.pdf"
    pdf.output(str(path))
    triples = block_triples(pdf_reader.read(path))
    body = (PARAGRAPH, "A first line of body text is written here.", None)
    assert triples[:6] == [
        body,
        (PARAGRAPH, "A second paragraph of body text follows it.", None),
        (PARAGRAPH, "A third line of body text sets the body size.", None),
        (LIST_ITEM, "• the first item of the list;", None),
        (LIST_ITEM, "• the second item of the list;", None),
        (LIST_ITEM, "• the third item of the list.", None),
    ]
    assert triples[6] == (PARAGRAPH, "The list ends here.", None)
    assert not any(kind == LIST_ITEM for kind, _, _ in triples[7:])
    assert not any("•" in text for _, text, _ in triples[7:])


def test_pdf_adjacent_headings_of_one_style(tmp_path):
    """Two headings of one style, one after the other, stay two headings, and
    a heading that wraps stays one. Where no heading of a style wraps, the
    only spacing its lines show is the gap between two headings: that is not
    the pitch of a wrapped line."""
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_page()
    y = 150
    for pair, body in ((("Overall summary", "Our judgments"), ("We inspected the force in the spring.",)),
                       (("Data in this report", "Important changes"), ("Our approach has changed this year.",))):
        for text in pair:
            pdf.set_font("Helvetica", "B", 18)
            pdf.text(56, y, text)
            y += 40  # 2.2 sizes: a heading's margins, not a wrapped line
        y = _body_lines(pdf, y, body)
    pdf.set_font("Helvetica", "B", 14)
    for text in ("The force protects vulnerable", "people well"):  # wrapped at 1.5 sizes
        pdf.text(56, y, text)
        y += 21
    _body_lines(pdf, y + 10, ("Most of the cases we saw were handled well by officers.",
                              "Supervisors checked the plans that officers made for victims."))
    path = tmp_path / "headings.pdf"
    pdf.output(str(path))
    headings = [text for kind, text, _ in block_triples(pdf_reader.read(path)) if kind == HEADING]
    assert headings == ["Overall summary", "Our judgments", "Data in this report", "Important changes",
                        "The force protects vulnerable people well"]


@pytest.mark.parametrize("offset", [0.0, 6.0])
def test_pdf_two_columns_read_column_by_column(tmp_path, offset):
    """A page set in two columns, under a title across both: the left
    column's text, then the right's, a paragraph running on from the foot of
    one column to the head of the next. The right column's lines may sit on
    the left's baselines or between them (``offset``)."""
    left = [("p", "The force answers most emergency calls within"),
            ("p", "its target time, and callers who are"),
            ("p", "vulnerable are given priority."),
            (None, ""),
            ("p", "Call handlers use a structured assessment"),
            ("p", "to decide how quickly an officer should"),
            ("p", "attend a call, and their supervisors then")]
    right = [("p", "check the decisions they have made."),
             (None, ""),
             ("h", "Non-emergency calls wait too long"),
             ("p", "In the year to March 2022, callers to the"),
             ("p", "non-emergency number waited eight minutes"),
             ("p", "on average, and one in five gave up.")]
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.text(56, 120, "Responding to the public")
    pdf.set_font("Helvetica", "", 11)
    pdf.text(56, 150, "Northmoor Police is adequate at responding to the public and answering its calls.")
    for x, rows, shift in ((56, left, 0.0), (316, right, offset)):
        y = 185 + shift
        for style, text in rows:
            if style:
                pdf.set_font("Helvetica", "B" if style == "h" else "", 12 if style == "h" else 11)
                pdf.text(x, y, text)
            y += 16
    pdf.set_font("Helvetica", "", 11)
    pdf.text(56, 360, "A closing sentence runs across the whole page below the two columns.")
    path = tmp_path / "columns.pdf"
    pdf.output(str(path))
    assert block_triples(pdf_reader.read(path)) == [
        (HEADING, "Responding to the public", 1),
        (PARAGRAPH, "Northmoor Police is adequate at responding to the public and answering its calls.", None),
        (PARAGRAPH, "The force answers most emergency calls within its target time, and callers who are "
                    "vulnerable are given priority.", None),
        (PARAGRAPH, "Call handlers use a structured assessment to decide how quickly an officer should "
                    "attend a call, and their supervisors then check the decisions they have made.", None),
        (HEADING, "Non-emergency calls wait too long", 2),
        (PARAGRAPH, "In the year to March 2022, callers to the non-emergency number waited eight minutes "
                    "on average, and one in five gave up.", None),
        (PARAGRAPH, "A closing sentence runs across the whole page below the two columns.", None),
    ]


def test_pdf_box_beside_the_text_is_read_after_it(tmp_path):
    """A box set beside the text, in one stretch of a page whose other lines
    run across it: the text beside the box, then the box."""
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    y = 150
    for text in ("The force has a clear plan for preventing crime, and its neighbourhood teams work",
                 "closely with councils, schools and health services across the county."):
        pdf.text(56, y, text)
        y += 16
    y += 10
    beside = ["Neighbourhood officers meet their", "partners every month to agree which",
              "problems they will tackle first, and", "they review the results together."]
    box = ["Examples of this work include:", "a scheme for young people at risk;", "night-time patrols in the city;",
           "a hub for victims of fraud."]
    for i, (left, right) in enumerate(zip(beside, box)):
        pdf.text(56, y + 16 * i, left)
        pdf.text(330, y + 16 * i + 5, right)  # the box's lines sit between the text's
    y += 16 * len(box) + 16
    pdf.text(56, y, "Problem-solving is evaluated well, and the force shares what works with its partners.")
    path = tmp_path / "box.pdf"
    pdf.output(str(path))
    assert [text for _, text, _ in block_triples(pdf_reader.read(path))] == [
        "The force has a clear plan for preventing crime, and its neighbourhood teams work closely with "
        "councils, schools and health services across the county.",
        "Neighbourhood officers meet their partners every month to agree which problems they will tackle "
        "first, and they review the results together.",
        "Examples of this work include: a scheme for young people at risk; night-time patrols in the city; "
        "a hub for victims of fraud.",
        "Problem-solving is evaluated well, and the force shares what works with its partners.",
    ]


def test_pdf_drop_cap_joins_its_word(tmp_path):
    """A paragraph's first letter set large beside its first lines (a drop
    cap) starts its first word; it is not a heading, and the judgement it
    starts keeps its force's name. The large title above it is no drop cap,
    and its many large letters don't hide the one that is."""
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_page()
    _body_lines(pdf, 150)
    pdf.set_font("Helvetica", "B", 24)
    pdf.text(56, 250, "Investigating crime and protecting people")
    pdf.set_font("Helvetica", "", 38)
    pdf.text(56, 306, "N")  # three body lines high, its foot on the third line's
    pdf.set_font("Helvetica", "", 11)
    for i, text in enumerate(["orthmoor Police is good at investigating crime. Its", "investigators plan their cases well, and supervisors",
                              "check most of them within a week of the crime."]):
        pdf.text(88, 282 + 12 * i, text)
    path = tmp_path / "dropcap.pdf"
    pdf.output(str(path))
    triples = block_triples(pdf_reader.read(path))
    assert triples[-2:] == [
        (HEADING, "Investigating crime and protecting people", 1),
        (PARAGRAPH, "Northmoor Police is good at investigating crime. Its investigators plan their cases well, "
                    "and supervisors check most of them within a week of the crime.", None),
    ]


#: a paragraph whose typesetting broke three words at line ends: "Eng-land"
#: and "inves-tigations", written whole elsewhere, and "co-ordination",
#: which the document writes with its hyphen
_HYPHENATED = ["Forces in England and Wales keep investigations under review. The",
               "force co-ordination team works with all 43 forces in Eng-",
               "land and Wales, and its inves-",
               "tigations are planned with partners. Their co-",
               "ordination is good."]
_DEHYPHENATED = ("Forces in England and Wales keep investigations under review. The force co-ordination "
                 "team works with all 43 forces in England and Wales, and its investigations are planned "
                 "with partners. Their co-ordination is good.")


def test_pdf_words_broken_at_a_line_end_are_joined_as_the_document_writes_them(tmp_path):
    pdf = fpdf.FPDF(unit="pt")
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    for i, text in enumerate(_HYPHENATED):
        pdf.text(56, 100 + 13 * i, text)
    path = tmp_path / "hyphens.pdf"
    pdf.output(str(path))
    assert block_triples(pdf_reader.read(path)) == [(PARAGRAPH, _DEHYPHENATED, None)]


def test_extracted_text_words_broken_at_a_line_end_are_joined_as_the_document_writes_them(tmp_path):
    from peelnlp.cleaning.pdftext import clean_pdf_text

    text, _ = clean_pdf_text(" \n\n".join(_HYPHENATED) + " \n")
    assert text == _DEHYPHENATED
    # a word the document writes only here: a compound where its first part is
    # a prefix that keeps its hyphen, or both parts are words of the document
    text, _ = clean_pdf_text("The force sets its trajec-\ntory with partners and takes a problem-\nsolving and "
                             "multi-\nagency approach, solving each problem with an agency that knows it, and it inter-\n"
                             "nally reviews the summer.\n")
    assert "trajectory" in text and "problem-solving" in text and "multi-agency" in text and "internally" in text


def test_headings_set_in_capitals_are_read_as_their_kind(structure_nlp):
    """A PDF that sets its headings in capitals loses the case that told a
    title from a finding: a long heading in capitals read as a title ("THE
    FORCE NEEDS TO ...": the dev report's type 0.917 -> 0.777), ran on into
    the sentence after it where it filled the line, and kept a word broken
    at its hyphen apart ("NON-" / "EMERGENCY")."""
    from peelnlp.cleaning.pdftext import clean_pdf_text

    raw = ("MAIN FINDINGS\n\n"
           "THE FORCE NEEDS TO IMPROVE HOW QUICKLY IT ANSWERS EMERGENCY AND NON-\n"
           "EMERGENCY CALLS FROM THE PUBLIC\n"
           "Neighbourhood officers told us that they were often sent to incidents that response\n"
           "officers could not attend, and the force doesn't know how often this happens.\n\n"
           "CASE STUDY\n\n"
           "One team closed a drug house after residents reported it to the force.\n")
    text, _ = clean_pdf_text(raw)
    assert "AND NON-EMERGENCY CALLS" in text
    doc = structure_nlp(raw)
    kinds = [(span._.kind, span.text[:30]) for span in doc.spans["statements"]]
    assert kinds == [("title", "MAIN FINDINGS"),
                     ("finding_heading", "THE FORCE NEEDS TO IMPROVE HOW"),
                     ("sentence", "Neighbourhood officers told us"),
                     ("title", "CASE STUDY"),
                     ("sentence", "One team closed a drug house a")]


def test_wingdings_bullets_extracted_as_letters_are_read_as_bullets():
    """An extractor without a Wingdings font's map to Unicode gives its
    bullets as the letters of their codes ("\u00a7", "l", "\u00d8"), and
    Word's second-level bullet is the letter "o": each read as the bullet
    it draws where two lines at least open with it and a word; a name, a
    section sign before a number, and one line alone stay as written."""
    from peelnlp.readers import lines as lines_reader
    from peelnlp.text import read_letter_bullets

    assert read_letter_bullets(["The force should:", "\u00a7 answer calls sooner;", "\u00a7 review its plan.",
                                "l Officers told us.", "l Staff agreed.", "o the first;", "o the second."]) == [
        "The force should:", "\u25aa answer calls sooner;", "\u25aa review its plan.",
        "\u25cf Officers told us.", "\u25cf Staff agreed.", "\u25e6 the first;", "\u25e6 the second."]
    kept = ["\u00fcber alles", "\u00a7 54 of the Act applies.", "\u00a7 54 again.", "n = 54 cases", "n = 60 cases",
            "\u00d8 One arrow alone."]
    assert read_letter_bullets(kept) == kept
    doc = lines_reader.from_string("\u00a7 The force answers calls.\n\u00a7 It reviews its plan.\n")
    assert doc.text.split("\n\n") == ["\u25aa The force answers calls.", "\u25aa It reviews its plan."]


def test_pdf_bullets_of_a_pictures_font_without_a_unicode_map_are_bullets(tmp_path):
    """ZapfDingbats (a standard PDF font) and Wingdings draw bullets for the
    letters of their codes; with no map to Unicode the PDF's text holds the
    letter ("l" for "\u25cf"), and the items ran together as one paragraph
    ("l answer ... l review ...")."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.cell(0, 6, "The force should:", new_x="LMARGIN", new_y="NEXT")
    for item in ["answer emergency calls more quickly;", "review how it assesses risk; and", "publish its plan."]:
        pdf.set_font("ZapfDingbats", size=8)
        pdf.cell(6, 6, "l")
        pdf.set_font("Helvetica", size=11)
        pdf.cell(0, 6, item, new_x="LMARGIN", new_y="NEXT")
    pdf.cell(0, 6, "Officers told us that they value the new risk tool.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "dingbats.pdf"))
    doc = read(tmp_path / "dingbats.pdf")
    assert [(kind, text) for kind, text, _ in block_triples(doc)] == [
        (PARAGRAPH, "The force should:"),
        (LIST_ITEM, "\u25cf answer emergency calls more quickly;"),
        (LIST_ITEM, "\u25cf review how it assesses risk; and"),
        (LIST_ITEM, "\u25cf publish its plan."),
        (PARAGRAPH, "Officers told us that they value the new risk tool."),
    ]


def test_pdf_contents_page_without_dot_leaders_is_dropped(tmp_path):
    """A contents page whose page numbers stand apart from their titles, not
    after dot leaders: its entries are dropped, as those with leaders were,
    so that they open no section and the report's own first title stays."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Contents", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    for page, title in enumerate(["Overall summary", "Responding to the public", "Investigating crime",
                                  "Protecting vulnerable people"], 3):
        pdf.cell(150, 7, title)
        pdf.cell(0, 7, str(page), align="R", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 14)
    pdf.cell(0, 10, "Overall summary", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Our inspection assessed how good Northmoor Police is in 11 areas of policing.")
    pdf.output(str(tmp_path / "contents.pdf"))
    doc = read(tmp_path / "contents.pdf")
    assert [(kind, text) for kind, text, _ in block_triples(doc)] == [
        (HEADING, "Contents"),
        (HEADING, "Overall summary"),
        (PARAGRAPH, "Our inspection assessed how good Northmoor Police is in 11 areas of policing."),
    ]


def test_pdf_a_known_title_set_just_below_a_heading_starts_its_own(tmp_path):
    """A signature line and the next section's title in the same bold
    style, a line apart, read as one heading ("HM Inspector of Constabulary
    Recording data about crime"), and the section never opened."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "I look forward to seeing the force's progress when we next inspect it.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", "B", 12)
    for line in ("Alex Morgan", "HM Inspector of Constabulary", "Recording data about crime"):
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "Northmoor Police is good at recording data about crime.")
    pdf.output(str(tmp_path / "signature.pdf"))
    headings = [text for kind, text, _ in block_triples(read(tmp_path / "signature.pdf")) if kind == HEADING]
    assert headings[-1] == "Recording data about crime" and "Alex Morgan" in " ".join(headings)
    # a finding heading wrapped in a narrow column, whose second line is a
    # title in lower case, is one heading (a two-column print of the dev
    # report: area 0.971 -> 0.882 while it was split)
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 12)
    for line in ("The force has improved its fair", "treatment of the public"):
        pdf.cell(0, 7, line, new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The force has made good progress in how it records stop and search.")
    pdf.output(str(tmp_path / "wrapped.pdf"))
    assert [(kind, text) for kind, text, _ in block_triples(read(tmp_path / "wrapped.pdf"))][0] == (
        HEADING, "The force has improved its fair treatment of the public")


def test_pdf_a_heading_set_apart_by_its_colour_alone_is_a_heading(tmp_path):
    """A finding heading in the body's font, size and weight, in the
    report's colour: read by size and weight it ran into its paragraph (the
    dev report printed so: type 0.841, area 0.936). A sentence in colour
    (a link to the end of a line) stays in its paragraph."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The force has a clear plan for its neighbourhood teams.", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(29, 60, 110)
    pdf.cell(0, 8, "The force answers emergency calls promptly", new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(0, 0, 0)
    pdf.multi_cell(0, 6, "It answers 94 percent of calls within ten seconds, as its targets require.",
                   new_x="LMARGIN", new_y="NEXT")
    pdf.set_text_color(29, 60, 110)
    pdf.cell(0, 6, "Read our report on call handling.", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "colour.pdf"))
    assert [(kind, text) for kind, text, _ in block_triples(read(tmp_path / "colour.pdf"))] == [
        (PARAGRAPH, "The force has a clear plan for its neighbourhood teams."),
        (HEADING, "The force answers emergency calls promptly"),
        (PARAGRAPH, "It answers 94 percent of calls within ten seconds, as its targets require. "
                    "Read our report on call handling."),
    ]


def test_pdf_error_random_bytes(tmp_path):
    path = tmp_path / "random.pdf"
    path.write_bytes(random.Random(7).randbytes(4000))
    with pytest.raises(ReaderError) as err:
        pdf_reader.read(path)
    assert err.value.reason.startswith("corrupt or unreadable PDF")
    assert str(path) in str(err.value)


def test_pdf_error_random_bytes_after_header(tmp_path):
    path = tmp_path / "garbage.pdf"
    path.write_bytes(b"%PDF-1.7\n" + random.Random(8).randbytes(4000))
    with pytest.raises(ReaderError, match="corrupt or unreadable PDF"):
        pdf_reader.read(path)


def test_pdf_error_truncated(tmp_path, rendered_pdf):
    path = tmp_path / "truncated.pdf"
    path.write_bytes(rendered_pdf["path"].read_bytes()[:2500])
    with pytest.raises(ReaderError, match="corrupt or unreadable PDF"):
        pdf_reader.read(path)


def test_pdf_error_empty_and_missing(tmp_path):
    empty = tmp_path / "empty.pdf"
    empty.write_bytes(b"")
    with pytest.raises(ReaderError, match="corrupt or unreadable PDF: empty file"):
        pdf_reader.read(empty)
    with pytest.raises(ReaderError, match="can't read"):
        pdf_reader.read(tmp_path / "missing.pdf")


@pytest.mark.parametrize("method", ["RC4", "AES_256"])
def test_pdf_error_encrypted(tmp_path, method):
    path = _pdf_with_text(tmp_path / "locked.pdf", "Secret findings",
                          owner_password="owner", user_password="reader",
                          encryption_method=method)
    with pytest.raises(ReaderError) as err:
        pdf_reader.read(path)
    assert err.value.reason.startswith("encrypted PDF")
    with pytest.raises(ReaderError, match="encrypted PDF"):
        pdf_reader.read(path, password="wrong")
    assert pdf_reader.read(path, password="reader").text == "Secret findings"


def test_pdf_owner_password_only_is_readable(tmp_path):
    path = _pdf_with_text(tmp_path / "owner.pdf", "Open findings", owner_password="owner")
    assert pdf_reader.read(path).text == "Open findings"


def test_pdf_error_image_only(tmp_path):
    image = pytest.importorskip("PIL.Image")
    png = tmp_path / "scan.png"
    image.new("RGB", (300, 200), (230, 230, 230)).save(png)
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.image(str(png), 10, 10, 150)
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReaderError, match=r"no extractable text \(image-only PDF\?\)"):
        pdf_reader.read(path)


def test_pdf_error_blank(tmp_path):
    pdf = fpdf.FPDF()
    pdf.add_page()
    path = tmp_path / "blank.pdf"
    pdf.output(str(path))
    with pytest.raises(ReaderError, match="no extractable text"):
        pdf_reader.read(path)


# -------------------------------------------------------------------- HTML

@pytest.fixture(scope="module")
def html_path(tmp_path_factory):
    return report.render_html(tmp_path_factory.mktemp("html") / "northmoor.html")


@pytest.fixture(scope="module")
def html_doc(html_path):
    return html_reader.read(html_path)


def test_html_blocks_match_expected(html_doc):
    assert html_doc.format == "html"
    assert_well_formed(html_doc)
    assert_blocks_equal(block_triples(html_doc), report.expected_blocks())


def test_html_block_text_is_expected_statements_joined(html_doc):
    assert_statements_covered(html_doc)


def test_html_dispatch(html_path, html_doc):
    assert read(html_path).text == html_doc.text


def test_html_furniture_removed(html_doc):
    text = html_doc.text
    for furniture in ("Skip to main content", "cookies", "PEEL reports", "About us",
                      "Search this site", "Related links", "analytics", "Draft:",
                      "This paragraph is hidden", "Template text", "JavaScript", "Example Inspectorate",
                      "Privacy", "tick", "http", "Northmoor Police 2021", "›"):
        assert furniture not in text, furniture
    assert "areas of policing." in text  # <sup> footnote reference dropped


def test_html_without_main_uses_the_filters(html_path):
    """Without <main> the whole body is read; the furniture filters still apply."""
    markup = html_path.read_text(encoding="utf-8")
    markup = markup.replace('<main id="main">', '<div id="content">').replace("</main>", "</div>")
    doc = html_reader.from_string(markup)
    assert_well_formed(doc)
    assert_blocks_equal(block_triples(doc), report.expected_blocks())


def test_html_keeps_innovative_practice_box(html_doc):
    triples = block_triples(html_doc)
    i = triples.index((HEADING, "Innovative practice", 3))
    assert triples[i + 1][0] == HEADING and triples[i + 2][0] == PARAGRAPH


def test_html_structures():
    markup = """<html><body>
      <div class="report">
        <p><strong>The force works well</strong> <b>with partners</b></p>
        <p>First line<br><br>Second paragraph<br>on two lines</p>
        <ul><li>One<ul><li>Nested</li></ul></li><li>• Already bulleted</li>
            <li><p>Para one.</p><p>Para two.</p></li></ul>
        <ol start="3"><li>third</li><li value="7">seventh</li></ol>
        <ol type="a"><li>alpha</li><li>beta</li></ol>
        <table><tr><td>Cell text</td><td><p>Wrapped cell</p></td></tr></table>
        <div>Loose text <em>with emphasis</em><p>Inner paragraph</p>tail text</div>
        <div role="heading" aria-level="5">A role heading</div>
        <p>Footnoted<a href="#fn3">[3]</a> claim.</p>
        <p>https://www.example.org/only-a-link</p>
        <aside class="sidebar"><a href="/a">A</a> <a href="/b">B</a></aside>
        <aside class="box"><h3>Areas for improvement</h3><p>Do better.</p></aside>
        <div style="display:none">Invisible</div><span aria-hidden="true">Icon</span>
        <p>Non&nbsp;breaking&nbsp;space and &ldquo;entities&rdquo;.</p>
      </div></body></html>"""
    doc = html_reader.from_string(markup)
    assert_well_formed(doc)
    assert block_triples(doc) == [
        (HEADING, "The force works well with partners", None),
        (PARAGRAPH, "First line", None),
        (PARAGRAPH, "Second paragraph on two lines", None),
        (LIST_ITEM, "• One", None),
        (LIST_ITEM, "• Nested", None),
        (LIST_ITEM, "• Already bulleted", None),
        (LIST_ITEM, "• Para one. Para two.", None),
        (LIST_ITEM, "3. third", None),
        (LIST_ITEM, "7. seventh", None),
        (LIST_ITEM, "a. alpha", None),
        (LIST_ITEM, "b. beta", None),
        (PARAGRAPH, "Cell text", None),
        (PARAGRAPH, "Wrapped cell", None),
        (PARAGRAPH, "Loose text with emphasis", None),
        (PARAGRAPH, "Inner paragraph", None),
        (PARAGRAPH, "tail text", None),
        (HEADING, "A role heading", 5),
        (PARAGRAPH, "Footnoted claim.", None),
        (HEADING, "Areas for improvement", 3),
        (PARAGRAPH, "Do better.", None),
        (PARAGRAPH, "Non breaking space and “entities”.", None),
    ]


def test_html_fragment_without_body():
    doc = html_reader.from_string("<h2>Main findings</h2><p>The force is good.</p>")
    assert block_triples(doc) == [(HEADING, "Main findings", 2),
                                  (PARAGRAPH, "The force is good.", None)]


def test_html_declared_legacy_charset(tmp_path):
    page = ('<html><head><meta charset="windows-1252"></head><body>'
            "<p>The force’s “café” review – done.</p></body></html>")
    path = tmp_path / "legacy.html"
    path.write_bytes(page.encode("cp1252"))
    assert html_reader.read(path).text == "The force’s “café” review – done."
    # declared in an http-equiv content type
    path.write_bytes(page.replace('<meta charset="windows-1252">',
                                  '<meta http-equiv="Content-Type" content="text/html; '
                                  'charset=iso-8859-1">').encode("cp1252"))
    assert html_reader.read(path).text == "The force’s “café” review – done."


def test_html_undeclared_legacy_charset_is_detected(tmp_path):
    path = tmp_path / "undeclared.html"
    path.write_bytes(("<html><body><p>The inspectors’ review of the café’s records found "
                      "“good” practice – and some gaps.</p></body></html>").encode("cp1252"))
    assert html_reader.read(path).text == (
        "The inspectors’ review of the café’s records found “good” practice – and some gaps.")


@pytest.mark.parametrize("markup", [
    "",
    "   \n  ",
    "<html><head><title>Only a title</title><script>var x = 1;</script></head><body></body></html>",
    "<html><body><nav><a href='/'>Home</a></nav><footer>© 2023</footer></body></html>",
])
def test_html_error_no_text(tmp_path, markup):
    path = tmp_path / "empty.html"
    path.write_text(markup, encoding="utf-8")
    with pytest.raises(ReaderError, match="no text found in HTML"):
        html_reader.read(path)


def test_html_error_binary(tmp_path):
    path = tmp_path / "binary.html"
    path.write_bytes(b"<html>\x00\x01\x02\x00\xff\xfe" * 40)
    with pytest.raises(ReaderError, match="binary file"):
        html_reader.read(path)


# ---------------------------------------------------------------- markdown

_MARKDOWN = """# Northmoor Police

Investigating crime
===================

Northmoor Police is **good** at investigating crime. See [our methods](https://example.org/methods).

![A chart of outcomes](chart.png)

**The force plans its investigations well**

Supervisors check most plans within a week.

12

-----

[https://www.example.org/glossary/outcomes/](https://www.example.org/glossary/outcomes/)

## Areas for improvement

- The force should review its file quality.
* It should train new detectives sooner.

1. Publish the plan.
2. Review it each year.
"""


#: the blocks a report's box of bulleted and numbered items reads as, in every format
_ITEMS_BLOCKS = [
    (HEADING, "Areas for improvement"),
    (LIST_ITEM, "\u2022 The force should review its file quality."),
    (LIST_ITEM, "\u2022 It should train new detectives sooner."),
    (LIST_ITEM, "1. Publish the plan."),
    (LIST_ITEM, "2. Review it each year."),
]


def test_markdown_blocks(tmp_path):
    """Markdown reads as the HTML it renders to: headings of either kind and a
    bold paragraph are headings, items keep their markers, a link is its text,
    and an image, a page number, a page break and a link line are nothing."""
    path = tmp_path / "northmoor.md"
    path.write_text(_MARKDOWN, encoding="utf-8")
    doc = read(path)
    assert doc.format == "markdown"
    assert_well_formed(doc)
    assert [(kind, text) for kind, text, _ in block_triples(doc)] == [
        (HEADING, "Northmoor Police"),
        (HEADING, "Investigating crime"),
        (PARAGRAPH, "Northmoor Police is good at investigating crime. See our methods."),
        (HEADING, "The force plans its investigations well"),
        (PARAGRAPH, "Supervisors check most plans within a week."),
    ] + _ITEMS_BLOCKS
    assert read(path, input_format="markdown").text == doc.text == markdown_reader.from_string(_MARKDOWN).text


def test_markdown_saved_as_txt_is_read_as_markdown(tmp_path):
    """A converter's Markdown saved as .txt is known by its headings; text
    with one line that happens to start with "#" is still text."""
    path = tmp_path / "northmoor.txt"
    path.write_text(_MARKDOWN.replace("Investigating crime\n===================", "## Investigating crime"),
                    encoding="utf-8")
    assert read(path).format == "markdown"
    path.write_text("# Northmoor Police\n\nThe force answers calls well.\n", encoding="utf-8")
    assert read(path).format == "text"


def test_markdown_error_no_text(tmp_path):
    path = tmp_path / "empty.md"
    path.write_text("![only a picture](p.png)\n\n-----\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="no text found in Markdown"):
        read(path)


# -------------------------------------------------------------------- word

_WORD_ROWS = [
    {"kind": "title", "text": "Investigating crime"},
    {"kind": "sentence", "text": "Northmoor Police is good at investigating crime.", "type": "other"},
    {"kind": "finding_heading", "text": "The force plans its investigations well"},
    {"kind": "sentence", "text": "Supervisors check most plans within a week.", "type": "strength"},
    {"kind": "title", "text": "Areas for improvement"},
    {"kind": "list_item", "text": "\u2022 The force should review its file quality."},
    {"kind": "list_item", "text": "\u2022 It should train new detectives sooner."},
    {"kind": "list_item", "text": "1. Publish the plan."},
    {"kind": "list_item", "text": "2. Review it each year."},
]


@pytest.mark.parametrize("styled", [True, False], ids=["styled", "bold_and_typed"])
def test_word_blocks(tmp_path, styled):
    """A .docx reads as the HTML mammoth renders from it: heading styles, or
    a paragraph all in bold, are headings; Word's lists, or bullets and
    numbers typed before the text (a PDF opened in a word processor), are
    list items with their markers."""
    from peelnlp.evaluation.layouts import as_docx

    path = tmp_path / "northmoor.docx"
    as_docx(_WORD_ROWS, path, styled=styled)
    doc = read(path)
    assert doc.format == "docx"
    assert_well_formed(doc)
    assert [(kind, text) for kind, text, _ in block_triples(doc)] == [
        (HEADING, "Investigating crime"),
        (PARAGRAPH, "Northmoor Police is good at investigating crime."),
        (HEADING, "The force plans its investigations well"),
        (PARAGRAPH, "Supervisors check most plans within a week."),
    ] + _ITEMS_BLOCKS
    # found by its content too, whatever its name; named by --input-format
    unnamed = tmp_path / "northmoor"
    unnamed.write_bytes(path.read_bytes())
    assert read(unnamed).text == read(path, input_format="docx").text == doc.text


def _zip(path, parts: dict) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def test_word_errors_name_the_file_and_the_reason(tmp_path):
    from peelnlp.evaluation.layouts import as_docx

    cases = []
    garbage = tmp_path / "garbage.docx"
    garbage.write_bytes(b"PK\x03\x04" + b"\x00" * 64)
    cases.append((garbage, "not a Word document \\(.docx\\): not a zip archive"))
    sheet = tmp_path / "sheet.docx"  # a workbook renamed
    _zip(sheet, {"xl/workbook.xml": "<workbook/>"})
    cases.append((sheet, "holds no word/document.xml"))
    empty = tmp_path / "empty.docx"
    as_docx([], empty)
    cases.append((empty, "no text found in the Word document"))
    broken = tmp_path / "broken.docx"
    _zip(broken, {"word/document.xml": "<w:document"})
    cases.append((broken, "not a readable Word document"))
    # "billion laughs": 13 KB of entities that would expand to gigabytes; expat refuses them
    laughs = tmp_path / "laughs.docx"
    entities = "".join(f'<!ENTITY lol{i} "' + f"&lol{i - 1};" * 10 + '">' for i in range(1, 10))
    _zip(laughs, {"word/document.xml": f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY lol0 "lol">{entities}]>'
                  '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                  "<w:body><w:p><w:r><w:t>&lol9;</w:t></w:r></w:p></w:body></w:document>"})
    cases.append((laughs, "not a readable Word document .* amplification"))
    for path, reason in cases:
        with pytest.raises(ReaderError, match=reason) as exc:
            read(path)
        assert str(exc.value).startswith(str(path)) and "\n" not in str(exc.value)
    old = tmp_path / "old.doc"  # Word 97-2003 is still refused by name
    old.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    with pytest.raises(ReaderError, match="unsupported format .doc \\(Word 97-2003; save it as .docx\\)"):
        read(old)


def test_a_word_document_that_inflates_past_its_budget_is_refused_unread(tmp_path):
    """A few KB of .docx whose XML inflates to megabytes: counted from the
    archive's directory, before anything is inflated or parsed."""
    from peelnlp.evaluation.layouts import as_docx

    path = tmp_path / "bomb.docx"
    as_docx(_WORD_ROWS * 300, path)
    assert path.stat().st_size < 20_000
    with pytest.raises(ReaderError, match="bytes of Word XML, over the budget"):
        read(path, max_chars=5_000)
    assert read(path, max_chars=200_000).text


def test_an_html_contents_list_of_in_page_links_is_dropped():
    """A page's own contents, a list whose items are links to its titles: its
    items were statements typed as findings ("\u2022 Overall summary", a
    strength). A list with a link in an item's sentence stays."""
    links = "".join(f'<li><a href="#s{i}">{t}</a></li>' for i, t in
                    enumerate(["Overall summary", "Investigating crime", "Protecting vulnerable people"]))
    doc = html_reader.from_string(
        f"<main><h2>Contents</h2><ul>{links}</ul><h2 id='s0'>Overall summary</h2><p>We inspected the force.</p>"
        "<ul><li>It <a href='#s1'>investigates crime</a> well;</li><li>it protects people;</li>"
        "<li>it plans ahead.</li></ul></main>")
    assert [(kind, text) for kind, text, _ in block_triples(doc)] == [
        (HEADING, "Contents"), (HEADING, "Overall summary"), (PARAGRAPH, "We inspected the force."),
        (LIST_ITEM, "\u2022 It investigates crime well;"), (LIST_ITEM, "\u2022 it protects people;"),
        (LIST_ITEM, "\u2022 it plans ahead."),
    ]


def test_html_paragraphs_with_typed_bullets_or_numbers_are_list_items():
    doc = html_reader.from_string(
        "<p>The force should:</p><p>\u2022\tanswer calls sooner;</p><p>\uf0b7 review its plan; and</p>"
        "<p>1. Publish the plan.</p><p>\u2022</p><p>12 officers left in 2022.</p>")
    assert [(kind, text) for kind, text, _ in block_triples(doc)] == [
        (PARAGRAPH, "The force should:"),
        (LIST_ITEM, "\u2022 answer calls sooner;"),
        (LIST_ITEM, "\u2022 review its plan; and"),
        (LIST_ITEM, "1. Publish the plan."),
        (PARAGRAPH, "\u2022"),
        (PARAGRAPH, "12 officers left in 2022."),
    ]
    # Word's "Save as Web Page": the list's markers are text in a Symbol-font span
    word_page = html_reader.from_string(
        "<div class=WordSection1><p class=MsoNormal>The force should:</p>"
        "<p class=MsoListParagraphCxSpFirst style='mso-list:l0 level1 lfo1'><![if !supportLists]>"
        "<span style='font-family:Symbol'>\u00b7<span>&nbsp;&nbsp;&nbsp; </span></span><![endif]>"
        "answer emergency calls sooner;</p>"
        "<p class=MsoListParagraph style='mso-list:l1 level1 lfo2'><![if !supportLists]>"
        "<span>1.<span>&nbsp;&nbsp; </span></span><![endif]>Publish the plan.</p></div>")
    assert [(kind, text) for kind, text, _ in block_triples(word_page)] == [
        (PARAGRAPH, "The force should:"),
        (LIST_ITEM, "\u00b7 answer emergency calls sooner;"),
        (LIST_ITEM, "1. Publish the plan."),
    ]


# ------------------------------------------------------------------- lines

def test_lines_reader_on_extracted_text_imitation(tmp_path):
    path = report.render_text(tmp_path / "northmoor.lines")
    raw_lines = [ln.strip() for ln in path.read_text(encoding="utf-8").splitlines()]
    doc = read(path)  # .lines extension -> lines reader
    assert doc.format == "lines"
    assert_well_formed(doc)
    assert all(b.kind == LINE for b in doc.blocks)
    assert [doc.block_text(b) for b in doc.blocks] == [ln for ln in raw_lines if ln]


def test_lines_strips_and_normalises(tmp_path):
    path = tmp_path / "statements.lines"
    path.write_bytes("\ufeff  First   statement.  \r\n\r\n\tSecond one\u00a0here.\r\n   \r\nThird.".encode())
    doc = lines_reader.read(path)
    assert_well_formed(doc)
    assert [doc.block_text(b) for b in doc.blocks] == [
        "First statement.", "Second one here.", "Third."]
    assert doc.text == "First statement.\n\nSecond one here.\n\nThird."


def test_lines_latin1_file_is_decoded(tmp_path):
    path = tmp_path / "legacy.lines"
    path.write_bytes("Caf\xe9 review\nThe force\u2019s na\xefve “plan” \u2013 redone\n".encode("cp1252"))
    doc = lines_reader.read(path)
    assert [doc.block_text(b) for b in doc.blocks] == [
        "Café review", "The force’s naïve “plan” – redone"]
    path.write_bytes("R\xe9sum\xe9 of the inspection\nNa\xefve r\xf4le\n".encode("latin-1"))
    assert lines_reader.read(path).text == "Résumé of the inspection\n\nNaïve rôle"


@pytest.mark.parametrize("suffix", [".txt", ".lines", ".html"])
def test_text_decoded_wrongly_before_it_was_saved_is_repaired(tmp_path, suffix, caplog):
    """UTF-8 text once read as Windows-1252 and saved again ("doesnâ€™t")
    reads as it was written, with a warning naming the file; text that is
    right, accented letters and all, is left as it is."""
    right = "The force doesn’t always record crime – but its ‘new’ rôle is clear."
    path = tmp_path / f"report{suffix}"
    body = (f"<html><body><p>{right}</p></body></html>" if suffix == ".html" else right)
    path.write_text(body.encode("utf-8").decode("cp1252"), encoding="utf-8")
    assert "doesnâ€™t" in path.read_text(encoding="utf-8")
    with caplog.at_level("WARNING"):
        assert read(path).text == right
    assert str(path) in caplog.text and "repaired" in caplog.text
    path.write_text(body, encoding="utf-8")
    assert read(path).text == right


def test_lines_utf16_with_bom(tmp_path):
    path = tmp_path / "utf16.lines"
    path.write_bytes("One\nTwo “quoted”\n".encode("utf-16"))
    assert lines_reader.read(path).text == "One\n\nTwo “quoted”"


def test_lines_error_binary(tmp_path):
    path = tmp_path / "image.lines"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    with pytest.raises(ReaderError, match="binary file"):
        lines_reader.read(path)


def test_lines_error_undecodable(tmp_path):
    path = tmp_path / "korean-looking.lines"
    path.write_bytes(b"\x81\x8d\x8f\x90\x9d" * 50)
    with pytest.raises(ReaderError, match="not valid UTF-8 text"):
        lines_reader.read(path)


def test_lines_error_empty(tmp_path):
    path = tmp_path / "blank.lines"
    path.write_text("\n   \n\t\n", encoding="utf-8")
    with pytest.raises(ReaderError, match="no text found"):
        lines_reader.read(path)


# ----------------------------------------------------------------- decoder

def test_decode_bytes_prefers_declared_and_utf8():
    assert decode_bytes("x", "naïve “q”".encode("utf-8")) == "naïve “q”"
    assert decode_bytes("x", "caf\xe9".encode("latin-1"), declared="latin-1") == "café"
    # a wrong declaration falls back to detection
    assert decode_bytes("x", "naïve “q”".encode("utf-8"), declared="ascii") == "naïve “q”"
    assert decode_bytes("x", b"") == ""


def test_decode_bytes_utf16_without_bom():
    assert decode_bytes("x", "Plain text line\n".encode("utf-16-le")) == "Plain text line\n"


# ------------------------------------------------------- fixture renderings

def test_cleaning_removes_the_furniture_of_extracted_text(tmp_path, structure_nlp):
    """The text rendering carries what a PDF extract does (a running header, page
    numbers, URL lines, a word hyphenated across a line end); peelnlp's cleaned
    text keeps none of it and rejoins the word."""
    from peelnlp.pipeline import make_doc

    path = report.render_text(tmp_path / "northmoor.txt")
    raw = path.read_text(encoding="utf-8")
    assert raw.count(report.RUNNING_HEADER) >= 4 and " 1 " in raw.split("\n") and "co- \n" in raw
    text = make_doc(structure_nlp, read(path)).text
    assert report.RUNNING_HEADER not in text
    assert not any(ln.strip().isdigit() for ln in text.splitlines())  # no page-number line
    assert "https://www.example.org/" not in text
    assert "co-ordinates" in text and "co- " not in text
    # every word of every expected statement is there
    words = set(" ".join(t for _, t in report.expected_statements()).split())
    assert words <= set(text.split())


def test_a_running_header_with_no_page_numbers_is_dropped_and_a_repeated_title_kept():
    """With no page numbers beside it, a running header is known by the
    sentences it breaks (the line before ends none, the line after runs on in
    lower case). A title the framework doesn't know, repeated between
    sentences, stays."""
    from peelnlp.cleaning.pdftext import clean_pdf_text

    header = "Northmoor Police inspection report"
    para = ("The force has a plan for its neighbourhood teams and officers use it in their daily\n"
            f"{header}\n"
            "briefings, so that they know which problems to work on first.\n\n"
            "Case study\n\n"
            "One team closed a drug house after residents reported it to the force.\n\n")
    text, blocks = clean_pdf_text(para * 3)
    assert header not in text and text.count("Case study") == 3
    assert text.count("in their daily briefings, so that") == 3


@pytest.mark.parametrize("footer", ["{n} | PEEL 2021/22 Northmoor Police", "Northmoor Police inspection, page {n} of 40",
                                    "- {n} -"])
def test_a_footer_that_counts_the_pages_is_dropped_and_numbered_titles_kept(footer):
    """A footer with the page's number in it ("7 | PEEL 2021/22 ...") is no
    line repeated word for word: it is known by the number that counts the
    pages, once it stands inside a sentence. Numbered titles the framework
    doesn't know ("Case study 1", "Case study 2", ...) count up too, but
    between sentences, and stay; so does a line repeated with the same
    numbers that breaks no sentence."""
    from peelnlp.cleaning.pdftext import clean_pdf_text

    pages = []
    for n in range(1, 4):
        pages.append(f"Case study {n}\n\n"
                     "One team closed a drug house after residents reported it to the force. The force\n"
                     "has a plan for its neighbourhood teams and officers use it in their daily\n"
                     + footer.format(n=n + 6) + "\n"
                     "briefings, so that they know which problems to work on first.\n\n"
                     "Figure 3 shows 12 incidents\n\n")
    text, blocks = clean_pdf_text("".join(pages))
    assert "| PEEL" not in text and "page 8" not in text and "- 8 -" not in text
    assert text.count("in their daily briefings, so that") == 3
    assert [text.count(f"Case study {n}") for n in (1, 2, 3)] == [1, 1, 1]
    assert text.count("Figure 3 shows 12 incidents") == 3


_COVER = ("PEEL 2021/22\n\nPolice effectiveness, efficiency and legitimacy\n\n"
          "An inspection of Northmoor Police\n\nContents\n\n")
_CONTENTS = ["Overall summary", "HM Inspector\u2019s observations", "Responding to the public",
             "Engaging with and treating the public with fairness and respect", "Investigating crime"]
#: a paragraph wrapped as a page sets it: the text's width, which tells a heading from wrap
_WRAPPED = ("Our inspection assessed how good Northmoor Police is in 11 areas of policing, and we make\n"
            "graded judgments in 10 of these 11, as the table below shows for each of the areas.\n\n")
_OPENING = ("Overall summary\n\nOur judgments\n\n" + _WRAPPED +
            "Main findings\n\nThe force answers calls well\n\nOfficers arrive quickly.\n")


@pytest.mark.parametrize("leader", [" ", " " + "." * 20 + " ", "\t\u2026 "])
def test_a_table_of_contents_is_dropped_and_the_first_title_after_it_kept(leader, structure_nlp):
    """A report's contents page lists its titles with their pages. Read as
    headings, the entries ran together and swallowed the report's first
    title after them ("... value for money 37 Overall summary"), with its
    section; on the cover, the programme and the report's name were typed as
    findings."""
    from peelnlp.cleaning.pdftext import clean_pdf_text
    from peelnlp.frameworks import all_known_titles

    contents = "".join(f"{title}{leader}{page}\n\n" for page, title in enumerate(_CONTENTS, 3))
    text, _ = clean_pdf_text(_COVER + contents + _OPENING, all_known_titles())
    assert "Investigating crime" not in text and "Overall summary\n\nOur judgments" in text
    doc = structure_nlp(_COVER + contents + _OPENING)
    kinds = [(span._.kind, span.text) for span in doc.spans["statements"]][:6]
    assert kinds == [("title", "PEEL 2021/22"), ("title", "Police effectiveness, efficiency and legitimacy"),
                     ("title", "An inspection of Northmoor Police"), ("title", "Contents"),
                     ("title", "Overall summary"), ("title", "Our judgments")]
    assert doc.spans["statements"][6]._.section == "Overall summary"


_BACK_COVER = "October 2022 | \u00a9 HMICFRS 2022 | www.justiceinspectorates.gov.uk/hmicfrs"


def test_a_back_cover_is_dropped_in_text_and_in_pdfs(tmp_path):
    """The back cover's copyright line and ISBN ran together into a heading
    typed as a strength ("October 2022 | \u00a9 HMICFRS 2022 | www...")."""
    from fpdf import FPDF

    from peelnlp.cleaning.pdftext import clean_pdf_text

    text, _ = clean_pdf_text(_WRAPPED + _BACK_COVER + "\n\n\u00a9 HMICFRS 2022\n\nISBN: 978-1-80168-452-0\n")
    assert text == " ".join(_WRAPPED.split())
    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    pdf.multi_cell(0, 6, "The force has not analysed the demand it faces.", new_x="LMARGIN", new_y="NEXT")
    pdf.add_page()
    for line in (_BACK_COVER, "ISBN: 978-1-80168-452-0"):
        pdf.cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "back.pdf"))
    assert read(tmp_path / "back.pdf").text == "The force has not analysed the demand it faces."


def test_an_annex_title_is_a_title(structure_nlp):
    """"Annex A \u2013 About the data" read as a finding heading, and the
    annex's method statements as its finding."""
    doc = structure_nlp(_WRAPPED + "Annex A \u2013 About the data\n\n"
                        "The data in this report comes from a range of sources, including the Home Office.\n")
    assert [(span._.kind, span.text[:9]) for span in doc.spans["statements"]][-2:] == [
        ("title", "Annex A \u2013"), ("sentence", "The data ")]


def test_lines_that_only_look_like_contents_or_a_cover_are_kept(structure_nlp):
    """Two numbered box titles in a row are no contents page, and a heading
    that merely starts as a cover's line does is read as a heading."""
    from peelnlp.cleaning.pdftext import clean_pdf_text
    from peelnlp.frameworks import all_known_titles

    raw = (_WRAPPED + "Area for improvement 1\n\nArea for improvement 2\n\n"
           "The force should review its plans.\n\n"
           "An inspection of how the force handles calls found long delays\n\n"
           "Callers waited too long.\n")
    text, _ = clean_pdf_text(raw, all_known_titles())
    assert "Area for improvement 1" in text and "Area for improvement 2" in text
    doc = structure_nlp(raw)
    kinds = [(span._.kind, span.text[:30]) for span in doc.spans["statements"]]
    assert ("finding_heading", "An inspection of how the force") in kinds


def test_expected_statements_shape():
    statements = report.expected_statements()
    kinds = {k for k, _ in statements}
    assert kinds == {"title", "finding_heading", "list_item", "sentence"}
    titles = [t for k, t in statements if k == "title"]
    for name in ("Overall summary", "Responding to the public", "Investigating crime",
                 "Protecting vulnerable people", "Main findings", "Areas for improvement",
                 "Innovative practice", "Cause of concern", "Recommendations"):
        assert name in titles
    # a two-sentence bullet: the first statement carries the bullet, the second doesn't
    i = statements.index(("list_item", "• The force should improve how it co-ordinates "
                                       "response officers across its three districts."))
    assert statements[i + 1] == ("list_item", "This would help it to meet its own attendance "
                                              "targets more often.")
    assert ("sentence", "Northmoor Police is good at responding to the public.") in statements
    assert ("title", "Alex Morgan") in statements  # a signature line
    assert not any("¦" in t or "^" in t for _, t in statements)


# -- a budget per document, checked while reading --------------------------------

@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
def test_a_document_over_its_character_budget_fails_alone(mini, fmt):
    from peelnlp.readers import ReaderError, read

    assert read(mini[fmt]).text  # within the default budget
    with pytest.raises(ReaderError, match="characters of (text|HTML), over the budget"):
        read(mini[fmt], max_chars=50)


def test_a_small_pdf_that_inflates_to_much_text_is_refused_before_layout(tmp_path):
    """A 1.5 KB PDF whose one page draws ~190,000 characters: counted from its
    content stream and refused before pdfminer builds an object per character."""
    from fixtures.hostile_pdf import hostile_pdf

    from peelnlp.readers import ReaderError, read

    size = hostile_pdf(tmp_path / "bomb.pdf", pages=1, lines_per_page=3000)
    assert size < 2000
    with pytest.raises(ReaderError, match="page 1 draws about 1[0-9]{5} characters, over the budget of 100000 a page"):
        read(tmp_path / "bomb.pdf")
    hostile_pdf(tmp_path / "fine.pdf", pages=2, lines_per_page=30)
    assert "emergency calls" in read(tmp_path / "fine.pdf").text  # within every budget


def test_many_pages_sharing_one_stream_stop_at_the_character_budget(tmp_path):
    from fixtures.hostile_pdf import hostile_pdf

    from peelnlp.readers import ReaderError, read

    hostile_pdf(tmp_path / "pages.pdf", pages=400, lines_per_page=40)  # ~1 MB of text from 60 KB
    with pytest.raises(ReaderError, match="more than 20000 characters of text"):
        read(tmp_path / "pages.pdf", max_chars=20_000)


def test_a_pdf_over_its_page_budget_is_refused_before_its_pages_are_read(mini):
    from peelnlp.readers import ReaderError, read

    with pytest.raises(ReaderError, match="pages, over the budget"):
        read(mini["pdf"], max_pages=0)


def test_content_wins_over_a_misleading_name(mini, tmp_path):
    import shutil

    from peelnlp.readers import read

    pdf_as_txt = tmp_path / "report.txt"
    shutil.copy(mini["pdf"], pdf_as_txt)
    assert read(pdf_as_txt).format == "pdf"
    html_as_pdf = tmp_path / "page.pdf"
    shutil.copy(mini["html"], html_as_pdf)
    assert read(html_as_pdf).format == "html"
