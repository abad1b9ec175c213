"""Placing statements in a report's structure: a framework's sections and boxes."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import NamedTuple

from ..text import any_of


def place(items: list[tuple[str, str]], fw) -> list[tuple[str | None, str | None, str | None]]:
    """(section, box, heading) for each (kind, text) statement, in order.

    Pure, so that training can place gold statements exactly as the pipeline
    places predicted ones.
    """
    section = box = heading = None
    opened = False  # the last statement was a box's title
    out = []
    # How often each section's title is still to come: an area's title in a
    # summary that the report gives again later is a mention (a cell of the
    # grades table, or a list of the areas), not the section's start.
    to_come: dict[str, int] = {}
    for kind, text in items:
        found = fw.section(text) if kind == "title" else None
        if found is not None:
            to_come[found[0]] = to_come.get(found[0], 0) + 1
    for kind, text in items:
        if kind == "title":
            found, canonical = fw.section(text), None
            if found is not None:
                to_come[found[0]] -= 1
            if found is not None and found[1] is not None and to_come[found[0]] > 0 and (
                    section is None or (fw.section(section) or (None, None))[1] is None):
                out.append((section, box, None))
                opened = False
                continue
            if found is not None:
                section, box, heading = found[0], None, None
            else:
                canonical = fw.box(text)
                if canonical is not None:
                    box, heading = canonical, None
            opened = found is None and canonical is not None
            out.append((section, box, None))
            continue
        if kind == "finding_heading":
            # A cause of concern and its recommendations hold no finding of
            # their own, and a box that holds one finding (a fire report's
            # practice box) holds no second: the next heading starts ordinary
            # findings again (fire reports have no "Main findings" title to
            # close the box). A heading straight after "Cause of concern" is
            # the concern's own statement set in bold, though: it stays in.
            concern_states = box == "Cause of concern" and opened
            if not concern_states and (box in ("Cause of concern", "Recommendations") or (
                    box in fw.single_finding_boxes and heading is not None)):
                box = None
            heading = text
        opened = False
        out.append((section, box, heading))
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


def sections_at_judgements(items, placed, judged_areas, fw) -> list:
    """``placed`` ((section, box, heading) per statement, from :func:`place`)
    with a section opened at each graded judgement whose area is not its
    section's. A report's own title for a section that the framework does
    not know ("Crime prevention") leaves its statements in the section
    before, and the judgement that follows the title says which area they
    are in (GUIDELINES s.3). The section is that area's name in ``fw``; an
    unknown title just before the judgement moves with it, and the box
    carried over from the section before is closed, as a known title would
    close it. The section runs until a title the framework knows places the
    next statement elsewhere. Only inside an area's section: a summary's
    judgements (section area None) stay in the summary. ``items``: (kind,
    text) statements; ``judged_areas``: the area of each judgement, None
    elsewhere. Like :func:`end_findings_at_judgements`, not part of
    :func:`place`, since judgements are read after placing."""
    out = list(placed)
    opened = placed_under = carried = None
    for i, ((kind, text), (section, box, heading), area) in enumerate(zip(items, placed, judged_areas)):
        if opened is not None and section != placed_under:
            opened = None  # a known title placed this statement
        if area:
            found = fw.section(opened or section) if (opened or section) else None
            name = fw.section_for_area(area) if found and found[1] and found[1] != area else None
            if name:
                opened, placed_under, carried = name, section, box
                before_kind, before_text = items[i - 1] if i else ("", "")
                if (before_kind == "title" and out[i - 1][0] == section and fw.section(before_text) is None
                        and fw.box(before_text) is None):
                    out[i - 1] = (name, None, out[i - 1][2])
        if opened is not None:
            if kind == "title" and fw.box(text) is not None:
                carried = None  # the new section's own box
            out[i] = (opened, None if carried is not None and box == carried else box, heading)
    return out


@lru_cache(maxsize=None)
def _findings_intro():
    from ..resources import load_json

    data = load_json(__package__, "findings_intro.json")
    return any_of(data["patterns"]), int(data["max_words"]), int(data["max_boxed"])


@lru_cache(maxsize=None)
def _patterns(name: str) -> re.Pattern:
    """A data file's ``patterns``, any of which may match (recommendations.json, concern_status.json)."""
    from ..resources import load_json

    return any_of(load_json(__package__, name)["patterns"])


def opens_main_findings(text: str) -> bool:
    """Does the sentence open a section's main findings ("This section gives
    our main findings on ...")?"""
    pattern, max_words, _ = _findings_intro()
    text = _folded(text)
    return len(text.split()) <= max_words and pattern.search(text) is not None


def _folded(text: str) -> str:
    """Lower case with straight apostrophes, as the data files' patterns are written."""
    return text.lower().replace("\u2019", "'")


class UntitledLayout(NamedTuple):
    """What :func:`untitled_layout` finds, a list per statement."""

    opening: list
    boxed: list[bool]
    main: list[bool]
    first: list


def untitled_layout(kinds, texts, grades) -> UntitledLayout:
    """Where no title names an area's boxes (bare lines), what follows each
    graded judgement: ``(opening, boxed, main, first)``, one pass for all four.

    ``opening[i]``: the judgement's index for a statement before the area's
    first finding heading (a cause of concern stands there: its sentence,
    its recommendations and their supporting findings; so do a crime
    recording section's estimates), else None.

    ``boxed[i]``: a statement of a finding in the area's boxes. A report sets
    its boxes (innovative practice, areas for improvement) between the
    judgement and the sentence that opens the area's main findings: the
    findings there, from the first finding heading on, are boxed, but only
    where such a sentence comes within ``max_boxed`` statements
    (findings_intro.json): no run of boxes is that long, so the sentence was
    missed.

    ``main[i]``: a statement after the sentence that opens an area's main
    findings, up to the next judgement or title: it stands in no box.

    ``first[i]``: the heading's index for a statement of the area's first
    finding (its heading included, up to the second heading): where
    recommendations stand in it, it is the cause of concern they answer,
    stated as a heading (in the gold reports, all 15 such findings).

    A title, the next judgement or that sentence ends ``opening``, ``boxed``
    and ``first``."""
    max_boxed = _findings_intro()[2]
    n = len(kinds)
    opening, boxed, main, first = [None] * n, [False] * n, [False] * n, [None] * n
    judgement = start = None  # the last judgement; the first finding heading after it
    in_first = False
    in_main = False
    for i, (kind, text, grade) in enumerate(zip(kinds, texts, grades)):
        if grade or kind == "title":
            judgement, start, in_main = (i if grade else None), None, False
            continue
        opener = kind != "finding_heading" and opens_main_findings(text)
        main[i], in_main = in_main, in_main or opener
        if judgement is None:
            continue
        elif kind == "finding_heading":
            in_first = start is None
            start = i if start is None else start
        elif start is not None and i - start > max_boxed:
            judgement, start = None, None
            continue
        elif opener:
            if start is not None:
                boxed[start:i] = [True] * (i - start)
            judgement, start = None, None
            continue
        elif start is None:
            opening[i] = judgement
        if start is not None and in_first:
            first[i] = start
    return UntitledLayout(opening, boxed, main, first)


def recommendation_lists(kinds, texts) -> list[int | None]:
    """For each statement of a list of recommendations (the sentence that
    introduces what the force should do, ending in a colon, and the list
    items after it), the index of that sentence; None for the rest. A
    "Recommendations" title names such a box; on bare lines this finds it."""
    out: list[int | None] = [None] * len(kinds)
    intro = None
    for i, (kind, text) in enumerate(zip(kinds, texts)):
        if kind == "list_item" and intro is not None:
            out[i] = intro
            continue
        intro = None
        if (text.rstrip().endswith(":") and i + 1 < len(kinds) and kinds[i + 1] == "list_item"
                and _patterns("recommendations.json").search(_folded(text))):
            intro = out[i] = i
    return out


def states_open_concern(text: str) -> bool:
    """Does the sentence say a cause of concern is still open ("the previous
    cause of concern is unmet and remains in place")? Such a sentence is that
    cause of concern's text (GUIDELINES s.2)."""
    text = _folded(text)
    # Most statements never name a concern: skip the patterns for them.
    return "of concern" in text and _patterns("concern_status.json").search(text) is not None


def states_deadline(text: str) -> bool:
    """Does the sentence tell the force to act by a deadline ("By 31 December
    2024, the service should ...")? Such a sentence is a formal cause of
    concern's recommendation (concern_deadline.json)."""
    text = _folded(text)
    return "should" in text and _patterns("concern_deadline.json").search(text) is not None


@lru_cache(maxsize=None)
def _untitled_section_patterns(framework: str) -> tuple:
    from . import load_framework

    return tuple((spec["area"], any_of(spec["opens"]), any_of(spec["not"]) if spec.get("not") else None)
                 for spec in load_framework(framework).untitled_sections)


def untitled_sections(texts, grades, framework: str) -> list[str | None]:
    """For statements no title gave an area (see
    learn.features.with_untitled_sections), the area of those in a section that
    no graded judgement opens (the framework's untitled_sections.json: a
    2021/22 report's victim service assessment), else None. Such a section
    runs from the last sentence before a graded judgement that opens it to
    that judgement; with no judgement after it, nothing is found (an excerpt
    may end inside a summary that only mentions the section)."""
    out: list[str | None] = [None] * len(texts)
    for area, opens, unless in _untitled_section_patterns(framework):
        start = None
        for i, (text, grade) in enumerate(zip(texts, grades)):
            if grade:
                if start is not None:
                    out[start:i] = [area] * (i - start)
                start = None
                continue
            folded = _folded(text)
            if opens.search(folded) and not (unless and unless.search(folded)):
                start = i
    return out
