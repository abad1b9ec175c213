#!/usr/bin/env python3
"""How the labels hold when a report reaches the toolkit in another layout.

Each gold report is tagged as its own text file (NAME.txt beside
NAME.gold.jsonl, where there is one), then laid out again
(``peelnlp.evaluation.layouts``): extracted text wrapped at 70, 90 and 110
characters, an HTML page, that page printed to PDF by a headless Chromium
(in one column, in two, with drop caps, and with its finding headings set
apart by colour alone) and written to PDF by
LibreOffice (where they are on PATH), the text typeset line by line in one
font (as an OCR layer gives a PDF: no size or weight sets a heading
apart), Markdown as a PDF-to-Markdown
converter writes it, a Word document (styled as an author writes one, and
as a PDF opened in a word processor gives it: bold headings, typed bullets), the web page copied as text (a line a paragraph, list
items without bullets), text with every title and finding heading left
out (an excerpt), the text with every negation written in full ("does not"
for "doesn't", as a writer who contracts none writes it), the text with its
titles numbered and its box and summary titles worded otherwise
("Area(s) for improvement", "Cause for concern"), the text with its titles
and finding headings in capitals and in title case, the text after a cover and a contents page, the text as some
extractions and files give it (long words hyphenated at line ends, a running
header on pages with no numbers, a footer with the page's number and the
report's title on one line, bullets on lines of their own, bullets as a
Symbol font's private-use character, Wingdings bullets as the letters of
their codes ("§"), mojibake: "doesnâ€™t"), and each
statement given alone (``nlp.pipe(sentences)``).
For each it prints segmentation F1, type accuracy, mission macro-F1 and
area accuracy against the gold.

    python scripts/robustness.py corpora/heldout/*.gold.jsonl --model peel
    python scripts/robustness.py ../shared/data/peel_dev_gold.jsonl --model peel-open
"""
from __future__ import annotations

import argparse
import tempfile
from pathlib import Path


def _alone(nlp, rows: list[dict]) -> tuple[float, float]:
    """Type and area accuracy with each non-title statement tagged as a document of its own."""
    rows = [r for r in rows if r["kind"] != "title"]
    types = areas = 0
    for row, doc in zip(rows, nlp.pipe(r["text"] for r in rows)):
        spans = list(doc.spans["statements"])
        if len(spans) == 1:
            types += spans[0]._.type == row["type"]
            areas += spans[0]._.area == row["area"]
    return types / len(rows), areas / len(rows)


def main(argv=None) -> None:
    import peelnlp
    from peelnlp.api import tag
    from peelnlp.evaluation import layouts
    from peelnlp.evaluation.evaluate import load_gold
    from peelnlp.evaluation.metrics import score

    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("gold", nargs="+", type=Path)
    ap.add_argument("--model", default=None, help="NAME or NAME@VERSION (default: the newest shipped model)")
    ap.add_argument("--models-dir", default=None)
    args = ap.parse_args(argv)
    nlp = peelnlp.load(args.model, models_dir=args.models_dir)
    # (name, the gold rows it keeps, how they are written, the file's suffix)
    layout_list = [(f"text, width {w}", None, lambda r, w=w: layouts.as_text(r, w), ".txt") for w in (70, 90, 110)]
    layout_list += [("HTML", None, layouts.as_html, ".html"),
                    ("Markdown", None, layouts.as_markdown, ".md"),
                    ("PDF in one font (OCR)", None,
                     lambda r, path: layouts.plain_pdf(layouts.with_page_numbers(layouts.as_text(r)), path), ".pdf"),
                    ("Word, styled", None, lambda r, path: layouts.as_docx(r, path), ".docx"),
                    ("Word, bold and typed", None, lambda r, path: layouts.as_docx(r, path, styled=False), ".docx"),
                    ("web page copied as text", None, layouts.as_copied_page, ".txt"),
                    ("no titles or headings", layouts.without_titles, layouts.as_text, ".txt"),
                    ("negations in full", layouts.negations_in_full, layouts.as_text, ".txt"),
                    ("titles worded otherwise", layouts.titles_reworded, layouts.as_text, ".txt"),
                    ("cover and contents page", None, layouts.with_cover_and_contents, ".txt"),
                    ("headings in title case", None,
                     lambda r: layouts.as_text(layouts.headings_in_title_case(r)), ".txt"),
                    ("headings in capitals", None, lambda r: layouts.as_text(layouts.headings_in_capitals(r)), ".txt"),
                    ("hyphenated line ends", None, layouts.hyphenated, ".txt"),
                    ("header, no page numbers", None,
                     lambda r: layouts.with_running_header(layouts.as_text(r)), ".txt"),
                    ("footer: number | title", None,
                     lambda r: layouts.with_page_footer(layouts.as_text(r)), ".txt"),
                    ("bullets on lines alone", None, lambda r: layouts.bullets_alone(layouts.as_text(r)), ".txt"),
                    ("Wingdings bullets as §", None, lambda r: layouts.letter_bullets(layouts.as_text(r)), ".txt"),
                    ("Symbol-font bullets", None, lambda r: layouts.symbol_bullets(layouts.as_text(r)), ".txt"),
                    ("mojibake (â€™ for ’)", None, lambda r: layouts.mojibake(layouts.as_text(r)), ".txt")]
    # PDFs from two other writers than the tests' fpdf2, where they are installed.
    browser, office = layouts.find_browser(), layouts.find_office()
    if office is None:
        print("PDF written by LibreOffice: left out (no soffice on PATH; Debian: apt-get install libreoffice-writer-nogui)")
    else:
        layout_list.insert(4, ("PDF by LibreOffice", None, lambda r, path: layouts.office_pdf(r, path, office), ".pdf"))
    if browser is None:
        print("PDF printed by Chromium: left out (no chromium on PATH; Debian: apt-get install chromium)")
    else:
        layout_list[4:4] = [("PDF printed by Chromium", None,
                             lambda r, path: layouts.print_pdf(r, path, browser), ".pdf"),
                            ("PDF in two columns", None,
                             lambda r, path: layouts.print_pdf(r, path, browser, layouts.TWO_COLUMNS), ".pdf"),
                            ("PDF with drop caps", None,
                             lambda r, path: layouts.print_pdf(r, path, browser, layouts.DROP_CAPS), ".pdf"),
                            ("PDF, headings in colour", None,
                             lambda r, path: layouts.print_pdf(r, path, browser, layouts.COLOUR_HEADINGS), ".pdf")]
    with tempfile.TemporaryDirectory() as tmp:
        for gold_path in args.gold:
            rows = load_gold(gold_path)
            print(f"\n{gold_path.name}")
            print(f"  {'layout':24s} {'seg F1':>7s} {'type':>6s} {'mF1':>6s} {'area':>6s}")
            source = gold_path.with_name(gold_path.name.removesuffix(".gold.jsonl") + ".txt")
            cases = []
            if gold_path.name.endswith(".gold.jsonl") and source.is_file():
                cases.append(("as extracted", source, rows))
            for name, keep, render, suffix in layout_list:
                gold = keep(rows) if keep else rows
                path = Path(tmp) / f"{gold_path.stem}-{len(cases)}{suffix}"
                if suffix in (".pdf", ".docx"):
                    render(gold, path)  # the writer writes the file itself
                else:
                    path.write_text(render(gold), encoding="utf-8")
                cases.append((name, path, gold))
            for name, path, gold in cases:
                r = score(gold, list(tag([path], nlp=nlp)))
                print(f"  {name:24s} {r['segmentation']['f1']:7.3f} {r['type']['accuracy']:6.3f} "
                      f"{r['type']['macro_f1_mission']:6.3f} {r['area']['accuracy']:6.3f}")
            types, areas = _alone(nlp, rows)
            print(f"  {'each statement alone':24s} {'':>7s} {types:6.3f} {'':>6s} {areas:6.3f}")


if __name__ == "__main__":
    main()
