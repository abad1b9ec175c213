"""What each ``peelnlp`` sub-command does, given its parsed arguments.

Kept apart from :mod:`peelnlp.cli` so that the parser stays cheap to import.
"""
from __future__ import annotations

import sys
from pathlib import Path

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


class UsageError(Exception):
    """Bad arguments: reported in one line, exit status 2."""


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


#: output extensions and the format each one means
OUTPUT_SUFFIXES = {"jsonl": "jsonl", "ndjson": "jsonl", "json": "jsonl", "csv": "csv", "parquet": "parquet"}


def _output_format(args) -> str:
    if args.format:
        return args.format
    if args.output:
        suffix = Path(args.output).suffix.lower().lstrip(".")
        if suffix not in OUTPUT_SUFFIXES:
            raise UsageError(f"can't tell the output format of {args.output!r} from its extension; "
                             f"name it .jsonl, .csv or .parquet, or give --format")
        return OUTPUT_SUFFIXES[suffix]
    return "jsonl"


def cmd_tag(args) -> int:
    from .bulk import run_tagging
    from .writers import OutputLocked, ResumeError

    fmt = _output_format(args)
    if fmt == "parquet" and not args.output:
        raise UsageError("--format parquet needs -o OUTPUT")
    if args.resume and not args.output:
        raise UsageError("--resume needs -o OUTPUT")
    if args.workers < 1:
        raise UsageError("--workers must be at least 1")
    for flag in ("max_bytes", "max_pages", "max_chars", "max_seconds"):
        value = getattr(args, flag)
        if value is not None and not value > 0:
            raise UsageError(f"--{flag.replace('_', '-')} must be more than 0")
    from .bulk import Limits
    from .registry import ModelError

    try:
        summary = run_tagging(
            args.inputs, output=args.output, fmt=fmt, input_format=args.input_format,
            model=args.model, framework=args.framework, workers=args.workers,
            resume=args.resume, models_dir=args.models_dir,
            limits=Limits(args.max_bytes, args.max_pages, args.max_chars, args.max_seconds),
            progress=not args.no_progress and sys.stderr.isatty(), report=_say,
        )
    except (ModelError, ResumeError, OutputLocked) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # the output: inputs' errors are reported per document
        where = exc.filename or args.output or "standard output"
        _say(f"peelnlp: can't write {where}: {exc.strerror or exc}")
        return EXIT_FAILED
    _say(summary.line())
    return EXIT_FAILED if summary.failed else EXIT_OK


def _corpus_weights(given: list[str]) -> dict[str, float]:
    weights = {}
    for item in given:
        corpus, _, value = item.rpartition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if not corpus or not weight > 0:
            raise UsageError(f"--weight {item!r}: give CORPUS=W with W a number above 0")
        weights[corpus] = weight
    return weights


def cmd_train(args) -> int:
    from .registry import ModelError
    from .training.train import read_config, train_command

    try:
        entry = train_command(
            args.corpora, name=args.name, version=args.model_version, models_dir=args.models_dir,
            seed=args.seed, progress=not args.no_progress and sys.stderr.isatty(), report=_say,
            context=args.context, unreviewed=args.unreviewed, unreviewed_weight=args.unreviewed_weight,
            corpus_weights=_corpus_weights(args.weight),
            config=read_config(args.config) if args.config else None,
        )
    except (ModelError, FileNotFoundError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    _say(f"trained {entry.name}@{entry.version} -> {entry.path}")
    return EXIT_OK


def cmd_evaluate(args) -> int:
    from pathlib import Path

    from .evaluation.evaluate import evaluate_command

    if bool(args.pred) == bool(args.inputs) and not Path(args.gold).is_dir():
        raise UsageError("give either --pred PRED.jsonl or an INPUT report to tag")
    try:
        return evaluate_command(args)
    except FileNotFoundError as exc:
        raise UsageError(f"{exc.filename}: no such file") from None
    except ValueError as exc:  # malformed gold/pred files: one line naming file and line
        raise UsageError(str(exc)) from None


def cmd_models(args) -> int:
    import json

    from .registry import ModelError, list_models, where

    try:
        entries = list_models(args.models_dir)
    except ModelError as exc:
        raise UsageError(str(exc)) from None
    if args.json:
        print(json.dumps([e.summary() for e in entries], indent=2))
        return EXIT_OK
    if not entries:
        print(f"no models found in {where(args.models_dir)}")
        return EXIT_OK
    print(f"{'name':<16} {'version':<9} {'created':<20} metrics")
    for e in entries:
        s = e.summary()
        metrics = ", ".join(f"{k}={v}" if isinstance(v, int) else f"{k}={v:.3f}"
                            for k, v in s["metrics"].items() if isinstance(v, (int, float)))
        if s["broken"]:
            print(f"{s['name']:<16} {s['version']:<9} {'BROKEN':<20} {s['broken']}")
            continue
        print(f"{s['name']:<16} {s['version']:<9} {s['created'][:19]:<20} {metrics}")
    return EXIT_OK


def cmd_summarize(args) -> int:
    from .registry import ModelError
    from .summary import summarize

    try:
        result = summarize(args.inputs, args.output, model=args.model, models_dir=args.models_dir,
                           input_format=args.input_format)
    except ModelError as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:  # the output folder
        _say(f"peelnlp: can't write {exc.filename or args.output}: {exc.strerror or exc}")
        return EXIT_FAILED
    for problem in result.problems:
        _say(f"peelnlp: {problem}")
    if not result.reports:
        _say("peelnlp: no records to summarize; nothing written")
        return EXIT_FAILED
    reports = "1 report" if result.reports == 1 else f"{result.reports} reports"
    _say(f"summarized {reports} ({result.statements} statements) -> "
         f"{result.out_dir / 'index.html'}")
    return EXIT_FAILED if result.problems else EXIT_OK


def cmd_review(args) -> int:
    from .registry import ModelError
    from .review import review

    try:
        summary = review(args.inputs, args.output, budget=args.budget, fmt=args.format, model=args.model,
                         models_dir=args.models_dir, input_format=args.input_format, report=_say)
    except (ModelError, ValueError) as exc:
        raise UsageError(str(exc)) from None
    except OSError as exc:
        _say(f"peelnlp: can't write {exc.filename or args.output}: {exc.strerror or exc}")
        return EXIT_FAILED
    _say(summary.line())
    return EXIT_FAILED if summary.failed or not summary.tasks else EXIT_OK


def cmd_import_review(args) -> int:
    from .review import import_review

    try:
        result = import_review(args.exports, args.output, documents=args.documents)
    except OSError as exc:
        _say(f"peelnlp: can't write {exc.filename or args.output}: {exc.strerror or exc}")
        return EXIT_FAILED
    for line in result.notes + result.problems:
        _say(f"peelnlp: {line}")
    if result.documents:
        _say(f"{result.reviewed} statements reviewed ({result.changed} corrected) in {len(result.documents)} "
             f"documents; {result.statements} statements -> {args.output}")
    else:
        _say(f"no reviewed statement found; {args.output} not written")
    return EXIT_FAILED if result.problems or not result.documents else EXIT_OK
