#!/usr/bin/env python3
"""Validate gold statement files (GUIDELINES.md format) and their rendered texts.

For every ``*.gold.jsonl`` found (default: ``corpora/sample`` and ``corpora/train``):

* each line is a JSON object with ``id``, ``text``, ``kind``, ``type``, ``area``, ``grade`` and
  ``numeric_claims``; ids run 1, 2, 3, ...; labels are in the allowed sets; titles are type ``other``;
  a grade appears only on a ``sentence`` of type ``other`` (a graded judgement); the optional
  ``para`` field is ``true`` and only on sentences;
* each claim has ``text`` (an exact substring of the statement), a numeric ``value`` that matches the
  number written in the claim text (digits or number words; "£2.4m" is 2400000,
  "1.1 million people" is 1100000), a ``kind`` in the
  allowed set, and, for ``proportion`` only, a ``denominator`` matching the "x of y" text;
* when ``NAME.txt`` sits beside ``NAME.gold.jsonl``, every statement appears in the text in order
  once lines are joined and whitespace is collapsed, with nothing between statements except page
  furniture (running header, page numbers, URL lines, blank lines).

Warnings (not failures) flag digits or number words that no claim covers and that don't look like
dates, years, codes or list numbers, so that missed claims can be reviewed; ``--strict`` makes
warnings fail too.

``--not-from TEXT`` (repeatable) checks that the corpus is the project's own
words: a statement other than a title that stands whole in TEXT, or that shares
a run of ``--run`` words (default 12) with it, is an error. Titles are left out
(area names and programme headings are shared by every report); words are
compared lower-cased, without punctuation, so a PDF-text file's line breaks and
hyphen breaks don't hide a copy.

Usage: python scripts/check_corpus.py [PATH ...] [--strict] [-q] [--not-from TEXT ... [--run N]]
Exit status: 0 when everything is valid, 1 otherwise.
"""
from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_DIRS = [ROOT / "corpora" / "sample", ROOT / "corpora" / "train"]

KINDS = {"title", "finding_heading", "list_item", "sentence"}
TYPES = {"strength", "area_for_improvement", "cause_of_concern", "innovative_practice", "other"}
AREAS = {"victim_service", "crime_data_integrity", "fairness_and_respect", "prevention", "responding",
         "investigating", "vulnerable_people", "offenders", "serious_organised_crime", "workforce",
         "vetting_counter_corruption", "strategic_planning", "general"}
GRADES = {"outstanding", "good", "adequate", "requires_improvement", "inadequate"}
CLAIM_KINDS = {"count", "percent", "proportion", "rate", "duration", "money", "change", "interval"}
REQUIRED = ("id", "text", "kind", "type", "area", "grade", "numeric_claims")

NUMBER_WORDS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
    "sixteen seventeen eighteen nineteen twenty".split())}
NUMBER_WORDS.update(thirty=30, forty=40, fifty=50, sixty=60, seventy=70, eighty=80, ninety=90,
                    hundred=100)
DIGITS = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
NUMBER = re.compile(DIGITS + r"|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)
MONEY = re.compile(r"£\s?(" + DIGITS + r")\s*(bn|billion|m|million|k)?\b")
MULT = {"bn": 1e9, "billion": 1e9, "m": 1e6, "million": 1e6, "k": 1e3}

#: uncovered numbers that are fine: years, financial years, dates, codes, list markers, phone numbers
NON_CLAIM = re.compile(
    r"\b(?:19|20)\d\d(?:/\d\d|–\d\d(?:\d\d)?)?\b"          # 2021, 2022/23, 2023–25
    r"|\b\d{1,2} (?:January|February|March|April|May|June|July|August|September|October"
    r"|November|December)\b"                                  # 31 March
    r"|\b(?:outcome|outcomes|section|level|tier|figure|annex|part|recommendation|phase|stage)"
    r" \d+\b"
    r"|\b(?:999|101|24/7)\b|\b\d+P\b|^\s*\d{1,2}[.)] ", re.I)
#: number words that aren't quantities
IDIOMS = re.compile(r"\bone of\b|\bmore than one\b|\beach one\b|\bincluding one\b|\bone that\b|\bone or more\b|\bin one case\b|\bno one\b|\bone-off\b|\bone-to-one\b"
                    r"|\bone another\b|\bone place\b", re.I)


def parse_number(text: str) -> float | None:
    m = MONEY.search(text)
    if m:
        return float(m.group(1).replace(",", "")) * MULT.get((m.group(2) or "").lower(), 1.0)
    m = NUMBER.search(text)
    if not m:
        return None
    tok = m.group(0).lower()
    value = float(NUMBER_WORDS[tok]) if tok in NUMBER_WORDS else float(tok.replace(",", ""))
    scale = re.match(r"\s*(million|billion)\b", text[m.end():], re.I)
    return value * MULT[scale.group(1).lower()] if scale else value


def parse_denominator(text: str) -> float | None:
    m = re.search(r"(?:\bof|\bin)\s+(?:the\s+|these\s+|those\s+|its\s+|all\s+)?(" + DIGITS + r"|[a-z]+)\b",
                  text, re.I)
    if not m:
        return None
    tok = m.group(1).lower()
    if tok in NUMBER_WORDS:
        return float(NUMBER_WORDS[tok])
    if re.fullmatch(DIGITS, tok):
        return float(tok.replace(",", ""))
    return None


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-9 * max(1.0, abs(a), abs(b))


def is_number(x) -> bool:
    return isinstance(x, (int, float)) and not isinstance(x, bool)


def norm(s: str) -> str:
    return re.sub(r"\s+", " ", s).strip()


def check_gold(path: Path, errors: list[str], warnings: list[str]) -> list[dict]:
    records: list[dict] = []
    with path.open(encoding="utf-8") as f:
        lines = f.read().splitlines()
    for n, line in enumerate(lines, 1):
        where = f"{path}:{n}"
        if not line.strip():
            errors.append(f"{where}: blank line")
            continue
        try:
            rec = json.loads(line)
        except json.JSONDecodeError as e:
            errors.append(f"{where}: bad JSON ({e})")
            continue
        if not isinstance(rec, dict):
            errors.append(f"{where}: not a JSON object")
            continue
        missing = [k for k in REQUIRED if k not in rec]
        if missing:
            errors.append(f"{where}: missing {missing}")
            continue
        records.append(rec)
        if rec["id"] != len(records):
            errors.append(f"{where}: id {rec['id']!r}, expected {len(records)}")
        text = rec["text"]
        if not isinstance(text, str) or not text.strip():
            errors.append(f"{where}: empty text")
            continue
        if text != text.strip() or "\n" in text or "  " in text:
            errors.append(f"{where}: text has stray whitespace")
        if rec["kind"] not in KINDS:
            errors.append(f"{where}: bad kind {rec['kind']!r}")
        if rec["type"] not in TYPES:
            errors.append(f"{where}: bad type {rec['type']!r}")
        if rec["area"] not in AREAS:
            errors.append(f"{where}: bad area {rec['area']!r}")
        if rec["grade"] is not None:
            if rec["grade"] not in GRADES:
                errors.append(f"{where}: bad grade {rec['grade']!r}")
            elif rec["kind"] != "sentence" or rec["type"] != "other":
                errors.append(f"{where}: grade on a statement that isn't a graded judgement sentence")
        if rec["kind"] == "title" and rec["type"] != "other":
            errors.append(f"{where}: title with type {rec['type']!r} (titles are 'other')")
        if "para" in rec and (rec["para"] is not True or rec["kind"] != "sentence"):
            errors.append(f"{where}: 'para' must be true and only on sentences")
        claims = rec["numeric_claims"]
        if not isinstance(claims, list):
            errors.append(f"{where}: numeric_claims isn't a list")
            continue
        covered = []
        for c in claims:
            ctext = c.get("text") if isinstance(c, dict) else None
            if not isinstance(ctext, str) or not ctext:
                errors.append(f"{where}: claim without text: {c!r}")
                continue
            if ctext not in text:
                errors.append(f"{where}: claim text {ctext!r} isn't in the statement")
            else:
                start = text.find(ctext)
                while any(s == start for s, _ in covered) and text.find(ctext, start + 1) >= 0:
                    start = text.find(ctext, start + 1)
                covered.append((start, start + len(ctext)))
            if c.get("kind") not in CLAIM_KINDS:
                errors.append(f"{where}: claim {ctext!r} has bad kind {c.get('kind')!r}")
            value = c.get("value")
            if not is_number(value):
                errors.append(f"{where}: claim {ctext!r} value {value!r} isn't a number")
            else:
                parsed = parse_number(ctext)
                if parsed is None:
                    errors.append(f"{where}: claim {ctext!r} holds no number")
                elif not close(parsed, float(value)):
                    errors.append(f"{where}: claim {ctext!r} value {value} != {parsed} written")
            if c.get("kind") == "proportion":
                den = c.get("denominator")
                if not is_number(den):
                    errors.append(f"{where}: proportion {ctext!r} without numeric denominator")
                else:
                    parsed = parse_denominator(ctext)
                    if parsed is not None and not close(parsed, float(den)):
                        errors.append(f"{where}: proportion {ctext!r} denominator {den} != {parsed}")
                    if is_number(value) and value > den:
                        errors.append(f"{where}: proportion {ctext!r} value exceeds denominator")
            elif "denominator" in c:
                errors.append(f"{where}: denominator on a {c.get('kind')} claim {ctext!r}")
            extra = set(c) - {"text", "value", "kind", "denominator"} if isinstance(c, dict) else set()
            if extra:
                errors.append(f"{where}: claim {ctext!r} has unknown fields {sorted(extra)}")
        # lint: numbers that no claim covers and that aren't dates, codes or idioms
        skip = [(m.start(), m.end()) for m in NON_CLAIM.finditer(text)]
        skip += [(m.start(), m.end()) for m in IDIOMS.finditer(text)]
        for m in NUMBER.finditer(text):
            s, e = m.span()
            if any(a <= s and e <= b for a, b in covered + skip):
                continue
            warnings.append(f"{where}: uncovered number {m.group(0)!r} in: {text}")
    return records


def read_text_content(path: Path) -> str:
    """The .txt with page furniture removed and lines joined."""
    lines = path.read_text(encoding="utf-8").splitlines()
    nonblank = [ln.strip() for ln in lines if ln.strip()]
    header = nonblank[0] if nonblank and nonblank.count(nonblank[0]) > 1 else None
    kept = []
    for ln in lines:
        s = ln.strip()
        if not s or s == header or re.fullmatch(r"\d{1,3}", s) or re.match(r"https?://", s):
            continue
        kept.append(s)
    return norm(" ".join(kept))


def check_text(path: Path, records: list[dict], errors: list[str]) -> None:
    content = read_text_content(path)
    pos = 0
    for rec in records:
        want = norm(rec.get("text", ""))
        if not want:
            continue
        found = content.find(want, pos)
        if found < 0:
            errors.append(f"{path}: statement {rec.get('id')} not found in order: {want[:80]!r}")
            continue
        gap = content[pos:found].strip()
        if gap:
            errors.append(f"{path}: unexpected text before statement {rec.get('id')}: {gap[:80]!r}")
        pos = found + len(want)
    tail = content[pos:].strip()
    if tail:
        errors.append(f"{path}: unexpected text after the last statement: {tail[:80]!r}")


def words(text: str) -> list[str]:
    """Lower-cased words, curly apostrophes straightened, punctuation dropped."""
    return re.findall(r"[a-z0-9]+", text.lower().replace("\u2019", "'"))


def reference_index(text: str, run: int) -> tuple[str, set[tuple[str, ...]]]:
    """A reference text's words joined (to find a whole statement in) and its
    runs of ``run`` words, made once for every gold file checked against it."""
    ref_words = words(text)
    return (" " + " ".join(ref_words) + " ",
            {tuple(ref_words[i:i + run]) for i in range(len(ref_words) - run + 1)})


def check_not_copied(path: Path, records: list[dict], reference: Path, index: tuple[str, set],
                     run: int, errors: list[str]) -> None:
    """Errors for ``path``'s statements (not titles) that stand whole in the
    reference text, or share ``run`` words in a row with it (``index``:
    :func:`reference_index`'s)."""
    joined, shingles = index
    for rec in records:
        if rec.get("kind") == "title" or not isinstance(rec.get("text"), str):
            continue
        w = words(rec["text"])
        whole = len(w) >= 6 and f" {' '.join(w)} " in joined
        shared = next((w[i:i + run] for i in range(len(w) - run + 1) if tuple(w[i:i + run]) in shingles), None)
        if whole or shared:
            what = "stands whole in" if whole else f"shares {run} words in a row with"
            errors.append(f"{path}:{rec.get('id')}: statement {what} {reference}: {rec['text'][:80]!r}")


def gold_files(paths: list[Path]) -> list[Path]:
    out: list[Path] = []
    for p in paths:
        if p.is_dir():
            out.extend(sorted(p.glob("*.gold.jsonl")))
        elif p.exists():
            out.append(p)
    return out


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Validate gold statement files and rendered texts.")
    ap.add_argument("paths", nargs="*", type=Path, help="gold files or folders (default: corpora/sample, corpora/train)")
    ap.add_argument("--strict", action="store_true", help="fail on warnings too")
    ap.add_argument("-q", "--quiet", action="store_true", help="don't print warnings")
    ap.add_argument("--not-from", action="append", type=Path, default=[], metavar="TEXT",
                    help="a text the corpus must not copy (repeatable)")
    ap.add_argument("--run", type=int, default=12, help="words in a row that count as copied (default 12)")
    args = ap.parse_args(argv)
    references = []
    for ref in args.not_from:
        try:
            references.append((ref, reference_index(read_text_content(ref), args.run)))
        except (OSError, UnicodeDecodeError) as e:
            print(f"error: {ref}: can't read it ({e})", file=sys.stderr)
            return 1
    files = gold_files(args.paths or DEFAULT_DIRS)
    if not files:
        print("no gold files found", file=sys.stderr)
        return 1
    errors: list[str] = []
    warnings: list[str] = []
    total = 0
    for gold in files:
        records = check_gold(gold, errors, warnings)
        total += len(records)
        txt = gold.with_name(gold.name.removesuffix(".gold.jsonl") + ".txt")
        if txt.exists():
            check_text(txt, records, errors)
        for ref, index in references:
            check_not_copied(gold, records, ref, index, args.run, errors)
    if not args.quiet:
        for w in warnings:
            print("warning:", w)
    for e in errors:
        print("error:", e)
    print(f"{len(files)} gold files, {total} statements: {len(errors)} errors, {len(warnings)} warnings")
    return 1 if errors or (args.strict and warnings) else 0


if __name__ == "__main__":
    sys.exit(main())
