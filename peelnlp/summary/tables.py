"""The summary's tables as plain data, computed once from the records; the
templates only lay them out, and the CSV files hold the same rows.

A *finding* is a statement (not a title) whose type is one of the four the
inspectorate reports on: strength, area for improvement, cause of concern,
innovative practice. Every graded judgement is kept: a fire and rescue
report grades two sections that share an area (preventing fires and fire
regulation are both ``prevention``), so an area's cell may hold two grades,
each with its section.
"""
from __future__ import annotations

import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import PurePath

from ..labels import AREAS, MISSION

TYPE_NAMES = {
    "strength": "Strength", "area_for_improvement": "Area for improvement",
    "cause_of_concern": "Cause of concern", "innovative_practice": "Innovative practice", "other": "Other",
}
TYPE_PLURALS = {"strength": "strengths", "area_for_improvement": "areas for improvement",
                "cause_of_concern": "causes of concern", "innovative_practice": "innovative practice"}
TYPE_SHORT = {"strength": "S", "area_for_improvement": "AFI", "cause_of_concern": "CoC",
              "innovative_practice": "IP", "other": "O"}
GRADE_NAMES = {"outstanding": "Outstanding", "good": "Good", "adequate": "Adequate",
               "requires_improvement": "Requires improvement", "inadequate": "Inadequate"}
AREA_NAMES = {
    "victim_service": "Victim service", "crime_data_integrity": "Crime data integrity",
    "fairness_and_respect": "Fairness and respect", "prevention": "Prevention", "responding": "Responding",
    "investigating": "Investigating", "vulnerable_people": "Vulnerable people", "offenders": "Offenders",
    "serious_organised_crime": "Serious and organised crime", "workforce": "Workforce",
    "vetting_counter_corruption": "Vetting and counter-corruption", "strategic_planning": "Strategic planning",
    "general": "General",
}
NO_AREA = "(no area)"
NO_PROGRAMME = "(unknown)"


def area_name(area: str | None) -> str:
    return AREA_NAMES.get(area, area) if area else NO_AREA


def is_finding(record: dict) -> bool:
    return record["kind"] != "title" and record["type"] in MISSION


@dataclass
class Grade:
    area: str | None
    grade: str
    index: int
    text: str
    section: str | None = None


@dataclass
class Report:
    doc: str
    page: str                     # file name of its page, "aldermoor.html"
    records: list[dict]
    body: str | None = None
    programme: str | None = None
    published: str | None = None
    framework: str | None = None
    grades: dict = field(default_factory=dict)     # area -> [Grade], in document order
    graded: list = field(default_factory=list)     # every graded judgement, in document order
    #: type -> area -> [record], in document order, findings only
    findings: dict = field(default_factory=dict)
    #: area -> type -> count (findings)
    counts: dict = field(default_factory=dict)
    figures: list = field(default_factory=list)    # (record, claim) of the summary's statements

    @property
    def label(self) -> str:
        """The body as the report names it, else the document's file name."""
        return self.body or PurePath(self.doc).stem

    @property
    def type_totals(self) -> dict:
        return {t: sum(self.counts.get(a, {}).get(t, 0) for a in self.counts) for t in MISSION}


def _slug(doc: str, taken: set[str]) -> str:
    stem = re.sub(r"[^A-Za-z0-9_-]+", "-", PurePath(doc).stem).strip("-") or "report"
    if stem.lower() == "index":  # the corpus page
        stem = "index-report"
    page, n = f"{stem}.html", 2
    while page.lower() in taken:
        page, n = f"{stem}-{n}.html", n + 1
    taken.add(page.lower())
    return page


def _ordered(values, order) -> list:
    rank = {v: i for i, v in enumerate(order)}
    return sorted(values, key=lambda v: (rank.get(v, len(rank)), str(v)))


def build_report(doc: str, records: list[dict], page: str) -> Report:
    records = sorted(records, key=lambda r: r["index"])
    first = records[0]
    report = Report(doc=doc, page=page, records=records, body=first.get("body"),
                    programme=first.get("programme"), published=first.get("published"),
                    framework=first.get("framework"))
    findings: dict = defaultdict(lambda: defaultdict(list))
    counts: dict = defaultdict(Counter)
    summary_sections = {r["section"] for r in records if r["section"] and "summary" in r["section"].lower()}
    for r in records:
        if r["grade"] and r["kind"] != "title":
            g = Grade(r["area"], r["grade"], r["index"], r["text"], r["section"])
            report.graded.append(g)
            report.grades.setdefault(r["area"], []).append(g)
        if is_finding(r):
            findings[r["type"]][r["area"]].append(r)
            counts[r["area"]][r["type"]] += 1
        in_summary = r["section"] in summary_sections if summary_sections else r["index"] < 60
        if in_summary and r["kind"] != "title":
            report.figures.extend((r, c) for c in r["numeric_claims"])
    report.findings = {t: {a: findings[t][a] for a in _ordered(findings[t], AREAS)} for t in MISSION if t in findings}
    report.counts = {a: dict(counts[a]) for a in _ordered(counts, AREAS)}
    report.grades = {a: report.grades[a] for a in _ordered(report.grades, AREAS)}
    return report


@dataclass
class Corpus:
    reports: list[Report]
    areas: list            # areas graded in any report, in label order (columns of the grade matrix)
    programmes: list       # programmes present ("(unknown)" for none)
    finding_areas: list    # areas with findings, in label order
    by_area_programme: dict  # area -> programme -> count
    by_area_type: dict       # area -> type -> count
    rows: list               # (report page, body, programme, area, type, count) for findings.csv


def build_corpus(records: list[dict]) -> Corpus:
    by_doc: dict[str, list[dict]] = defaultdict(list)
    for r in records:
        by_doc[r["doc"]].append(r)
    taken: set[str] = {"index.html"}
    reports = [build_report(doc, recs, _slug(doc, taken)) for doc, recs in by_doc.items()]
    reports.sort(key=lambda rep: (rep.label.lower(), rep.programme or "", rep.doc))
    areas = _ordered({a for rep in reports for a in rep.grades}, AREAS)
    programmes = _ordered({rep.programme or NO_PROGRAMME for rep in reports}, ())
    by_area_programme: dict = defaultdict(Counter)
    by_area_type: dict = defaultdict(Counter)
    cells: Counter = Counter()
    for rep in reports:
        programme = rep.programme or NO_PROGRAMME
        for area, types in rep.counts.items():
            for t, n in types.items():
                by_area_programme[area][programme] += n
                by_area_type[area][t] += n
                cells[(rep.page, rep.body or "", rep.programme or "", area or "", t)] += n
    finding_areas = _ordered(by_area_programme, AREAS)
    return Corpus(
        reports=reports, areas=areas, programmes=programmes, finding_areas=finding_areas,
        by_area_programme={a: dict(by_area_programme[a]) for a in finding_areas},
        by_area_type={a: dict(by_area_type[a]) for a in finding_areas},
        rows=[(*key, n) for key, n in cells.items()],
    )


def grades_csv_rows(corpus: Corpus) -> list[list]:
    """The grade matrix: one row per report, one column per area (two grades
    in one area are joined with "; ")."""
    header = ["report", "body", "programme", "published", *corpus.areas]
    rows = [[rep.page, rep.body or "", rep.programme or "", rep.published or "",
             *["; ".join(g.grade for g in rep.grades.get(a, [])) for a in corpus.areas]]
            for rep in corpus.reports]
    return [header, *rows]


def findings_csv_rows(corpus: Corpus) -> list[list]:
    """Counts of findings by body, programme, area and type (long form)."""
    return [["report", "body", "programme", "area", "type", "findings"], *[list(r) for r in corpus.rows]]
