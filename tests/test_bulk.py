"""``peelnlp tag`` on many documents: workers, resume, output formats, bad input.

Good documents are the project's own sample reports (``corpora/sample/*.txt``)
copied into a temporary folder, plus the mini report rendered as a PDF; bad
ones are made here. Every run uses ``--model none`` so that the results do not
depend on whether a trained model is installed.
"""
from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from peelnlp import bulk
import peelnlp.bulk.document  # noqa: F401  (monkeypatched: read_one lives there)
from peelnlp.cli import main
from peelnlp.records import FIELDS

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = sorted((ROOT / "corpora" / "sample").glob("*.txt"))
MAX_BYTES = 100_000
FORK = sys.platform.startswith("linux")


# ----------------------------------------------------------------- fixtures

@pytest.fixture(autouse=True)
def cached_pipeline(monkeypatch):
    """Load each pipeline once for the whole module (loading dominates)."""
    import peelnlp.pipeline as pipeline

    real = pipeline.load
    cache = _PIPELINES

    def load(model=None, framework=None, verify=True, models_dir=None):
        key = (model, framework, models_dir)
        if key not in cache:
            cache[key] = real(model, framework=framework, verify=verify, models_dir=models_dir)
        return cache[key]

    monkeypatch.setattr(pipeline, "load", load)


_PIPELINES: dict = {}


@pytest.fixture
def good(tmp_path) -> Path:
    folder = tmp_path / "good"
    folder.mkdir()
    for p in SAMPLES:
        shutil.copy(p, folder / p.name)
    return folder


@pytest.fixture
def mixed(good) -> dict:
    """The good folder plus one file of every kind of bad input."""
    bad = {
        "empty.txt": b"",
        "random.pdf": os.urandom(4000),
        "binary.txt": bytes(range(256)) * 8,
        "oversize.txt": b"The force recorded a good year. " * (MAX_BYTES // 30),
        "scripts.html": b"<html><head><script>var x = 1;</script></head><body><nav></nav></body></html>",
    }
    for name, data in bad.items():
        (good / name).write_bytes(data)
    latin1 = good / "latin1.txt"
    latin1.write_bytes("Caf\u00e9 crime in the force area\n\nThe force\u2019s caf\u00e9 recorded 12 crimes in 2023. "
                       "Officers were polite and visible.\n".replace("\u2019", "'").encode("latin-1"))
    return {"dir": good, "bad": sorted(bad), "latin1": latin1,
            "good": sorted(p.name for p in SAMPLES) + ["latin1.txt"]}


def tag(*args, model="none") -> int:
    return main(["tag", *map(str, args), "--model", model, "--no-progress", "--max-bytes", str(MAX_BYTES)])


def read_jsonl(path) -> list[dict]:
    return [json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines()]


def docs_of(records) -> Counter:
    """How many records each document has."""
    return Counter(r["doc"] for r in records)


def copies(records) -> Counter:
    return Counter((r["doc"], r["index"]) for r in records)


# ----------------------------------------------------------------- bad input

def test_mixed_folder_tags_good_documents_and_reports_bad_ones(mixed, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    missing = tmp_path / "missing.txt"
    assert tag(mixed["dir"], missing, "-o", out) == 1
    err = capsys.readouterr().err.splitlines()

    records = read_jsonl(out)
    tagged = {Path(d).name for d in docs_of(records)}
    assert tagged == set(mixed["good"])
    assert all(list(r) == list(FIELDS) for r in records)
    # Latin-1 text is decoded and tagged, with a warning.
    latin = [r["text"] for r in records if r["doc"].endswith("latin1.txt")]
    assert any("caf\u00e9" in t for t in latin)

    errors = [line for line in err if line.startswith("error: ")]
    for name in mixed["bad"]:
        hits = [line for line in errors if f"{name}: " in line]
        assert len(hits) == 1, (name, err)
    assert any(str(missing) in line and "no such file" in line for line in errors)
    assert len(errors) == len(mixed["bad"]) + 1
    reasons = "\n".join(errors)
    assert "empty file" in reasons and "--max-bytes" in reasons and "binary" in reasons
    assert err[-1] == (f"peelnlp: {len(mixed['good'])} documents tagged, {len(errors)} failed, "
                       f"{len(records)} statements written")


@pytest.mark.skipif(not hasattr(os, "geteuid") or os.geteuid() == 0, reason="root reads anything")
def test_unreadable_file_is_reported(good, tmp_path, capsys):
    locked = good / "locked.txt"
    locked.write_text("The force is good.\n", encoding="utf-8")
    locked.chmod(0)
    try:
        assert tag(good, "-o", tmp_path / "out.jsonl") == 1
    finally:
        locked.chmod(0o644)
    err = capsys.readouterr().err
    assert "locked.txt: " in err and "ermission" in err


@pytest.mark.parametrize("workers", [1, 2])
def test_unexpected_exception_is_one_line_failure(good, tmp_path, capsys, monkeypatch, workers):
    real = bulk.read_one

    def flaky(path, *args, **kwargs):
        if path.name == SAMPLES[1].name:
            raise RuntimeError("boom\nsecond line of the message")
        return real(path, *args, **kwargs)

    monkeypatch.setattr(bulk.document, "read_one", flaky)
    out = tmp_path / "out.jsonl"
    assert tag(good, "-o", out, "--workers", workers) == 1
    err = capsys.readouterr().err.splitlines()
    line, = [ln for ln in err if ln.startswith("error: ")]
    assert SAMPLES[1].name in line and "RuntimeError: boom second line" in line
    assert len(docs_of(read_jsonl(out))) == len(SAMPLES) - 1


@pytest.mark.skipif(not FORK, reason="the patched reader reaches workers only when they are forked")
def test_a_worker_that_dies_costs_only_its_document(good, tmp_path, capsys, monkeypatch):
    real = bulk.read_one
    victims = {SAMPLES[1].name, SAMPLES[2].name}

    def deadly(path, *args, **kwargs):
        if path.name in victims:
            os._exit(3)  # what a segfault in a PDF library looks like from outside
        return real(path, *args, **kwargs)

    monkeypatch.setattr(bulk.document, "read_one", deadly)
    out = tmp_path / "out.jsonl"
    assert tag(good, "-o", out, "--workers", 2) == 1
    err = capsys.readouterr().err.splitlines()
    lines = [ln for ln in err if ln.startswith("error: ")]
    assert len(lines) == 2
    for victim, line in zip(sorted(victims), lines):
        assert victim in line and "worker process died" in line
    records = read_jsonl(out)
    assert {Path(d).name for d in docs_of(records)} == {p.name for p in SAMPLES} - victims
    assert max(copies(records).values()) == 1
    assert [Path(d).name for d in docs_of(records)] == sorted({p.name for p in SAMPLES} - victims)


def test_a_file_named_twice_is_tagged_once(good, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    assert tag(good, good / SAMPLES[0].name, "-o", out) == 0
    assert max(copies(read_jsonl(out)).values()) == 1


def test_unwritable_output_is_one_line_error(good, tmp_path, capsys):
    assert tag(good, "-o", tmp_path / "no" / "such" / "dir" / "out.jsonl") == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "can't write" in err[0]


def test_output_inside_the_input_folder_is_not_read(good, capsys):
    out = good / "out.jsonl"
    assert tag(good, "-o", out) == 0
    assert tag(good, "-o", out) == 0  # out.jsonl and out.jsonl.done now exist in good/
    assert {Path(d).name for d in docs_of(read_jsonl(out))} == {p.name for p in SAMPLES}


# ----------------------------------------------------------------- workers

@pytest.mark.parametrize("fmt", ["jsonl", "csv"])
def test_two_workers_give_the_same_output_as_one(mixed, tmp_path, capsys, fmt):
    # With workers, a line format's records are encoded in the workers.
    one, two = tmp_path / f"one.{fmt}", tmp_path / f"two.{fmt}"
    assert tag(mixed["dir"], "-o", one, "--workers", 1) == 1
    err1 = capsys.readouterr().err
    assert tag(mixed["dir"], "-o", two, "--workers", 2) == 1
    err2 = capsys.readouterr().err
    assert one.read_bytes() == two.read_bytes()
    assert (tmp_path / f"one.{fmt}.done").read_bytes() == (tmp_path / f"two.{fmt}.done").read_bytes()
    assert err1 == err2  # the same failures and statement count, in the same (input) order


def test_pdf_documents_in_workers(mini, tmp_path, capsys):
    folder = tmp_path / "pdfs"
    folder.mkdir()
    for i in range(3):
        shutil.copy(mini["pdf"], folder / f"report{i}.pdf")
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    assert tag(folder, "-o", one) == 0
    assert tag(folder, "-o", two, "--workers", 3) == 0
    assert one.read_bytes() == two.read_bytes()
    assert len(docs_of(read_jsonl(one))) == 3


# ----------------------------------------------------------------- resume

def test_resume_on_finished_output_adds_nothing(mixed, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    tag(mixed["dir"], "-o", out)
    before = out.read_bytes()
    capsys.readouterr()
    assert tag(mixed["dir"], "-o", out, "--resume") == 1  # the bad ones fail again
    assert out.read_bytes() == before
    err = capsys.readouterr().err
    assert f"0 documents tagged, {len(mixed['bad'])} failed, 0 statements written, " \
           f"{len(mixed['good'])} already done" in err


@pytest.mark.parametrize("crash", ["cut_output", "drop_done_line", "cut_done_line", "records_without_done"])
def test_resume_after_a_crash_gives_one_copy_of_each_document(good, tmp_path, capsys, crash):
    out = tmp_path / "out.jsonl"
    done = Path(f"{out}.done")
    assert tag(good, "-o", out) == 0
    full = read_jsonl(out)
    data = out.read_bytes()
    entries = done.read_bytes().splitlines(keepends=True)
    if crash == "cut_output":  # died in the middle of a record of the 4th document
        end3 = json.loads(entries[2])["end"]
        end4 = json.loads(entries[3])["end"]
        out.write_bytes(data[:(end3 + end4) // 2])
    elif crash == "drop_done_line":  # records flushed, .done line not yet
        done.write_bytes(b"".join(entries[:-1]))
    elif crash == "cut_done_line":
        done.write_bytes(b"".join(entries[:-1]) + entries[-1][:10])
    else:  # a document's records, then the run died before it was marked done
        done.write_bytes(b"".join(entries[:2]))
        out.write_bytes(data[:json.loads(entries[2])["end"]])
    assert tag(good, "-o", out, "--resume") == 0
    again = read_jsonl(out)
    assert max(copies(again).values()) == 1
    assert sorted(map(json.dumps, again)) == sorted(map(json.dumps, full))
    assert out.read_bytes() == data  # same order too: documents are redone in input order
    # And a second resume adds nothing.
    assert tag(good, "-o", out, "--resume") == 0
    assert out.read_bytes() == data


def test_resume_refuses_an_output_it_cannot_trust(good, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    out.write_text('{"doc": "x"}\n', encoding="utf-8")
    assert tag(good, "-o", out, "--resume") == 2  # no .done: which documents are complete?
    assert "--resume" in capsys.readouterr().err
    csv_out = tmp_path / "out.csv"
    assert tag(good, "-o", csv_out) == 0
    os.replace(csv_out, out)
    os.replace(f"{csv_out}.done", f"{out}.done")
    assert tag(good, "-o", out, "--resume", "--format", "jsonl") == 2


def test_interrupted_write_is_cut_back_on_close(tmp_path):
    from peelnlp.writers import open_writer

    out = tmp_path / "out.jsonl"
    writer = open_writer("jsonl", out)
    record = dict.fromkeys(FIELDS)
    record.update(doc="a.txt", index=0, text="One.", numeric_claims=[])
    writer.write_document([record], key="/a.txt")
    size = out.stat().st_size
    writer._fh.write(b'{"doc": "b.txt", "ind')  # Ctrl-C in the middle of the next document
    writer.close()
    assert out.stat().st_size == size
    assert read_jsonl(out) == [record]


# ----------------------------------------------------------------- formats

def _from_csv(path) -> list[dict]:
    def value(field, text):
        if field == "numeric_claims":
            return json.loads(text)
        if text == "":
            return None
        if field in ("index", "start", "end"):
            return int(text)
        if field == "type_score":
            return float(text)
        return text

    with open(path, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    return [{f: value(f, row[f]) for f in FIELDS} for row in rows]


def _from_parquet(path) -> list[dict]:
    pq = pytest.importorskip("pyarrow.parquet")
    table = pq.read_table(path)
    assert table.column_names == list(FIELDS)
    # numeric_claims is a nested list of structs, read back as the records' dicts
    return table.to_pylist()


def test_csv_and_parquet_hold_the_same_records(mixed, tmp_path, capsys):
    outs = {fmt: tmp_path / f"out.{fmt}" for fmt in ("jsonl", "csv", "parquet")}
    for fmt, out in outs.items():
        assert tag(mixed["dir"], "-o", out, "--workers", 2 if fmt == "parquet" else 1) == 1
    records = read_jsonl(outs["jsonl"])
    assert records
    assert _from_csv(outs["csv"]) == records
    assert _from_parquet(outs["parquet"]) == records


@pytest.mark.parametrize("fmt", ["csv", "parquet"])
def test_resume_other_formats(good, tmp_path, capsys, fmt):
    out = tmp_path / f"out.{fmt}"
    read = _from_csv if fmt == "csv" else _from_parquet
    assert tag(good, "-o", out) == 0
    full = read(out)
    assert tag(good, "-o", out, "--resume") == 0
    assert read(out) == full
    assert "0 documents tagged" in capsys.readouterr().err
    # A partial output: the first two documents only.
    first_two = {r["doc"] for r in full[:1]} | {sorted({r["doc"] for r in full})[1]}
    if fmt == "csv":
        entries = Path(f"{out}.done").read_bytes().splitlines(keepends=True)
        Path(f"{out}.done").write_bytes(b"".join(entries[:2]))
    else:
        import pyarrow as pa
        import pyarrow.parquet as pq

        # as an older peelnlp wrote it: no list of documents in its metadata
        table = pq.read_table(out)
        keep = [r for r in table.to_pylist() if r["doc"] in first_two]
        pq.write_table(pa.Table.from_pylist(keep, schema=table.schema.remove_metadata()), out)
    assert tag(good, "-o", out, "--resume") == 0
    again = read(out)
    assert max(copies(again).values()) == 1
    assert sorted(map(json.dumps, again)) == sorted(map(json.dumps, full))


def test_progress_bar_goes_to_standard_error_only(good, capsys):
    summary = bulk.run_tagging([good], output=None, model="none", progress=True, report=print)
    out, err = capsys.readouterr()
    records = [json.loads(line) for line in out.splitlines()]  # nothing but records on stdout
    assert len(records) == summary.statements > 0
    assert f"{len(SAMPLES)}/{len(SAMPLES)}" in err and "statements" in err


def test_a_run_leaves_the_garbage_collector_as_it_found_it(good, tmp_path):
    """run_tagging freezes the collector after its warm-up (bulk.prepare) and
    unfreezes it at the end, also when the run fails; a freeze of the
    application's own is left as it was."""
    import gc

    bulk.run_tagging([good], output=str(tmp_path / "out.jsonl"), model="none", report=lambda m: None)
    assert gc.get_freeze_count() == 0
    with pytest.raises(OSError):
        bulk.run_tagging([good], output=str(tmp_path / "missing" / "out.jsonl"), model="none",
                         report=lambda m: None)
    assert gc.get_freeze_count() == 0
    # An application that froze objects itself keeps them frozen.
    gc.freeze()
    try:
        frozen = gc.get_freeze_count()
        bulk.run_tagging([good], output=str(tmp_path / "again.jsonl"), model="none", report=lambda m: None)
        assert gc.get_freeze_count() == frozen
    finally:
        gc.unfreeze()


# ----------------------------------------------------------------- console script

def test_console_script_exit_status(mixed, tmp_path):
    script = Path(sys.executable).with_name("peelnlp")
    cmd = [str(script)] if script.exists() else [sys.executable, "-m", "peelnlp.cli"]
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    out = tmp_path / "out.jsonl"
    args = ["tag", str(mixed["dir"]), "-o", str(out), "--model", "none", "--workers", "2",
            "--max-bytes", str(MAX_BYTES)]
    proc = subprocess.run(cmd + args, capture_output=True, text=True, env=env, timeout=300)
    assert proc.returncode == 1, proc.stderr
    assert proc.stdout == ""
    assert proc.stderr.splitlines()[-1].startswith(f"peelnlp: {len(mixed['good'])} documents tagged, ")
    ok = subprocess.run(cmd + ["tag", str(SAMPLES[0]), "-o", str(tmp_path / "one.jsonl"), "--model", "none"],
                        capture_output=True, text=True, env=env, timeout=300)
    assert ok.returncode == 0, ok.stderr
    usage = subprocess.run(cmd + ["tag", str(SAMPLES[0]), "--resume"], capture_output=True, text=True,
                           env=env, timeout=300)
    assert usage.returncode == 2



# -- one writer per output; clean shutdown --------------------------------------

def test_a_second_run_on_the_same_output_is_refused(good, tmp_path, capsys):
    from peelnlp.writers import OutputLock

    out = tmp_path / "out.jsonl"
    out.write_text("")
    lock = OutputLock(out)  # as a first run holds it
    try:
        assert tag(good, "-o", out) == 2
        assert "another peelnlp run is writing" in capsys.readouterr().err
        assert out.read_text() == ""  # the first run's output is left whole
    finally:
        lock.release()
    assert tag(good, "-o", out) == 0 and out.read_text()
    assert not Path(f"{out}.lock").exists()


def _children(pid: int) -> list[int]:
    try:
        return [int(c) for c in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


@pytest.mark.skipif(not FORK or not Path("/proc/self/task").exists(), reason="needs Linux /proc")
@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGKILL])
def test_workers_end_with_their_parent(tmp_path, sig):
    import time

    folder = tmp_path / "many"
    folder.mkdir()
    for i in range(200):
        shutil.copy(SAMPLES[i % len(SAMPLES)], folder / f"r{i:03}.txt")
    proc = subprocess.Popen([sys.executable, "-m", "peelnlp", "tag", str(folder), "-o", str(tmp_path / "o.jsonl"),
                             "--workers", "2", "--model", "none", "--no-progress"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    workers: list[int] = []
    deadline = time.monotonic() + 60
    while len(workers) < 2 and time.monotonic() < deadline and proc.poll() is None:
        workers = _children(proc.pid)
        time.sleep(0.05)
    assert len(workers) >= 2, "the run should have started two workers"
    time.sleep(0.5)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    if sig == signal.SIGTERM:
        assert proc.returncode == 143 and "terminated" in err
    deadline = time.monotonic() + 15
    while any(_alive(w) for w in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(w) for w in workers)


def test_failure_lines_show_control_characters_escaped():
    from peelnlp.bulk import Failure

    line = str(Failure("evil\x1b]0;owned\x07.txt", "can't\nread"))
    assert "\x1b" not in line and "\x07" not in line and "\n" not in line
    assert "\\x1b]0;owned\\x07.txt: can't read" in line


@pytest.mark.parametrize("fmt", ["jsonl", "csv", "parquet"])
def test_resume_from_another_folder_matches_the_same_documents(good, tmp_path, capsys, monkeypatch, fmt):
    out = tmp_path / f"out.{fmt}"
    monkeypatch.chdir(good)
    assert tag(".", "-o", out) == 0
    first = _from_parquet(out) if fmt == "parquet" else out.read_bytes()
    monkeypatch.chdir(tmp_path)  # the same files, named from elsewhere
    assert tag("good", "-o", out, "--resume") == 0
    assert f"{len(SAMPLES)} already done" in capsys.readouterr().err
    assert (_from_parquet(out) if fmt == "parquet" else out.read_bytes()) == first


def test_a_killed_parquet_run_keeps_finished_documents_for_resume(good, tmp_path, capsys):
    """A Parquet file is unreadable until closed: a run killed mid-way keeps
    the documents it finished in complete part files, and --resume uses them."""
    out = tmp_path / "out.parquet"
    script = f"""
import os, signal, sys
from pathlib import Path
import peelnlp
from peelnlp.bulk import doc_key
from peelnlp.writers.parquet import Writer
writer = Writer({str(out)!r}, flush_seconds=0)
paths = sorted(Path({str(good)!r}).glob("*.txt"))[:2]
for path in paths:
    writer.write_document(list(peelnlp.tag([path], model="none")), key=doc_key(path))
os.kill(os.getpid(), signal.SIGKILL)
"""
    proc = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert proc.returncode == -signal.SIGKILL, proc.stderr
    assert not out.exists() and len(list(Path(f"{out}.parts").glob("*.parquet"))) == 2
    assert tag(good, "-o", out, "--resume") == 0
    assert "2 already done" in capsys.readouterr().err
    records = _from_parquet(out)
    assert set(docs_of(records)) == {str(good / p.name) for p in SAMPLES}
    assert max(copies(records).values()) == 1
    assert not Path(f"{out}.parts").exists()


@pytest.mark.parametrize("fmt", ["jsonl", "parquet"])
def test_records_name_their_model_and_resume_refuses_another(good, tmp_path, capsys, fmt):
    from peelnlp.registry import resolve, shipped_dir

    if not (shipped_dir() / "peel-open").is_dir():
        pytest.skip("no shipped peel-open model")
    out = tmp_path / f"out.{fmt}"
    one = good / SAMPLES[0].name
    assert tag(one, "-o", out, model="peel-open") == 0
    records = read_jsonl(out) if fmt == "jsonl" else _from_parquet(out)
    entry = resolve("peel-open")
    name = f"{entry.name}@{entry.version}"
    assert {r["model"] for r in records} == {name}
    before = out.read_bytes()
    capsys.readouterr()
    assert tag(good, "-o", out, "--resume") == 2  # --model none: another model
    err = capsys.readouterr().err
    assert f"tagged with model {name}" in err and err.count("\n") == 1
    assert out.read_bytes() == before
    assert tag(good, "-o", out, "--resume", model="peel-open") == 0
    records = read_jsonl(out) if fmt == "jsonl" else _from_parquet(out)
    assert len(docs_of(records)) == len(SAMPLES) and max(copies(records).values()) == 1


@pytest.mark.parametrize("workers", [1, 2])
def test_library_warnings_name_their_file(tmp_path, capsys, workers):
    """pdfminer logs about a malformed PDF without naming it: each warning
    reaches standard error once, in one line that names the file."""
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.set_font("helvetica", size=12)
    pdf.cell(text="The force answers calls quickly.")
    data = bytes(pdf.output()).replace(b"/BaseFont", b"/XBaseFnt")  # a font pdfminer can't measure
    for name in ("a.pdf", "b.pdf"):
        (tmp_path / name).write_bytes(data)
    assert tag(tmp_path / "a.pdf", tmp_path / "b.pdf", "-o", tmp_path / "o.jsonl", "--workers", workers) == 0
    lines = capsys.readouterr().err.splitlines()
    for name in ("a.pdf", "b.pdf"):
        said = [line for line in lines if line.startswith(f"warning: {tmp_path / name}: pdfminer: ")]
        assert len(said) == 1, lines
    assert len(lines) == 3  # two warnings and the summary


def test_the_reading_budget_is_set_from_the_command_line(good, tmp_path, capsys):
    out = tmp_path / "out.jsonl"
    small = min(SAMPLES, key=lambda p: p.stat().st_size)
    assert tag(good, "-o", out, "--max-chars", small.stat().st_size + 1) == 1
    err = capsys.readouterr().err.splitlines()
    over = [line for line in err if "characters of text, over the budget" in line]
    assert len(over) == len(SAMPLES) - 1 and all(small.name not in line for line in over)
    assert set(docs_of(read_jsonl(out))) == {str(good / small.name)}
    assert tag(good, "-o", tmp_path / "x.jsonl", "--max-seconds", "0") == 2
    assert "--max-seconds must be more than 0" in capsys.readouterr().err


def test_a_folder_walk_reads_markdown_and_word_reports_but_not_the_folders_notes(tmp_path):
    """Reports converted to Markdown and Word documents are read from a
    folder; the folder's own README.md (or CHANGELOG, LICENSE) is not a
    report, unless named itself, and neither is the owner file Word leaves
    beside a document it has open ("~$d.docx", a few bytes that are no zip)."""
    from peelnlp.bulk.inputs import iter_inputs

    for name in ("b.md", "a.txt", "README.md", "Licence.txt", "notes.jsonl", "sub/c.markdown", "d.docx",
                 "~$d.docx"):
        (tmp_path / name).parent.mkdir(exist_ok=True)
        (tmp_path / name).write_text("The force answers calls well.\n", encoding="utf-8")
    found = [p.relative_to(tmp_path).as_posix() for p in iter_inputs([tmp_path])]
    assert found == ["a.txt", "b.md", "d.docx", "sub/c.markdown"]
    assert list(iter_inputs([tmp_path / "README.md"])) == [tmp_path / "README.md"]
