"""Finding inputs: the one folder walker of peelnlp.

``peelnlp tag`` walks folders for reports (:func:`iter_inputs`); training walks
them for gold files and reports (:func:`peelnlp.training.corpus.find_files`).
Both go through :func:`walk`, so they agree on order (sorted, files of a
folder before its subfolders) and on what is skipped (hidden entries, the
owner files Word leaves beside an open document ("~$report.docx"), and a
folder's notes about itself: README, CHANGELOG, LICENSE).
"""
from __future__ import annotations

import os
from pathlib import Path
from typing import Iterable, Iterator

from ..readers import EXTENSIONS
from .document import Failure

#: extensions of the files a folder walk picks up (files named directly are always read)
REPORT_SUFFIXES = frozenset(EXTENSIONS)
#: a folder's notes about itself, never a report it holds ("README.md" beside
#: reports converted to Markdown); compared by name without extension, any case
FOLDER_NOTES = frozenset({"readme", "changelog", "changes", "license", "licence", "contributing"})


def walk(folder: Path, suffixes: Iterable[str]) -> Iterator[Path | OSError]:
    """Files under ``folder`` whose extension (lower-cased) is in ``suffixes``,
    recursively, sorted, hidden files and folders, Word's owner files
    ("~$report.docx") and a folder's notes (:data:`FOLDER_NOTES`) skipped; a folder that can't
    be listed comes back as its OSError, where the walk met it."""
    suffixes = frozenset(s.lower() for s in suffixes)
    errors: list[OSError] = []
    for root, dirs, files in os.walk(folder, onerror=errors.append):
        while errors:
            yield errors.pop(0)
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            path = Path(name)
            if not name.startswith((".", "~$")) and path.suffix.lower() in suffixes \
                    and path.stem.lower() not in FOLDER_NOTES:
                yield Path(root) / name
    yield from errors  # the top folder itself could not be listed


def iter_inputs(paths: Iterable, exclude: Iterable = (),
                suffixes: Iterable[str] = REPORT_SUFFIXES) -> Iterator[Path | Failure]:
    """Files named in ``paths``; folders are walked recursively (see
    :func:`walk`; in a folder only report files count: a README or a gold
    .jsonl beside the reports is not a report). A missing path or an
    unreadable folder comes back as a Failure. Files whose real path is in
    ``exclude`` (the output being written) are skipped."""
    skip = {os.path.realpath(p) for p in exclude}
    for p in paths:
        p = Path(p)
        if p.is_dir():
            found = failed = False
            for item in walk(p, suffixes):
                if isinstance(item, OSError):
                    # only the folder named itself failing makes "no reports" moot
                    failed = failed or Path(item.filename or p) == p
                    yield Failure(str(item.filename or p), f"can't list folder: {item.strerror or item}")
                elif not (skip and os.path.realpath(item) in skip):
                    found = True
                    yield item
            if not found and not failed:
                names = ", ".join(sorted(suffixes))
                yield Failure(str(p), f"no reports in this folder (looked for {names} files)")
        elif p.exists() or p.is_symlink():
            if skip and os.path.realpath(p) in skip:
                continue
            yield p
        else:
            yield Failure(str(p), "no such file or folder")
