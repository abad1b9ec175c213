"""``peelnlp evaluate``: score predictions against a gold JSONL file.

Predictions come from ``--pred PRED.jsonl`` (the records of ``peelnlp tag``)
or from tagging the INPUT report(s) here. The metrics are those of
:func:`peelnlp.evaluation.metrics.score`; they are printed as a readable
report, or as JSON with ``--json``.

GOLD may also be a folder: every ``NAME.gold.jsonl`` under it is scored
against the report ``NAME.txt`` (or ``.pdf``, ``.html``, ...) beside it, in
the INPUT folder, or in ``--pred`` (records whose ``doc`` is named NAME), one
line per report and then all of them pooled. A report that is missing or
can't be read is named in one line and the others are still scored.

A gold, prediction or input file that doesn't exist raises
:class:`FileNotFoundError`; one that can't be read or parsed raises
:class:`EvaluateError` (a :class:`ValueError`) whose message is one line naming
the file (and line).
"""
from __future__ import annotations

import errno
import json
import sys
from pathlib import Path

from .metrics import MISSING, compare_documents, score, score_documents


class EvaluateError(ValueError):
    """A file that can't be evaluated; the message names it in one line."""


def _missing(path) -> FileNotFoundError:
    return FileNotFoundError(errno.ENOENT, "no such file", str(path))


def read_jsonl(path, what: str = "file") -> list[dict]:
    """The JSON objects of a JSONL file, one per non-blank line; each must have
    a string ``text``. Raises :class:`FileNotFoundError` or :class:`EvaluateError`."""
    path = Path(path)
    if not path.exists():
        raise _missing(path)
    rows = []
    try:
        with open(path, encoding="utf-8") as fh:
            for lineno, line in enumerate(fh, 1):
                if not line.strip():
                    continue
                try:
                    row = json.loads(line)
                except json.JSONDecodeError:
                    raise EvaluateError(f"{path}:{lineno}: not valid JSON") from None
                if not isinstance(row, dict):
                    raise EvaluateError(f"{path}:{lineno}: expected a JSON object")
                if not isinstance(row.get("text"), str):
                    raise EvaluateError(f"{path}:{lineno}: {what} statement has no \"text\" string")
                rows.append(row)
    except UnicodeDecodeError:
        raise EvaluateError(f"{path}: not UTF-8 text") from None
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise EvaluateError(f"{path}: can't read: {exc.strerror or exc}") from None
    return rows


def load_gold(path) -> list[dict]:
    rows = read_jsonl(path, "gold")
    if not rows:
        raise EvaluateError(f"{path}: no gold statements")
    return rows


def load_pred(path) -> list[dict]:
    return read_jsonl(path, "predicted")


def tag_inputs(inputs, input_format: str = "auto", model: str | None = None, models_dir=None) -> list[dict]:
    """Prediction records for the INPUT report(s), in order."""
    for p in inputs:
        if not Path(p).exists():
            raise _missing(p)
    from ..api import tag
    from ..readers import ReaderError
    from ..registry import ModelError

    try:
        return list(tag(list(inputs), input_format=input_format, model=model, models_dir=models_dir))
    except (ReaderError, ModelError) as exc:
        raise EvaluateError(str(exc)) from None


# -- a folder of gold files -------------------------------------------------

GOLD_SUFFIX = ".gold.jsonl"


def report_name(path) -> str:
    """A gold file's or a report's name without its extension: the key that pairs them."""
    name = Path(path).name
    if name.endswith(GOLD_SUFFIX):
        return name[: -len(GOLD_SUFFIX)]
    return Path(name).stem


def _files(folder, suffixes) -> list[Path]:
    """Files under ``folder`` (the folder walker's order); a folder that can't be listed is an error."""
    from ..bulk.inputs import walk

    out = []
    for item in walk(Path(folder), suffixes):
        if isinstance(item, OSError):
            raise EvaluateError(f"{item.filename or folder}: can't list folder: {item.strerror or item}")
        out.append(item)
    return out


def gold_files(folder) -> list[Path]:
    """Every ``NAME.gold.jsonl`` under ``folder``, in the folder walker's order."""
    out = [p for p in _files(folder, {".jsonl"}) if p.name.endswith(GOLD_SUFFIX)]
    if not out:
        raise EvaluateError(f"{folder}: no gold files (NAME{GOLD_SUFFIX}) in this folder")
    return out


def _reports_by_name(folder) -> dict[str, list[Path]]:
    from ..bulk.inputs import REPORT_SUFFIXES

    found: dict[str, list[Path]] = {}
    for report in _files(folder, REPORT_SUFFIXES):
        found.setdefault(report_name(report), []).append(report)
    return found


def pair_reports(golds: list[Path], reports_folder=None) -> list[tuple[Path, Path | str]]:
    """Each gold file with its report, or with the reason it has none: the
    report of the same name beside it (the first of ``.txt``, ``.pdf``,
    ``.html``, ... that exists), or anywhere under ``reports_folder``."""
    from ..readers import EXTENSIONS

    index = _reports_by_name(reports_folder) if reports_folder is not None else None
    pairs = []
    for gold in golds:
        name = report_name(gold)
        if index is None:
            found = [gold.with_name(name + ext) for ext in EXTENSIONS if gold.with_name(name + ext).is_file()]
            where = "beside it"
        else:
            found, where = index.get(name, []), f"in {reports_folder}"
        if len(found) > 1 and index is not None:
            pairs.append((gold, f"{len(found)} reports named {name} {where}: {', '.join(map(str, found))}"))
        elif found:
            pairs.append((gold, found[0]))
        else:
            pairs.append((gold, f"no report named {name} ({', '.join(EXTENSIONS)}) {where}"))
    return pairs


def _predictions_by_name(pred_path) -> dict[str, list[dict]]:
    by_doc: dict[str, list[dict]] = {}
    for row in load_pred(pred_path):
        by_doc.setdefault(str(row.get("doc") or ""), []).append(row)
    by_name: dict[str, list[dict]] = {}
    for doc, rows in by_doc.items():
        # Two documents of one name can't be told apart: neither is used.
        by_name[report_name(doc)] = rows if report_name(doc) not in by_name else []
    return by_name


def _tag_each(reports: dict, input_format: str, model, models_dir, failures: list) -> dict:
    """Records of each report (gold path -> its report), tagged in one pass;
    a report that fails is added to ``failures``."""
    from ..bulk import tag_paths
    from ..pipeline import load
    from ..registry import ModelError

    try:
        nlp = load(model, models_dir=models_dir)
    except ModelError as exc:
        raise EvaluateError(str(exc)) from None
    out = {}
    for gold, result in zip(list(reports), tag_paths(nlp, list(reports.values()), input_format)):
        if result.failure is not None:
            failures.append(str(result.failure))
        else:
            out[gold] = result.records
    return out


def score_folder(gold_folder, reports_folder=None, pred=None, input_format: str = "auto",
                 model: str | None = None, models_dir=None, against: str | None = None) -> dict:
    """Score every gold file under ``gold_folder`` (see the module's notes).

    Returns ``{"documents": {gold path: metrics}, "pooled": metrics or None,
    "failures": ["PATH: reason", ...]}``; the pooled metrics score all the
    reports' statements together, and their intervals resample the findings of
    all of them. With ``against`` (a second model) the reports are tagged with
    it too, and ``"against"`` holds :func:`compare_documents` of the two over
    the reports both could tag."""
    golds = gold_files(gold_folder)
    failures: list[str] = []
    loaded: list[tuple[Path, list[dict]]] = []
    for gold in golds:
        try:
            loaded.append((gold, load_gold(gold)))
        except EvaluateError as exc:
            failures.append(str(exc))
    predictions: dict[Path, list[dict]] = {}
    if pred is not None:
        by_name = _predictions_by_name(pred)
        for gold, _ in loaded:
            rows = by_name.get(report_name(gold))
            if rows:
                predictions[gold] = rows
            else:
                failures.append(f"{gold}: no predictions for a report named {report_name(gold)} in {pred}"
                                + (" (more than one document has that name)" if rows == [] else ""))
    else:
        reports = {}
        for gold, report in pair_reports([g for g, _ in loaded], reports_folder):
            if isinstance(report, str):
                failures.append(f"{gold}: {report}")
            else:
                reports[gold] = report
        if reports:
            predictions = _tag_each(reports, input_format, model, models_dir, failures)
            if against is not None:
                other = _tag_each({g: r for g, r in reports.items() if g in predictions}, input_format, against,
                                  models_dir, failures)
    scored = [(gold, gold_rows, predictions[gold]) for gold, gold_rows in loaded if gold in predictions]
    documents = {str(gold): score(gold_rows, pred_rows) for gold, gold_rows, pred_rows in scored}
    pooled = score_documents([(g, p) for _, g, p in scored]) if scored else None
    out = {"documents": documents, "pooled": pooled, "failures": failures}
    if against is not None and scored:
        out["against"] = _comparison(against, [(g, other[gold], p) for gold, g, p in scored if gold in other])
    return out


def _comparison(against: str, documents: list) -> dict:
    """:func:`compare_documents` with the models' names (as their records give them)."""
    def name(side: int) -> str | None:
        return next((r.get("model") for d in documents for r in d[side] if r.get("model")), None)

    return {"model": name(2), "against": name(1) or against, **compare_documents(documents)}


# -- the readable report ----------------------------------------------------

def _pct(x: float) -> str:
    return f"{100 * x:5.1f}"


def _class_table(title: str, result: dict) -> list[str]:
    classes = result["per_class"]
    width = max(len(MISSING), max(len(c) for c in classes), len("micro avg"))
    lines = [title, f"  {'':<{width}}  {'prec':>5}  {'rec':>5}  {'F1':>5}  {'support':>7}  {'pred':>5}"]
    for name, c in classes.items():
        if not (c["support"] or c["predicted"]):
            continue
        lines.append(f"  {name:<{width}}  {_pct(c['precision'])}  {_pct(c['recall'])}  {_pct(c['f1'])}"
                     f"  {c['support']:>7}  {c['predicted']:>5}")
    skipped = [n for n, c in classes.items() if not (c["support"] or c["predicted"])]
    support = sum(c["support"] for c in classes.values())
    ma, mi = result["macro"], result["micro"]
    lines.append(f"  {'macro avg':<{width}}  {_pct(ma['precision'])}  {_pct(ma['recall'])}  {_pct(ma['f1'])}"
                 f"  {support:>7}  ({ma['classes']} classes)")
    lines.append(f"  {'micro avg':<{width}}  {_pct(mi['precision'])}  {_pct(mi['recall'])}  {_pct(mi['f1'])}"
                 f"  {support:>7}")
    lines.append(f"  accuracy {_pct(result['accuracy'])}" + _interval(result.get("interval"), "accuracy"))
    if skipped:
        lines.append(f"  (not in gold or predictions: {', '.join(skipped)})")
    return lines


def _interval(interval: dict | None, key: str) -> str:
    if not interval or interval.get(key) is None:
        return ""
    lo, hi = interval[key]
    return (f"  ({100 * interval['level']:.0f}% interval {100 * lo:.1f}-{100 * hi:.1f},"
            f" resampling {interval['blocks']} findings and boxes)")


_SHORT = {
    "strength": "str", "area_for_improvement": "afi", "cause_of_concern": "coc",
    "innovative_practice": "inn", "other": "oth", MISSING: "miss",
}


def _confusion(result: dict) -> list[str]:
    conf = result["confusion"]
    cols = [_SHORT.get(c, c[:6]) for c in conf["columns"]]
    width = max(len(r) for r in conf["labels"])
    cw = max(5, max(len(c) for c in cols))
    lines = ["  confusion (rows gold, columns predicted):",
             f"    {'':<{width}}" + "".join(f" {c:>{cw}}" for c in cols)]
    for label, row in zip(conf["labels"], conf["matrix"]):
        lines.append(f"    {label:<{width}}" + "".join(f" {n:>{cw}}" for n in row))
    return lines


def format_report(result: dict, gold_path=None, source=None) -> str:
    counts = result["counts"]
    lines = []
    if gold_path is not None:
        lines.append(f"gold: {gold_path}" + (f"   predictions: {source}" if source else ""))
    lines.append(
        f"statements: {counts['gold_statements']} gold, {counts['pred_statements']} predicted, "
        f"{counts['matched']} gold matched; {counts['scored']} scored for type and area "
        f"(titles excluded), {counts['scored_unmatched']} of them unmatched"
    )
    seg = result["segmentation"]
    lines.append(f"segmentation: boundary P {_pct(seg['precision'])}  R {_pct(seg['recall'])}  "
                 f"F1 {_pct(seg['f1'])}   word coverage {_pct(seg['coverage'])}")
    lines.append("")
    t = result["type"]
    lines += _class_table("type", t)
    lines.append(f"  macro F1 over the four mission classes {_pct(t['macro_f1_mission'])}"
                 + _interval(t.get("interval"), "macro_f1"))
    cal = t.get("calibration") or {}
    if cal.get("n"):
        lines.append(f"  type_score calibration: ECE {cal['ece']:.3f} (mean confidence "
                     f"{_pct(cal['mean_confidence'])}, accuracy {_pct(cal['accuracy'])}, {cal['n']} statements)")
    lines += _confusion(t)
    lines.append("")
    lines += _class_table("area", result["area"])
    lines.append("")
    g = result["grade"]
    ga = g["graded_judgements_found_with_right_area"]
    lines.append(f"grade: P {_pct(g['precision'])} ({g['correct']}/{g['predicted']})  "
                 f"R {_pct(g['recall'])} ({g['found']}/{g['gold']})  F1 {_pct(g['f1'])}; "
                 f"graded judgements found with the right area: {ga['found']} of {ga['of']}")
    c = result["claims"]
    lines.append(f"numeric claims: P {_pct(c['precision'])}  R {_pct(c['recall'])}  F1 {_pct(c['f1'])}  "
                 f"(tp {c['tp']}, fp {c['fp']}, fn {c['fn']}; kind accuracy {_pct(c['kind_accuracy'])})")
    if counts["pred_statements"]:
        unset = [name for name in ("type", "area")
                 if not any(k["predicted"] for k in result[name]["per_class"].values())]
        if unset:
            lines.append(f"note: no {' or '.join(unset)} predicted (no trained model?)")
    return "\n".join(lines)


def format_difference(d: dict | None) -> str:
    """A :func:`~peelnlp.evaluation.metrics.paired_difference` in one phrase:
    "+0.2 points (95% interval -0.5 to +0.9; 3 gained, 2 lost)"."""
    if d is None:
        return "too few findings to compare"
    lo, hi = d["interval"]
    return (f"{100 * d['difference']:+.1f} points ({100 * d['level']:.0f}% interval {100 * lo:+.1f} to "
            f"{100 * hi:+.1f}; {d['gained']} gained, {d['lost']} lost)")


def format_comparison(comparison: dict | None) -> str:
    if not comparison:
        return ""
    cells = [f"{field} accuracy {format_difference(comparison.get(field))}" for field in ("type", "area")]
    return (f"{comparison['model']} against {comparison['against']}, on the same statements, resampling "
            f"findings:\n  " + "\n  ".join(cells))


def format_folder_report(result: dict) -> str:
    docs = result["documents"]
    lines = []
    if docs:
        width = max(len("report"), *(len(report_name(p)) for p in docs))
        lines.append(f"{'report':<{width}}  statements   type  mission F1   area  grades")
        for path, r in docs.items():
            g = r["grade"]
            lines.append(f"{report_name(path):<{width}}  {r['counts']['scored']:>10}  {_pct(r['type']['accuracy'])}"
                         f"       {_pct(r['type']['macro_f1_mission'])}  {_pct(r['area']['accuracy'])}"
                         f"  {g['found']} of {g['gold']}")
        lines += ["", f"all {len(docs)} reports together", format_report(result["pooled"])]
        if result.get("against"):
            lines += ["", format_comparison(result["against"])]
    return "\n".join(lines)


def evaluate_command(args) -> int:
    """Run ``peelnlp evaluate``; ``args`` has ``gold``, ``inputs``, ``pred``,
    ``input_format``, ``model`` and ``json``. Returns 0, or 1 when a folder's
    report could not be scored (each such report is named on standard error)."""
    if getattr(args, "pred", None) and getattr(args, "against", None):
        raise EvaluateError("--against tags the reports with a second model: give the reports, not --pred")
    if Path(args.gold).is_dir():
        return _evaluate_folder(args)
    gold = load_gold(args.gold)
    if getattr(args, "pred", None):
        pred = load_pred(args.pred)
        source = args.pred
    else:
        inputs = list(args.inputs)
        pred = tag_inputs(inputs, input_format=getattr(args, "input_format", "auto"),
                          model=getattr(args, "model", None), models_dir=getattr(args, "models_dir", None))
        source = ", ".join(str(p) for p in inputs)
    result = score(gold, pred)
    against = getattr(args, "against", None)
    if against is not None:
        other = tag_inputs(inputs, input_format=getattr(args, "input_format", "auto"), model=against,
                           models_dir=getattr(args, "models_dir", None))
        result["against"] = _comparison(against, [(gold, other, pred)])
    if getattr(args, "json", False):
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_report(result, args.gold, source))
        if result.get("against"):
            print("\n" + format_comparison(result["against"]))
    return 0


def _evaluate_folder(args) -> int:
    inputs = list(getattr(args, "inputs", None) or [])
    if len(inputs) > 1 or (inputs and not Path(inputs[0]).is_dir()):
        raise EvaluateError(f"{args.gold} is a folder: give one folder of reports, --pred, or neither "
                            "(reports beside their gold files)")
    if inputs and getattr(args, "pred", None):
        raise EvaluateError("give either --pred PRED.jsonl or a folder of reports, not both")
    result = score_folder(args.gold, inputs[0] if inputs else None, getattr(args, "pred", None),
                          input_format=getattr(args, "input_format", "auto"), model=getattr(args, "model", None),
                          models_dir=getattr(args, "models_dir", None), against=getattr(args, "against", None))
    if getattr(args, "json", False):
        json.dump(result, sys.stdout, indent=2)
        sys.stdout.write("\n")
    else:
        print(format_folder_report(result))
    for failure in result["failures"]:
        print(f"error: {failure}", file=sys.stderr)
    if not result["documents"]:
        print(f"peelnlp: no report under {args.gold} could be scored", file=sys.stderr)
    return 1 if result["failures"] else 0
