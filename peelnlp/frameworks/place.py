"""Placing statements in a report's structure: a framework's sections and boxes."""
from __future__ import annotations

import re
from functools import lru_cache


def place(items: list[tuple[str, str]], fw) -> list[tuple[str | None, str | None, str | None]]:
    """(section, box, heading) for each (kind, text) statement, in order.

    Pure, so that training can place gold statements exactly as the pipeline
    places predicted ones.
    """
    section = box = heading = None
    out = []
    for kind, text in items:
        if kind == "title":
            found = fw.section(text)
            if found is not None:
                section, box, heading = found[0], None, None
            else:
                canonical = fw.box(text)
                if canonical is not None:
                    box, heading = canonical, None
        elif kind == "finding_heading":
            # A cause of concern and its recommendations never hold a finding
            # heading, and a box that holds one finding (a fire report's
            # practice box) holds no second: the next heading starts ordinary
            # findings again (fire reports have no "Main findings" title to
            # close the box).
            if box in ("Cause of concern", "Recommendations"):
                box = None
            elif box in fw.single_finding_boxes and heading is not None:
                box = None
            heading = text
        out.append((section, box, heading if kind != "title" else None))
    return out


def end_findings_at_judgements(kinds, headings, grades) -> list:
    """``headings`` with each finding ended at a graded judgement: a judgement
    opens an area's section as its title would, so where no title does (bare
    lines) the last heading of one area must not reach into the next. Not
    part of :func:`place`: judgements are read after placing (the grade
    reader takes an area from the section)."""
    out, judged = [], False
    for kind, heading, grade in zip(kinds, headings, grades):
        judged = (judged or bool(grade)) and kind not in ("title", "finding_heading")
        out.append(None if judged else heading)
    return out


@lru_cache(maxsize=None)
def _findings_intro():
    from ..resources import load_json

    data = load_json(__package__, "findings_intro.json")
    return (re.compile("|".join(f"(?:{p})" for p in data["patterns"])), int(data["max_words"]),
            int(data["max_boxed"]))


def opens_main_findings(text: str) -> bool:
    """Does the sentence open a section's main findings ("In this section, we
    set out our main findings that relate to ...")?"""
    pattern, max_words, _ = _findings_intro()
    text = text.lower().replace("\u2019", "'")
    return len(text.split()) <= max_words and pattern.search(text) is not None


def boxed_findings(kinds, texts, grades) -> list[bool]:
    """Which statements belong to a finding in a box where no title names the
    box (bare lines). A report sets its boxes (innovative practice, areas for
    improvement) between an area's graded judgement and the sentence that
    opens the area's main findings: the findings there, from the first
    finding heading on, are boxed. The statements before that heading are
    not (a crime recording section opens with its estimates, a cause of
    concern with its sentence), nor is anything after a judgement that no
    such sentence follows before the next judgement or a title, or not
    within ``max_boxed`` statements (findings_intro.json): no run of boxes
    is that long, so the sentence was missed."""
    max_boxed = _findings_intro()[2]
    out = [False] * len(kinds)
    start = None  # the first finding heading since the last judgement
    judged = False
    for i, (kind, text, grade) in enumerate(zip(kinds, texts, grades)):
        if grade or kind == "title":
            judged, start = bool(grade), None
        elif not judged:
            continue
        elif kind == "finding_heading":
            start = i if start is None else start
        elif start is not None and i - start > max_boxed:
            judged, start = False, None
        elif opens_main_findings(text):
            if start is not None:
                out[start:i] = [True] * (i - start)
            judged, start = False, None
    return out


def opening_spans(kinds, texts, grades) -> list:
    """For each statement that opens an area's section, the index of the
    area's graded judgement; None for the rest. The opening runs from the
    judgement to the area's first finding heading or the sentence that opens
    its main findings; a title or the next judgement ends it too. On text
    with no titles this is where a cause of concern stands (its sentence, its
    recommendations and their supporting findings), and a crime recording
    section's estimates."""
    out = [None] * len(kinds)
    judgement = None
    for i, (kind, text, grade) in enumerate(zip(kinds, texts, grades)):
        if grade:
            judgement = i
        elif kind in ("title", "finding_heading"):
            judgement = None
        elif judgement is not None:
            if opens_main_findings(text):
                judgement = None
            else:
                out[i] = judgement
    return out
