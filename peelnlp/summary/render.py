"""Lay the summary's tables out as HTML with Jinja2 templates (autoescaped,
read from ``peelnlp/summary/templates`` with importlib.resources), charts as
inline SVG, no JavaScript: the pages need no network to be read."""
from __future__ import annotations

import csv
from importlib import resources
from pathlib import Path

from ..labels import MISSION
from .tables import (AREA_NAMES, GRADE_NAMES, NO_PROGRAMME, TYPE_NAMES, TYPE_PLURALS, TYPE_SHORT, Corpus, Report,
                     area_name, findings_csv_rows, grades_csv_rows)

#: Okabe-Ito colours, told apart by colour-blind readers; every use also has a text label
TYPE_COLOURS = {"strength": "#009E73", "area_for_improvement": "#E69F00", "cause_of_concern": "#D55E00",
                "innovative_practice": "#0072B2", "other": "#8c8c8c"}
PROGRAMME_NAMES = {"peel_2021_22": "PEEL 2021/22", "peel_2023_25": "PEEL 2023–25",
                   "fire_rescue": "Fire and rescue inspection"}


def _template_source(name: str):
    text = resources.files(__package__).joinpath("templates", name).read_text(encoding="utf-8")
    return text, None, lambda: True


def environment():
    import jinja2

    env = jinja2.Environment(loader=jinja2.FunctionLoader(_template_source), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True, undefined=jinja2.StrictUndefined)
    env.globals.update(
        TYPE_NAMES=TYPE_NAMES, TYPE_PLURALS=TYPE_PLURALS, TYPE_SHORT=TYPE_SHORT, TYPE_COLOURS=TYPE_COLOURS, GRADE_NAMES=GRADE_NAMES,
        AREA_NAMES=AREA_NAMES, MISSION=MISSION, area_name=area_name, programme_name=programme_name,
        pieces=pieces, blocks=blocks, bar_chart=bar_chart,
    )
    return env


def programme_name(key: str | None) -> str:
    if not key or key == NO_PROGRAMME:
        return "unknown"
    return PROGRAMME_NAMES.get(key, key)


def pieces(record: dict) -> list[tuple[str, dict | None]]:
    """The statement's text cut at its numeric claims: (text, claim or None)."""
    text, out, pos = record["text"], [], 0
    for claim in sorted(record["numeric_claims"], key=lambda c: (c.get("start") or 0)):
        start, end = claim.get("start"), claim.get("end")
        if start is None or end is None or start < pos or end > len(text):
            continue
        if start > pos:
            out.append((text[pos:start], None))
        out.append((text[start:end], claim))
        pos = end
    if pos < len(text):
        out.append((text[pos:], None))
    return out


def blocks(records: list[dict]) -> list[tuple[str, list[dict]]]:
    """Records grouped as the annotated view shows them: ("title" | "heading",
    [one]), ("p", [sentences]), ("ul", [list items])."""
    out: list[tuple[str, list[dict]]] = []
    for r in records:
        kind = {"title": "title", "finding_heading": "heading", "list_item": "ul"}.get(r["kind"], "p")
        if kind in ("p", "ul") and out and out[-1][0] == kind:
            out[-1][1].append(r)
        else:
            out.append((kind, [r]))
    return out


def bar_chart(rows: list[tuple[str, dict]], title: str, width: int = 640) -> dict:
    """Geometry of a horizontal stacked bar chart of findings by type: one bar
    per (label, {type: count}) row."""
    label_w, bar_h, gap, top = 190, 18, 8, 28
    biggest = max((sum(c.values()) for _, c in rows), default=0) or 1
    scale = (width - label_w - 50) / biggest
    bars = []
    for i, (label, counts) in enumerate(rows):
        y, x, segments = top + i * (bar_h + gap), label_w, []
        for t in MISSION:
            n = counts.get(t, 0)
            if n:
                w = n * scale
                segments.append({"type": t, "x": round(x, 1), "w": round(w, 1), "n": n,
                                 "show": w >= 7 * len(TYPE_SHORT[t]) + 6, "colour": TYPE_COLOURS[t]})
                x += w
        bars.append({"label": label, "y": y, "total": sum(counts.values()), "end": round(x + 4, 1),
                     "segments": segments, "h": bar_h})
    # the legend, wrapped to the chart's width (about 7 px a character at 12 px)
    legend, x, y = [], 0, top + len(rows) * (bar_h + gap) + 6
    for t in MISSION:
        item_w = 16 + 7 * len(f"{TYPE_SHORT[t]} = {TYPE_NAMES[t]}") + 14
        if x and x + item_w > width:
            x, y = 0, y + 18
        legend.append({"type": t, "x": x, "y": y, "colour": TYPE_COLOURS[t]})
        x += item_w
    return {"title": title, "width": width, "height": y + 22, "bars": bars, "legend": legend,
            "label_w": label_w, "top": top}


def write_csv(path: Path, rows: list[list]) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(rows)


def write_site(corpus: Corpus, out_dir: Path) -> list[Path]:
    """Write index.html, one page per report, grades.csv and findings.csv."""
    env = environment()
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    report_page = env.get_template("report.html")
    for report in corpus.reports:
        path = out_dir / report.page
        path.write_text(report_page.render(report=report, figure=_report_chart(report)), encoding="utf-8")
        written.append(path)
    chart = bar_chart([(area_name(a), corpus.by_area_type[a]) for a in corpus.finding_areas],
                      "Findings in the corpus by area and type")
    path = out_dir / "index.html"
    path.write_text(env.get_template("index.html").render(corpus=corpus, figure=chart), encoding="utf-8")
    written.append(path)
    for name, rows in (("grades.csv", grades_csv_rows(corpus)), ("findings.csv", findings_csv_rows(corpus))):
        write_csv(out_dir / name, rows)
        written.append(out_dir / name)
    return written


def _report_chart(report: Report) -> dict:
    return bar_chart([(area_name(a), c) for a, c in report.counts.items()],
                     f"Findings in {report.label} by area and type")
