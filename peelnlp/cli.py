"""Command line: a thin face over the Python API.

Exit status: 0 all documents done, 1 some failed (each reported on standard
error in one line), 2 usage errors.
"""
from __future__ import annotations

import argparse
import sys

from .commands import EXIT_USAGE  # one definition of the exit statuses (commands imports nothing heavy)
from .readers import FORMATS as INPUT_FORMATS  # the readers package imports nothing heavy


MODELS_DIR_HELP = "folder of trained models (default: $PEELNLP_MODELS, else the models shipped with peelnlp)"


def _error(message: str) -> None:
    print(f"peelnlp: {message}", file=sys.stderr)


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # argparse exits 2 on usage errors; keep it one line
        _error(message)
        sys.exit(EXIT_USAGE)


def _frameworks() -> list[str]:
    from .frameworks import available

    return available()


def _reading_options(parser) -> None:
    """How a command that tags reports reads them and which model it uses."""
    parser.add_argument("--input-format", default="auto", choices=("auto",) + INPUT_FORMATS)
    parser.add_argument("--model", default=None, help="NAME or NAME@VERSION (default: newest 'peel' model)")
    parser.add_argument("--models-dir", default=None, help=MODELS_DIR_HELP)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="peelnlp", description="Turn inspection reports into structured statements.")
    from . import __version__

    parser.add_argument("--version", action="version", version=f"peelnlp {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser)

    t = sub.add_parser("tag", help="split reports into statements and tag them")
    t.add_argument("inputs", nargs="+", metavar="INPUT", help="files or folders (searched recursively)")
    t.add_argument("-o", "--output", help="output file (default: standard output)")
    t.add_argument("--format", default=None, choices=["jsonl", "csv", "parquet"],
                   help="output format (default: from the output's extension, else jsonl)")
    t.add_argument("--input-format", default="auto", choices=("auto",) + INPUT_FORMATS)
    t.add_argument("--model", default=None,
                   help="NAME or NAME@VERSION (default: newest 'peel' model); 'none' tags structure only")
    t.add_argument("--models-dir", default=None, help=MODELS_DIR_HELP)
    t.add_argument("--framework", default=None, choices=_frameworks(),
                   help="report framework (default: the programme the report names, else detected from its headings)")
    t.add_argument("--workers", type=int, default=1, help="processes to tag with")
    t.add_argument("--resume", action="store_true", help="skip documents already complete in OUTPUT")
    t.add_argument("--max-bytes", type=int, default=50_000_000, help="skip files larger than this")
    # The reading budget of each document (defaults in peelnlp/readers/budget.py).
    t.add_argument("--max-pages", type=int, default=None, help="fail a PDF with more pages (default: 2000)")
    t.add_argument("--max-chars", type=int, default=None,
                   help="fail a document with more characters of text (default: 1000000)")
    t.add_argument("--max-seconds", type=float, default=None,
                   help="fail a document whose reading takes longer (default: 600)")
    t.add_argument("--no-progress", action="store_true", help="no progress bar")

    tr = sub.add_parser("train", help="train the statement models on corpora")
    tr.add_argument("corpora", nargs="+", metavar="CORPUS", help="gold JSONL/Parquet files or folders")
    tr.add_argument("--name", required=True, help="model name")
    tr.add_argument("--version", dest="model_version", default=None, help="X.Y.Z (default: next patch version)")
    tr.add_argument("--models-dir", default=None,
                    help="where to write the model (default: $PEELNLP_MODELS, else ./models)")
    tr.add_argument("--seed", type=int, default=0)
    tr.add_argument("--config", default=None, metavar="JSON",
                    help='training config: {"folds": N, "type": {...}, "area": {...}} (estimator parameters; '
                         "default: the shipped models' settings)")
    tr.add_argument("--no-context", dest="context", action="store_false",
                    help="leave out the type model's context stage (a second pass over the predictions "
                         "of a statement's neighbours and finding; see README's ablation table)")
    tr.add_argument("--unreviewed", default="weight", choices=["keep", "weight", "skip"],
                    help="statements of a reviewed corpus (peelnlp import-review) that no person labelled: "
                         "train on them at full weight, at --unreviewed-weight (default), or not at all")
    tr.add_argument("--unreviewed-weight", type=float, default=0.3,
                    help="their training weight with --unreviewed weight (default: 0.3)")
    tr.add_argument("--weight", action="append", default=[], metavar="CORPUS=W",
                    help="train on the statements of CORPUS (a file or folder given above) at weight W, "
                         "for example real reports among written ones (repeatable; default 1)")
    tr.add_argument("--no-progress", action="store_true")

    ev = sub.add_parser("evaluate", help="score predictions against gold labels")
    ev.add_argument("gold", metavar="GOLD.jsonl",
                    help="a gold file, or a folder of NAME.gold.jsonl files (each scored with the report "
                         "NAME.txt/.pdf/.html beside it or in the INPUT folder, then all together)")
    ev.add_argument("inputs", nargs="*", metavar="INPUT",
                    help="report to tag and score (instead of --pred); with a gold folder, a folder of reports")
    ev.add_argument("--pred", help="predictions (JSONL from `peelnlp tag`)")
    _reading_options(ev)
    ev.add_argument("--against", metavar="MODEL",
                    help="tag with this model too and give --model's accuracy less this one's, with an interval")
    ev.add_argument("--json", action="store_true", help="print metrics as JSON")

    su = sub.add_parser("summarize", help="an HTML page per report and a corpus page, with CSV tables")
    su.add_argument("inputs", nargs="+", metavar="RECORDS_OR_INPUT",
                    help="files `peelnlp tag` wrote (.jsonl, .csv, .parquet), or reports and folders to tag first")
    su.add_argument("-o", "--output", required=True, metavar="OUT_DIR", help="folder for the pages (created)")
    _reading_options(su)

    rv = sub.add_parser("review", help="choose the statements most worth a person's correction; write them as "
                                       "annotation tasks")
    rv.add_argument("inputs", nargs="+", metavar="INPUT", help="reports: files or folders (searched recursively)")
    rv.add_argument("-o", "--output", required=True, metavar="TASKS",
                    help="tasks file (.json: Label Studio, .csv: a spreadsheet); NAME.documents.jsonl "
                         "(and NAME.labelling.xml for Label Studio) are written beside it")
    rv.add_argument("--budget", type=int, default=100, help="how many statements to review (default: 100)")
    rv.add_argument("--format", default=None, choices=["label-studio", "csv"],
                    help="task format (default: from the extension of TASKS)")
    _reading_options(rv)

    ir = sub.add_parser("import-review", help="read reviewed tasks (Label Studio export or filled CSV) "
                                              "as a gold corpus for `peelnlp train`")
    ir.add_argument("exports", nargs="+", metavar="EXPORT", help="Label Studio JSON export(s) or filled CSV(s)")
    ir.add_argument("-o", "--output", required=True, metavar="CORPUS.jsonl", help="gold corpus to write")
    ir.add_argument("--documents", action="append", default=None, metavar="DOCUMENTS.jsonl",
                    help="the documents file `peelnlp review` wrote (default: the one the tasks name, "
                         "beside each EXPORT)")

    m = sub.add_parser("models", help="list trained models")
    m.add_argument("--models-dir", default=None, help=MODELS_DIR_HELP)
    m.add_argument("--json", action="store_true")
    return parser


class Terminated(KeyboardInterrupt):
    """SIGTERM, handled like Ctrl-C: the run stops cleanly, keeping what is written."""


def _on_sigterm(signum, frame):
    raise Terminated()


def main(argv: list[str] | None = None) -> int:
    import signal
    import threading

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.command is None:
        parser.print_usage(sys.stderr)
        return EXIT_USAGE
    from . import commands

    try:
        status = getattr(commands, "cmd_" + args.command.replace("-", "_"))(args)
        sys.stdout.flush()  # here, not at exit, so that a closed pipe is handled below
        return status
    except commands.UsageError as exc:
        _error(str(exc))
        return EXIT_USAGE
    except Terminated:
        _error("terminated")
        return 143
    except KeyboardInterrupt:
        _error("interrupted")
        return 130
    except BrokenPipeError:
        # The reader of our output went away (`peelnlp evaluate --json | head`):
        # stop quietly, as shell tools do, without a traceback at exit.
        import os

        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141


if __name__ == "__main__":
    sys.exit(main())
