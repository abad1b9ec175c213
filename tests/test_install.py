"""The package as a user installs it: a wheel, run from a folder outside the repository."""
from __future__ import annotations

import json
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample" / "aldermoor.txt"


def _copy_source(dest: Path) -> Path:
    """This checkout without its build products, VCS data or caches: the
    wheel is built from the tree as committed, not from what a run left."""
    import shutil

    shutil.copytree(ROOT, dest, ignore=shutil.ignore_patterns(
        ".git", ".venv", "build", "dist", "*.egg-info", "__pycache__", ".pytest_cache", ".hypothesis"))
    return dest


def _build_wheel(source: Path, out: Path) -> Path:
    built = subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(out),
         str(source)], capture_output=True, text=True)
    assert built.returncode == 0, built.stderr[-2000:]
    (wheel,) = out.glob("peelnlp-*.whl")
    return wheel


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    """The wheel built from this checkout, installed with --target into a temp folder."""
    tmp = tmp_path_factory.mktemp("wheel")
    wheel = _build_wheel(_copy_source(tmp / "source"), tmp / "dist")
    target = tmp / "site"
    inst = subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target),
                           str(wheel)], capture_output=True, text=True)
    assert inst.returncode == 0, inst.stderr[-2000:]
    return wheel, target


def _isolated_env(target, **env) -> dict:
    """An environment in which ``python -S`` sees the installed copy in
    ``target`` and the libraries, but not this checkout: -S skips the .pth
    files, among them an editable install's, which would otherwise supply any
    module the wheel lacks from the repository."""
    import sysconfig

    environ = {k: v for k, v in os.environ.items() if k != "PEELNLP_MODELS"}
    libraries = {sysconfig.get_paths()["purelib"], sysconfig.get_paths()["platlib"]}
    environ.update(PYTHONPATH=os.pathsep.join([str(target), *sorted(libraries)]), **env)
    return environ


def _run(target, args, cwd, **env):
    return subprocess.run([sys.executable, "-S", "-m", "peelnlp", *args], cwd=cwd,
                          env=_isolated_env(target, **env), capture_output=True, text=True)


def _records(stdout: str) -> list[dict]:
    out = [json.loads(line) for line in stdout.splitlines()]
    for r in out:
        r.pop("doc")
    return out


def test_a_stale_build_folder_ships_nothing_deleted(tmp_path):
    """A checkout built before keeps build/lib; a model version or module
    since deleted from the tree must not travel in the next wheel (setup.py's
    build_py empties it first)."""
    source = _copy_source(tmp_path / "source")
    stale = source / "build" / "lib" / "peelnlp"
    (stale / "shipped_models" / "peel" / "0.0.1").mkdir(parents=True)
    (stale / "shipped_models" / "peel" / "0.0.1" / "meta.json").write_text("{}", encoding="utf-8")
    (stale / "deleted_module.py").write_text("x = 1\n", encoding="utf-8")
    names = zipfile.ZipFile(_build_wheel(source, tmp_path / "dist")).namelist()
    assert "peelnlp/shipped_models/peel/0.0.1/meta.json" not in names
    assert "peelnlp/deleted_module.py" not in names
    assert any(n.startswith("peelnlp/shipped_models/peel/") and n.endswith("/meta.json") for n in names)


def test_the_installed_copy_is_the_one_run(installed, tmp_path):
    _, target = installed
    proc = subprocess.run([sys.executable, "-S", "-c", "import peelnlp.learn.estimators as m; print(m.__file__)"],
                          cwd=tmp_path, env=_isolated_env(target), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    assert proc.stdout.strip().startswith(str(target))


def test_wheel_carries_the_shipped_models(installed):
    wheel, _ = installed
    names = zipfile.ZipFile(wheel).namelist()
    metas = [n for n in names if n.startswith("peelnlp/shipped_models/") and n.endswith("/meta.json")]
    assert any("/peel/" in n for n in metas)
    for meta in metas:  # every file the meta lists travels with it
        folder = meta.rsplit("/", 1)[0]
        listed = json.loads(zipfile.ZipFile(wheel).read(meta))["files"]
        assert {f"{folder}/{f}" for f in listed} <= set(names)


def test_wheel_carries_the_labelling_config(installed):
    wheel, target = installed
    assert "peelnlp/review/labelling_config.xml" in zipfile.ZipFile(wheel).namelist()
    assert (target / "peelnlp" / "review" / "labelling_config.xml").read_text(encoding="utf-8").count(
        "<Choice ") == 18


def test_installed_package_tags_like_the_repository(installed, tmp_path):
    _, target = installed
    outside = _run(target, ["tag", str(SAMPLE)], cwd=tmp_path)
    assert outside.returncode == 0, outside.stderr
    import peelnlp

    inside = list(peelnlp.tag(SAMPLE))
    for r in inside:
        r.pop("doc")
    got = _records(outside.stdout)
    assert got and all(r["type"] is not None and r["area"] is not None for r in got)
    assert got == json.loads(json.dumps(inside))


def test_installed_package_summarizes_with_its_templates(installed, tmp_path):
    wheel, target = installed
    names = zipfile.ZipFile(wheel).namelist()
    assert {"peelnlp/summary/templates/report.html", "peelnlp/summary/templates/index.html",
            "peelnlp/summary/templates/style.css"} <= set(names)
    result = _run(target, ["summarize", str(SAMPLE), "-o", "out"], cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "aldermoor.html").read_text(encoding="utf-8")
    assert "Aldermoor Police" in page and "<svg" in page
    assert (tmp_path / "out" / "index.html").is_file() and (tmp_path / "out" / "grades.csv").is_file()


def test_no_model_found_fails_with_one_line_and_exit_2(installed, tmp_path):
    _, target = installed
    empty = tmp_path / "empty"
    empty.mkdir()
    for args, env in ((["tag", str(SAMPLE)], {"PEELNLP_MODELS": str(empty)}),
                      (["tag", str(SAMPLE), "--models-dir", str(empty)], {}),
                      (["evaluate", str(SAMPLE.with_suffix(".gold.jsonl").with_name("aldermoor.gold.jsonl")),
                        str(SAMPLE), "--models-dir", str(empty)], {})):
        proc = _run(target, args, cwd=tmp_path, **env)
        assert proc.returncode == 2, (args, proc.stderr)
        lines = proc.stderr.strip().splitlines()
        assert len(lines) == 1 and str(empty) in lines[0] and "--models-dir" in lines[0]
        assert proc.stdout == ""


def test_a_models_folder_in_the_working_directory_is_not_used(installed, tmp_path):
    """Only the user (--models-dir, $PEELNLP_MODELS) or the package says where models are."""
    _, target = installed
    (tmp_path / "models" / "peel" / "9.9.9").mkdir(parents=True)
    (tmp_path / "models" / "peel" / "9.9.9" / "meta.json").write_text('{"name": "peel", "version": "9.9.9"}')
    proc = _run(target, ["models"], cwd=tmp_path)
    assert proc.returncode == 0 and "9.9.9" not in proc.stdout and "peel " in proc.stdout


def test_structure_only_tagging_is_explicit(installed, tmp_path):
    _, target = installed
    proc = _run(target, ["tag", str(SAMPLE), "--model", "none"], cwd=tmp_path,
                PEELNLP_MODELS=str(tmp_path))
    assert proc.returncode == 0, proc.stderr
    got = _records(proc.stdout)
    assert got and all(r["type"] is None for r in got)


_SPACY_ROUND_TRIP = r'''
import json, shutil, sys, tempfile
from pathlib import Path
import spacy
from spacy.tokens import DocBin
import peelnlp
from peelnlp.records import statement_records
from peelnlp.registry import shipped_dir

sample = Path(sys.argv[1])
records = lambda doc: json.loads(json.dumps(statement_records(doc, "x")))
nlp = peelnlp.load()
text = sample.read_text(encoding="utf-8")
expected = records(nlp(text))
tagged = list(peelnlp.tag(sample, nlp=nlp))
for r in tagged:
    r["doc"] = "x"
assert expected == json.loads(json.dumps(tagged)), "nlp(text) differs from tag"
bin_ = DocBin(store_user_data=True)
bin_.add(nlp(text))
(back,) = DocBin(store_user_data=True).from_bytes(bin_.to_bytes()).get_docs(nlp.vocab)
assert records(back) == expected, "DocBin round trip"
assert [records(d) for d in nlp.pipe([text, text], n_process=2)] == [expected, expected], "n_process=2"
saved = Path(tempfile.mkdtemp()) / "pipe"
nlp.to_disk(saved)
shutil.rmtree(shipped_dir())  # the installed models are gone
assert records(spacy.load(saved)(text)) == expected, "saved pipeline"
print("OK", len(expected))
'''


def test_installed_pipeline_saves_serialises_and_reads_strings_like_tag(installed, tmp_path):
    """Run in a copy of the installed package whose shipped models it deletes."""
    import shutil

    _, target = installed
    copy = tmp_path / "site"
    shutil.copytree(target, copy)
    proc = subprocess.run([sys.executable, "-S", "-c", _SPACY_ROUND_TRIP, str(SAMPLE)], cwd=tmp_path,
                          env=_isolated_env(copy), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-3000:]
    assert proc.stdout.startswith("OK ")


@pytest.mark.parametrize("args, status, says", [
    (["tag", str(SAMPLE), "--framework", "nope"], 2, "invalid choice"),
    (["tag", str(SAMPLE), "-o", "x.xlsx"], 2, "can't tell the output format"),
    (["tag", "NOREPORTS"], 1, "no reports in this folder"),
    (["tag", "report.doc"], 1, "unsupported format"),
])
def test_user_mistakes_with_the_installed_package(installed, tmp_path, args, status, says):
    _, target = installed
    (tmp_path / "NOREPORTS").mkdir()
    (tmp_path / "NOREPORTS" / "README.md").write_text("the folder's notes, not a report")
    (tmp_path / "report.doc").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64)
    proc = _run(target, args, cwd=tmp_path)
    assert proc.returncode == status, proc.stderr
    errors = [line for line in proc.stderr.splitlines() if says in line]
    assert len(errors) == 1 and "Traceback" not in proc.stderr
    assert not (tmp_path / "x.xlsx").exists()
