"""Placing statements in a report's structure: a framework's sections and boxes."""
from __future__ import annotations


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
            heading = text
            # A cause of concern and its recommendations never hold a finding
            # heading: the next one starts ordinary findings again (fire
            # reports have no "Main findings" title to close the box).
            if box in ("Cause of concern", "Recommendations"):
                box = None
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
