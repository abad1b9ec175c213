"""Report frameworks: the headings, areas and grade phrasings of one inspection
programme (PEEL 2021/22, PEEL 2023-25), each a folder of JSON data files.

Adding a framework means adding a folder, not code.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from ..text import normalise_heading
from ..resources import load_json

from ..labels import DEFAULT_FRAMEWORK as DEFAULT  # noqa: E402


def available() -> list[str]:
    root = resources.files(__name__)
    return sorted(p.name for p in root.iterdir() if p.is_dir() and p.joinpath("headings.json").is_file())


@dataclass(frozen=True)
class Framework:
    name: str
    #: heading key -> (display name, area label or None when content decides)
    sections: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: heading key -> canonical box name
    boxes: dict[str, str] = field(default_factory=dict)
    titles: frozenset[str] = frozenset()
    #: section keys this framework itself defines (detection counts only these)
    own_sections: frozenset[str] = frozenset()
    areas: dict = field(default_factory=dict)
    grades: dict = field(default_factory=dict)
    #: canonical boxes that hold one finding: where the report sets them among
    #: its findings, the next finding heading is an ordinary finding again
    single_finding_boxes: frozenset[str] = frozenset()
    #: sections no judgement opens, found by their first sentence where no
    #: title gave an area (untitled_sections.json; frameworks.place.untitled_sections)
    untitled_sections: tuple = ()

    @property
    def known_titles(self) -> frozenset[str]:
        return frozenset(self.sections) | frozenset(self.boxes) | self.titles

    def section(self, text: str) -> tuple[str, str | None] | None:
        return self.sections.get(normalise_heading(text))

    def section_for_area(self, area: str) -> str | None:
        """The name of this framework's first own section of ``area``, else None."""
        return next((name for key, (name, a) in self.sections.items() if a == area and key in self.own_sections),
                    None)

    def box(self, text: str) -> str | None:
        return self.boxes.get(normalise_heading(text))

    def is_title(self, text: str) -> bool:
        return normalise_heading(text) in self.known_titles


def _package(name: str) -> str:
    return f"{__name__}.{name}"


@lru_cache(maxsize=None)
def load_framework(name: str = DEFAULT) -> Framework:
    if name not in available():
        raise ValueError(f"unknown framework {name!r}; available: {', '.join(available())}")
    pkg = _package(name)
    headings = load_json(pkg, "headings.json")
    sections = {}
    for display, area in headings["sections"].items():
        sections[normalise_heading(display)] = (display.replace("\u2019", "'"), area)
    own = frozenset(sections)
    # Reports mix programmes' headings (a 2023 report keeps a 2021 section
    # name), so another framework's sections are known too, ranked after ours.
    for other in available():
        if other != name:
            for display, area in load_json(_package(other), "headings.json")["sections"].items():
                sections.setdefault(normalise_heading(display), (display.replace("\u2019", "'"), area))
    boxes = {normalise_heading(k): v for k, v in headings["boxes"].items()}
    titles = frozenset(normalise_heading(t) for t in headings.get("titles", []))
    single = frozenset(headings.get("single_finding_boxes", []))
    unknown = single - set(boxes.values())
    if unknown:
        raise ValueError(f"{pkg}: headings.json: single_finding_boxes names no box: {', '.join(sorted(unknown))}")
    untitled = ()
    if resources.files(pkg).joinpath("untitled_sections.json").is_file():
        untitled = tuple(load_json(pkg, "untitled_sections.json")["sections"])
        unknown = sorted({s["area"] for s in untitled} - set(load_json(pkg, "areas.json")["areas"]))
        if unknown:
            raise ValueError(f"{pkg}: untitled_sections.json: no such area: {', '.join(unknown)}")
    return Framework(
        name=name, sections=sections, boxes=boxes, titles=titles, own_sections=own,
        areas=load_json(pkg, "areas.json"), grades=load_json(pkg, "grades.json"),
        single_finding_boxes=single, untitled_sections=untitled,
    )


@lru_cache(maxsize=None)
def all_known_titles() -> frozenset[str]:
    """Heading keys known to any framework (used before the framework is known)."""
    out: frozenset[str] = frozenset()
    for name in available():
        out |= load_framework(name).known_titles
    return out


def is_known_title(text: str) -> bool:
    """Does any framework know ``text`` as a title (a section, a box, a title)?"""
    return normalise_heading(text) in all_known_titles()


def detect(headings: list[str]) -> str:
    """Pick the framework whose section headings match most of ``headings``."""
    keys = {normalise_heading(h) for h in headings}
    best, best_hits = DEFAULT, 0
    for name in available():
        fw = load_framework(name)
        # Only headings unique to one framework tell them apart.
        hits = sum(1 for k in keys if k in fw.own_sections)
        if hits > best_hits:
            best, best_hits = name, hits
    return best
