"""The context stage of the type model and areas along a document without sections."""
from __future__ import annotations

import numpy as np
import pytest

from peelnlp.learn.estimators import AreaClassifier, TypeClassifier, context_matrix
from peelnlp.learn.features import StatementInput

GOOD = ["The force answers calls quickly and well.", "Victims receive an excellent service.",
        "Supervisors review investigations effectively.", "The force has a strong and robust plan."]
BAD = ["The force doesn't answer calls quickly.", "Victims weren't always updated.",
       "Supervision of investigations is poor.", "The force lacks a plan and isn't consistent."]
NEUTRAL = "The details are set out in the pages that follow."


def _corpus():
    X, y, groups = [], [], []
    for d in range(12):
        good = d % 2 == 0
        first = (GOOD if good else BAD)[d % 4]
        label = "strength" if good else "area_for_improvement"
        for text in (first, NEUTRAL):
            X.append(StatementInput(text, structured=False))
            y.append(label)
            groups.append(d)
    return X, y, groups


def test_context_stage_reads_a_statement_from_its_neighbours():
    X, y, groups = _corpus()
    # The stage is what is tested: the toy corpus is too small for the stem and
    # negation groups (3.3.0), which let the first stage alone call NEUTRAL.
    ev = ("words", "cues", "heading", "layout", "prev")
    with_context = TypeClassifier(calibrate=False, structure_dropout=False, context=True, evidence=ev).fit(
        X, y, groups=groups)
    alone = TypeClassifier(calibrate=False, structure_dropout=False, context=False, evidence=ev).fit(
        X, y, groups=groups)
    after_good = [StatementInput(GOOD[1], structured=False), StatementInput(NEUTRAL, structured=False)]
    after_bad = [StatementInput(BAD[2], structured=False), StatementInput(NEUTRAL, structured=False)]
    assert with_context.predict(after_good)[1] == "strength"
    assert with_context.predict(after_bad)[1] == "area_for_improvement"
    # Alone, the same words get the same answer whatever comes before them.
    assert alone.predict(after_good)[1] == alone.predict(after_bad)[1]


def test_context_stage_saves_and_loads(tmp_path):
    X, y, groups = _corpus()
    model = TypeClassifier(calibrate=False, structure_dropout=False, context=True).fit(X, y, groups=groups)
    model.save(tmp_path / "type")
    again = TypeClassifier.load(tmp_path / "type")
    assert np.allclose(again.predict_proba(X), model.predict_proba(X))


def test_context_matrix_leaves_titles_out_of_every_neighbourhood():
    X = [StatementInput("Investigating crime", kind="title"), StatementInput("A.", kind="sentence"),
         StatementInput("B.", kind="sentence")]
    P = np.array([[0.0, 0.0, 0.0, 0.0, 1.0], [1.0, 0, 0, 0, 0], [0, 1.0, 0, 0, 0]])
    Z = context_matrix(X, P)
    assert not Z[0].any()  # a title has no context row
    k = P.shape[1]
    prev_of_first = Z[1, k:2 * k]
    prev_of_second = Z[2, k:2 * k]
    assert not prev_of_first.any()  # the title before it is not its neighbour
    assert np.allclose(prev_of_second, P[1])


def test_run_blocks_carry_the_highest_types_of_a_finding_so_far():
    # Bare lines: a judgement, the sentence naming a cause of concern, then a
    # shortfall; a new finding heading starts a new run.
    X = [StatementInput("Northmoor Police is inadequate at investigating crime.", grade="inadequate",
                        heading="h1", structured=False),
         StatementInput("The cause of concern remains.", heading="h1", structured=False),
         StatementInput("Files lack plans.", heading="h1", structured=False),
         StatementInput("A new heading", kind="finding_heading", heading="h2", structured=False),
         StatementInput("Supervision is good.", heading="h2", structured=False)]
    P = np.array([[0, 0, 0, 0, 1.0], [0, 0.2, 0.8, 0, 0], [0, 0.9, 0.1, 0, 0], [1.0, 0, 0, 0, 0],
                  [1.0, 0, 0, 0, 0]])
    k = P.shape[1]
    plain, run = context_matrix(X, P), context_matrix(X, P, run=True)
    assert run.shape[1] == plain.shape[1] + k
    assert np.allclose(run[:, :plain.shape[1]], plain)
    run_max = run[:, -k:]
    assert not run_max[0].any()  # nothing before the first statement
    assert np.allclose(run_max[2], [0, 0.2, 0.8, 0, 1.0])  # the concern carries on
    assert not run_max[4][2]  # a new finding starts afresh
    # Under titles the boxes say where a cause of concern runs: no run blocks.
    laid_out = [x._replace(structured=True, section="Investigating crime") for x in X]
    assert not context_matrix(laid_out, P, run=True)[:, plain.shape[1]:].any()


def test_a_graded_judgement_ends_the_finding_on_bare_lines():
    # On bare lines the last heading's reach runs on past the judgement that
    # opens the next area; neither the heading nor the concern run may cross it.
    h1 = "Missing children aren't found quickly"
    X = [StatementInput(h1, kind="finding_heading", heading=h1,
                        structured=False),
         StatementInput("The cause of concern remains.", heading=h1, structured=False),
         StatementInput("Northmoor Police is good at recording crime.", grade="good", heading=h1,
                        structured=False),
         StatementInput("We estimate that the force records 94 percent of crimes.", heading=h1,
                        structured=False)]
    P = np.array([[0, 0.5, 0.5, 0, 0], [0, 0.1, 0.9, 0, 0], [0, 0, 0, 0, 1.0], [0, 0, 0, 0.5, 0.5]])
    k = P.shape[1]
    plain, run = context_matrix(X, P), context_matrix(X, P, run=True)
    assert np.allclose(run[:, -k:][3], P[2])  # the run restarts at the judgement
    # the heading block (the first stage's view of the finding heading) is
    # there for the concern, gone after the judgement
    before = context_matrix(X[:2] + [X[3]], P[[0, 1, 3]])
    # bare lines' blocks are the second half; in them: own, previous, second
    # previous, next, second next, then the heading's
    bare = plain.shape[1] // 2
    heading = slice(bare + 5 * k, bare + 6 * k)
    assert np.allclose(before[2, heading], P[0]) and np.allclose(plain[1, heading], P[0])
    assert not plain[3, heading].any()

@pytest.mark.parametrize("param", ["run_context", "untitled_boxes", "concern_runs", "unboxed_findings",
                                   "recommendation_lists", "concern_status"])
def test_a_type_model_saved_before_a_step_existed_loads_with_it_off(tmp_path, param):
    from conftest import saved_without

    X, y, groups = _corpus()
    model = TypeClassifier(calibrate=False, structure_dropout=False, **{param: False}).fit(X, y, groups=groups)
    loaded = TypeClassifier.load(saved_without(model, tmp_path / "type", param))
    assert getattr(loaded, param) is False
    assert np.allclose(loaded.predict_proba(X), model.predict_proba(X))
    assert getattr(TypeClassifier(), param)  # on for new models


def test_areas_along_a_document_follow_the_run_they_sit_in():
    model = AreaClassifier()
    model.stay_ = {"summary_heading": 0.6, "summary_other": 0.95, "section_heading": 0.6, "section_other": 0.95}
    model.classes_ = np.array(["investigating", "responding"], dtype=object)
    X = [StatementInput(f"s{i}", structured=True) for i in range(7)]
    proba = np.tile(np.array([0.7, 0.3]), (7, 1))
    proba[3] = [0.4, 0.6]  # one statement's words lean the other way
    smoothed = model._along_document(X, proba)
    assert smoothed[3].argmax() == 0 and proba[3].argmax() == 1
    assert np.allclose(smoothed.sum(axis=1), 1.0)


def test_predict_before_fit_is_scikit_learns_not_fitted_error():
    import pytest
    from sklearn.exceptions import NotFittedError

    with pytest.raises(NotFittedError):
        TypeClassifier().predict([StatementInput("The force answers calls quickly.")])


def test_the_second_sentence_of_a_bullet_takes_its_area():
    model = AreaClassifier()
    X = [StatementInput("• Officers don't always attend promptly.", kind="list_item"),
         StatementInput("This leaves victims waiting.", kind="list_item"),
         StatementInput("• The force doesn't supervise investigations.", kind="list_item")]
    proba = np.array([[0.9, 0.1], [0.2, 0.8], [0.1, 0.9]])
    out = model._follow_bullets(X, proba)
    assert np.allclose(out[1], proba[0])  # the unmarked continuation follows its bullet
    assert np.allclose(out[2], proba[2])  # a new bullet keeps its own reading


def test_a_box_decides_its_statements_but_their_bare_copies_teach_less():
    # The same ordinary shortfalls sit in and out of a "Cause of concern" box:
    # with layout the box decides; without it, their words are evidence of a
    # shortfall, and the copies' weight says how much of a cause of concern.
    X, y, groups = [], [], []
    for d in range(8):
        for text in BAD:
            boxed = d % 2 == 0
            X.append(StatementInput(text, box="Cause of concern" if boxed else "Main findings",
                                    section="Investigating crime", section_area="investigating", position=1))
            y.append("cause_of_concern" if boxed else "area_for_improvement")
            groups.append(d)
    bare = [StatementInput(BAD[0], structured=False)]

    def coc(weight):
        model = TypeClassifier(calibrate=False, context=False, boxed_copy_weight=weight).fit(X, y, groups=groups)
        assert model.predict([X[0]])[0] == "cause_of_concern"  # the box still decides
        return model.predict_proba(bare)[0][list(model.classes_).index("cause_of_concern")]

    assert coc(0.25) < coc(1.0) - 0.1
    assert coc(0.25) < 0.5


def test_excerpt_rows_start_parts_of_untitled_documents_with_nothing_before_them():
    X, y, groups = [], [], []
    for d in range(4):
        for i in range(20):
            text = (GOOD if d % 2 == 0 else BAD)[i % 4]
            X.append(StatementInput(text, structured=False, section="Responding" if d == 3 else None))
            y.append("strength" if d % 2 == 0 else "area_for_improvement")
            groups.append(d)
    y, groups = np.array(y, dtype=object), np.array(groups)
    model = TypeClassifier(calibrate=False, structure_dropout=False, excerpt_weight=0.5)
    model.classes_ = np.array(sorted(set(y)), dtype=object)
    P = np.tile([0.9, 0.1], (len(X), 1))
    Z, labels, weights = (np.concatenate(c) for c in zip(*model._excerpt_rows(X, P, y, None, groups)))
    # two parts of each of the three untitled documents (20 statements each),
    # none of the titled one; up to three rows each
    assert 12 < len(Z) <= 18 and len(labels) == len(weights) == len(Z)
    assert set(weights) == {0.5}
    k = len(model.classes_)
    full = context_matrix(X[:20], P[:20])
    # the blocks of bare lines are the second half: own, previous, second previous, ...
    bare = full.shape[1] // 2
    previous = slice(bare + k, bare + 3 * k)
    assert full[5, previous].any()
    # a part's first row reads no predecessor, though the document had one
    starts = [row for row in Z if not row[previous].any()]
    assert len(starts) == 6
    model.excerpt_weight = 0.0
    assert model._excerpt_rows(X, P, y, None, groups) == []


def test_excerpt_weight_changes_only_training(tmp_path):
    X, y, groups = [], [], []
    for d in range(12):  # documents long enough to cut
        for i in range(8):
            good = (d + i // 4) % 2 == 0
            X.append(StatementInput((GOOD if good else BAD)[i % 4] if i % 4 else NEUTRAL, structured=False))
            y.append("strength" if good else "area_for_improvement")
            groups.append(d)
    model = TypeClassifier(calibrate=False, structure_dropout=False, excerpt_weight=1.0).fit(X, y, groups=groups)
    plain = TypeClassifier(calibrate=False, structure_dropout=False).fit(X, y, groups=groups)
    assert not np.allclose(model.context_coef_, plain.context_coef_)
    model.save(tmp_path / "type")
    assert np.allclose(TypeClassifier.load(tmp_path / "type").predict_proba(X), model.predict_proba(X))


def test_a_statement_alone_is_weighed_by_how_common_each_type_was_in_training(tmp_path):
    """The first stage learns with balanced class weights, as if every type
    were as common; a statement given alone skips the context pass that
    would say otherwise, so its first-stage reading is weighed by the types'
    shares of the training rows (models since 3.16.0). A model saved before
    (no ``class_prior`` in its model.json) reads it as it did."""
    import json

    from peelnlp.learn.linear import HashedLogisticClassifier

    X, y, groups = _corpus()
    for d in range(12, 30):  # strengths three times as common as shortfalls
        X += [StatementInput(GOOD[d % 4], structured=False), StatementInput(NEUTRAL, structured=False)]
        y += ["strength", "strength"]
        groups += [d, d]
    model = TypeClassifier(calibrate=False, structure_dropout=False, evidence=("words", "cues")).fit(
        X, y, groups=groups)
    share = dict(zip(model.classes_, model.class_prior_))
    assert share["strength"] == pytest.approx(48 / 60) and share["area_for_improvement"] == pytest.approx(12 / 60)
    alone = [StatementInput(NEUTRAL, structured=False)]
    first = HashedLogisticClassifier.predict_proba(model, alone)[0]
    weighed = first * model.class_prior_ / (first * model.class_prior_).sum()
    assert np.allclose(model.predict_proba(alone)[0], weighed)
    model.save(tmp_path / "type")
    assert np.allclose(TypeClassifier.load(tmp_path / "type").predict_proba(alone)[0], weighed)
    spec = json.loads((tmp_path / "type" / "model.json").read_text())
    del spec["class_prior"]
    (tmp_path / "type" / "model.json").write_text(json.dumps(spec))
    old = TypeClassifier.load(tmp_path / "type")
    assert np.allclose(old.predict_proba(alone)[0], first)
    old.save(tmp_path / "again")  # saved as it was, with no prior
    assert "class_prior" not in json.loads((tmp_path / "again" / "model.json").read_text())
