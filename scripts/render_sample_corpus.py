#!/usr/bin/env python3
"""Render a gold JSONL report as PDF-extracted text (the style of a PEEL PDF run through a text extractor).

The gold file is the source of truth; the ``.txt`` made from it is what the toolkit reads. Output mimics
what a PDF text extractor gives for an inspection report:

* one PDF line per text line, wrapped at about 80-90 characters (the width varies a little from block
  to block, as proportional fonts do), each line ending in a space and followed by a blank line;
* titles and finding headings on their own line(s); long headings wrap onto a second line;
* list items start a new line with their marker ("• ", "1. "); a list item statement without a marker
  (the second sentence of an item) continues the item before it;
* paragraphs: consecutive sentences flow together as one paragraph; a sentence starts a new paragraph
  when it follows a title, heading or list item, or when it carries ``"para": true``;
* page furniture, inserted deterministically: every ~40 text lines (and before each new section
  title) a page ends with one to three footnote URL lines (``https://www.example.org/glossary/...``,
  chosen from glossary terms used on that page), a blank line, a lone space line and the page number
  line (`` 7 ``); each page starts with the running header line, and the first text line of a new page
  gets a stray leading space, as extracted PDF text often does.

Every statement's text therefore appears in order in the output once lines are joined and whitespace
is collapsed, and nothing else appears except furniture (header, page numbers, URL lines, blank lines).
``scripts/check_corpus.py`` verifies that.

Usage:
    python scripts/render_sample_corpus.py corpora/sample/westmarch.gold.jsonl \
        [-o corpora/sample/westmarch.txt] [--header "PEEL 2023–25 ...: Westmarch Constabulary"]
    python scripts/render_sample_corpus.py --all      # every corpora/sample/*.gold.jsonl
"""
from __future__ import annotations

import argparse
import json
import re
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE_DIR = ROOT / "corpora" / "sample"

PEEL = "PEEL 2023–25 Police effectiveness, efficiency and legitimacy: "
#: running header per sample report (file stem without ``.gold``)
HEADERS = {
    "westmarch": PEEL + "Westmarch Constabulary",
    "harlow_vale": PEEL + "Harlow Vale Police",
    "kestrel_bay": PEEL + "Kestrel Bay Police",
    "aldermoor": PEEL + "Aldermoor Police",
    "fenmoor_fire": "Effectiveness, efficiency and people 2023–25: Fenmoor Fire and Rescue Service",
}

#: glossary terms that earn a footnote URL when they occur on a page (first come, first used)
GLOSSARY = [
    "cause of concern", "area for improvement", "chief officer", "safeguarding", "vulnerab",
    "stop and search", "use of force", "body-worn video", "problem-solving", "anti-social behaviour",
    "neighbourhood", "outcome 15", "outcome 16", "outcome 18", "Code of Practice for Victims of Crime",
    "THRIVE", "multi-agency", "domestic abuse", "organised crime group", "lead responsible officer",
    "integrated offender management", "registered sex offender", "vetting", "counter-corruption",
    "force crime registrar", "confidence interval", "digital forensic", "missing", "stalking",
    "wellbeing", "special constable", "police staff", "demand", "collaboration", "reserves",
    "community risk management plan", "home fire safety visit", "on-call", "incident commander",
    "protection", "control room", "custody", "investigation",
]
FALLBACK_SLUGS = ["peel-assessment-framework", "about-the-data"]

BULLET = re.compile(r"^(?:•|–|-|\d{1,2}[.)]|\(?[a-z]\))\s")


def slug(term: str) -> str:
    term = term.lower().rstrip("-")
    if term == "vulnerab":
        term = "vulnerable-person"
    return re.sub(r"[^a-z0-9]+", "-", term).strip("-")


def load(path: Path) -> list[dict]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def blocks_of(records: list[dict]) -> list[tuple[str, str, bool]]:
    """Group statements into layout blocks: (kind, text, starts_section)."""
    blocks: list[list] = []  # [kind, [texts], starts_section]
    prev_area = None
    for rec in records:
        kind, text = rec["kind"], rec["text"]
        if kind in ("title", "finding_heading"):
            new_section = (kind == "title" and rec["area"] != prev_area and blocks != [])
            blocks.append(["heading", [text], new_section])
        elif kind == "list_item":
            if BULLET.match(text) or not blocks or blocks[-1][0] != "item":
                blocks.append(["item", [text], False])
            else:
                blocks[-1][1].append(text)
        else:
            if blocks and blocks[-1][0] == "para" and not rec.get("para"):
                blocks[-1][1].append(text)
            else:
                blocks.append(["para", [text], False])
        prev_area = rec["area"]
    return [(k, " ".join(t), s) for k, t, s in blocks]


def wrap(text: str, width: int) -> list[str]:
    return textwrap.wrap(text, width=width, break_long_words=False, break_on_hyphens=False)


def render(records: list[dict], header: str, first_page: int = 2) -> str:
    out: list[str] = []
    page_lines: list[str] = []
    state = {"page": first_page, "since_break": 0, "fresh": True}

    def emit(line: str) -> None:
        if state["fresh"]:
            line = " " + line
            state["fresh"] = False
        out.extend([line + " ", ""])
        page_lines.append(line)
        state["since_break"] += 1

    def start_page() -> None:
        out.extend([header, ""])
        page_lines.clear()
        state["since_break"] = 0
        state["fresh"] = state["page"] != first_page

    def end_page() -> None:
        text = " ".join(page_lines)
        terms = [t for t in GLOSSARY if t.lower() in text.lower()]
        n = 1 + state["page"] % 3
        slugs = [slug(t) for t in terms[:n]] or [FALLBACK_SLUGS[state["page"] % 2]]
        for s in slugs:
            out.append(f"https://www.example.org/glossary/{s}/")
        out.extend(["", " ", "", f" {state['page']} ", ""])
        state["page"] += 1

    start_page()
    page_len = 40
    for i, (kind, text, new_section) in enumerate(blocks_of(records)):
        if new_section and state["since_break"] > 0:
            end_page()
            start_page()
            page_len = 36 + (state["page"] * 5) % 9
        width = 80 + (i * 7) % 11
        for line in wrap(text, width):
            if state["since_break"] >= page_len:
                end_page()
                start_page()
                page_len = 36 + (state["page"] * 5) % 9
            emit(line)
    end_page()
    return "\n".join(out) + "\n"


def render_file(gold: Path, out: Path | None = None, header: str | None = None) -> Path:
    name = gold.name.removesuffix(".gold.jsonl")
    out = out or gold.with_name(name + ".txt")
    header = header or HEADERS.get(name) or f"Inspection report: {name}"
    out.write_text(render(load(gold), header), encoding="utf-8")
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("gold", nargs="?", type=Path, help="a NAME.gold.jsonl file")
    ap.add_argument("-o", "--out", type=Path, help="output .txt (default: NAME.txt beside the gold)")
    ap.add_argument("--header", help="running header line (default: built-in per sample name)")
    ap.add_argument("--all", action="store_true", help="render every corpora/sample/*.gold.jsonl")
    args = ap.parse_args(argv)
    if args.all:
        golds = sorted(SAMPLE_DIR.glob("*.gold.jsonl"))
    elif args.gold:
        golds = [args.gold]
    else:
        ap.error("give a gold file or --all")
    for gold in golds:
        path = render_file(gold, args.out if not args.all else None, args.header)
        print(f"wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
