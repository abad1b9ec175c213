"""Shared test fixtures: the project's own mini report rendered in every
format, pipelines, and the path to the optional third-party dev data."""
from __future__ import annotations

import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
sys.path.insert(0, str(Path(__file__).resolve().parent))


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests using it skip on a fresh clone without it."""
    if not (SHARED / "peel_dev_gold.jsonl").is_file() or not (SHARED / "peel_dev_raw.txt").is_file():
        pytest.skip("../shared/data is not present")
    return SHARED


@pytest.fixture(scope="session")
def mini(tmp_path_factory):
    """The mini report rendered as text, HTML and PDF, with its expectations."""
    from fixtures import mini_report

    folder = tmp_path_factory.mktemp("mini")
    info = mini_report.render_pdf(folder / "report.pdf")
    mini_report.render_text(folder / "report.txt")
    mini_report.render_html(folder / "report.html")
    return {
        "dir": folder,
        "text": folder / "report.txt",
        "html": folder / "report.html",
        "pdf": folder / "report.pdf",
        "expected": mini_report.expected_statements(),
        "expected_pdf": mini_report.expected_statements(info["charset"]),
        "module": mini_report,
    }


#: ``peelnlp train`` options for the tests' tiny models: a tiny training config
#: (2 folds in one process, 4096 hashed features, no calibration): seconds, not a minute
TINY = ["--config", str(Path(__file__).parent / "fixtures" / "tiny_training.json")]


@pytest.fixture(scope="session")
def structure_nlp():
    """The pipeline without trained models: segmentation, sections, numbers, grades."""
    from peelnlp.pipeline import build

    return build(model_pipes=False)


def tamper(npy_path: Path) -> None:
    """Change one weight of a saved model array, as an attacker or a bad copy would."""
    import numpy as np

    data = np.load(npy_path)
    data.flat[0] += 1.0
    np.save(npy_path, data)


def saved_without(model, folder: Path, param: str, **extra):
    """Save ``model`` to ``folder`` as a model trained before ``param`` existed
    would be (``extra``: more parameters to write into its file); return the
    folder and its parameters."""
    import json

    folder = model.save(folder)[0].parent
    spec = json.loads((folder / "model.json").read_text())
    del spec["params"][param]
    spec["params"].update(extra)
    (folder / "model.json").write_text(json.dumps(spec))
    return folder


@pytest.fixture
def tag_lines(tmp_path):
    """Records of a text read one statement per line (``--input-format lines``)."""
    from peelnlp.evaluation.evaluate import tag_inputs

    def run(text: str, model: str | None = "none") -> list[dict]:
        path = tmp_path / "lines.txt"
        path.write_text(text, encoding="utf-8")
        return tag_inputs([str(path)], input_format="lines", model=model)

    return run
