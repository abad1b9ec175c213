"""Report metadata (peelnlp_metadata): body, programme, publication date, and
the framework chosen from the programme."""
from __future__ import annotations

from pathlib import Path

import pytest

from peelnlp.components.metadata import body_from_file_name, parse_date, programme_from_file_name, read_metadata

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"

# What each sample report's title line says (corpora/sample/README.md).
SAMPLE_BODIES = {
    "aldermoor": ("Aldermoor Police", "peel_2023_25"),
    "harlow_vale": ("Harlow Vale Police", "peel_2023_25"),
    "kestrel_bay": ("Kestrel Bay Police", "peel_2023_25"),
    "westmarch": ("Westmarch Constabulary", "peel_2023_25"),
    "fenmoor_fire": ("Fenmoor Fire and Rescue Service", "fire_rescue"),
}


@pytest.mark.parametrize("name", sorted(SAMPLE_BODIES))
def test_sample_reports_name_their_body_and_programme(structure_nlp, name):
    import peelnlp

    records = list(peelnlp.tag(SAMPLE / f"{name}.txt", nlp=structure_nlp))
    body, programme = SAMPLE_BODIES[name]
    assert {(r["body"], r["programme"], r["framework"]) for r in records} == {(body, programme, programme)}
    # each sample's front gives its date on a "Published:" line (a title in its gold)
    published = [r["text"].split(": ", 1)[1] for r in records if r["text"].startswith("Published: ")]
    assert len(published) == 1
    from datetime import datetime

    iso = datetime.strptime(published[0], "%d %B %Y").date().isoformat()
    assert {r["published"] for r in records} == {iso}


def test_title_page_gives_body_programme_and_date():
    front = ("HM Inspectorate of Constabulary and Fire & Rescue Services\n\n"
             "PEEL 2021/22\nPolice effectiveness, efficiency and legitimacy\n"
             "An inspection of the Metropolitan Police Service\n\nPublished: 3rd March 2023\n")
    assert read_metadata(front) == {"body": "Metropolitan Police Service", "programme": "peel_2021_22",
                                    "published": "2023-03-03"}
    fire = "Effectiveness, efficiency and people 2021/22\nAn inspection of Avon Fire and Rescue Service\nJuly 2022\n"
    assert read_metadata(fire) == {"body": "Avon Fire and Rescue Service", "programme": "fire_rescue",
                                   "published": "2022-07"}


def test_unknown_stays_null():
    text = "Overall summary\n\nWe found that the force publishes its data in May 2022 and in 2021/22.\n"
    assert read_metadata(text, text, "reports/aldermoor.txt") == {"body": None, "programme": None, "published": None}
    # a programme peelnlp has no framework for is still the programme the text names
    assert read_metadata("PEEL 2025/27: Northmoor Police")["programme"] == "peel_2025_27"
    # a year with no range names no programme
    assert read_metadata("PEEL 2023: an inspection of Northmoor Police")["programme"] is None


def test_opening_phrases_name_the_body():
    assert read_metadata("", "Our inspection assessed how good Tynemouth Police is in 11 areas.")["body"] == \
        "Tynemouth Police"
    assert read_metadata("", "Ottery Vale Police is good at investigating crime.")["body"] == "Ottery Vale Police"
    # the inspectorate is no body; nor is a capitalised sentence start
    assert read_metadata("HM Inspectorate of Constabulary\nThe Police were praised.")["body"] is None


@pytest.mark.parametrize("text, expected", [
    ("12 May 2022", "2022-05-12"), ("May 2022", "2022-05"), ("12th May, 2022", "2022-05-12"),
    ("2022-05-12", "2022-05-12"), ("31/12/2023", "2023-12-31"), ("Sept 2021", "2021-09"),
    ("30 February 2022", None), ("May 2022 was busy", None), ("2021/22", None),
])
def test_dates(text, expected):
    assert parse_date(text) == expected


def test_file_name_is_a_fallback_only_when_it_means_something():
    assert body_from_file_name("cleveland-police-peel-2021-22.pdf") == "Cleveland Police"
    assert body_from_file_name("an-inspection-of-city-of-london-police.pdf") == "City of London Police"
    assert body_from_file_name("avon-fire-and-rescue-service-2022.pdf") == "Avon Fire and Rescue Service"
    assert programme_from_file_name("peel_2023_25_avon_and_somerset_constabulary.txt") == "peel_2023_25"
    for meaningless in ("aldermoor.txt", "fenmoor_fire.txt", "police.pdf", "report-2022.pdf"):
        assert body_from_file_name(meaningless) is None
        assert programme_from_file_name(meaningless) is None
    # the text wins over the name
    assert read_metadata("An inspection of Westmarch Constabulary", path="cleveland-police.txt")["body"] == \
        "Westmarch Constabulary"
    assert read_metadata("", "Nothing named here.", path="cleveland-police.txt")["body"] == "Cleveland Police"


@pytest.mark.parametrize("fmt", ["text", "html", "pdf"])
def test_mini_report_in_every_format(structure_nlp, mini, fmt):
    import peelnlp

    records = list(peelnlp.tag(mini[fmt], nlp=structure_nlp))
    assert {r["body"] for r in records} == {mini["module"].FORCE}


def test_a_forced_framework_is_recorded_and_the_programme_kept(tmp_path):
    import peelnlp
    from peelnlp.pipeline import build

    nlp = build(framework="peel_2021_22", model_pipes=False)
    records = list(peelnlp.tag(SAMPLE / "aldermoor.txt", nlp=nlp))
    assert {(r["programme"], r["framework"]) for r in records} == {("peel_2023_25", "peel_2021_22")}


def test_metadata_of_a_string_and_through_docbin(structure_nlp):
    from spacy.tokens import DocBin

    doc = structure_nlp((SAMPLE / "fenmoor_fire.txt").read_text(encoding="utf-8"))
    assert (doc._.body, doc._.programme, doc._.framework) == \
        ("Fenmoor Fire and Rescue Service", "fire_rescue", "fire_rescue")
    bin_ = DocBin(store_user_data=True, docs=[doc])
    again = next(DocBin().from_bytes(bin_.to_bytes()).get_docs(structure_nlp.vocab))
    assert (again._.body, again._.programme, again._.published, again._.framework) == \
        (doc._.body, doc._.programme, doc._.published, doc._.framework)


def test_html_page_title_and_published_line_in_its_furniture(structure_nlp, tmp_path):
    import peelnlp

    page = tmp_path / "page.html"
    page.write_text(
        "<html><head><title>PEEL 2021/22: Gwent Police</title><script>var published = '1 May 1999';</script>"
        "</head><body><nav>Published: 1 June 2022</nav><main><h1>Overall summary</h1>"
        "<p>The force is good at responding to the public.</p></main></body></html>", encoding="utf-8")
    records = list(peelnlp.tag(page, nlp=structure_nlp))
    assert {(r["body"], r["programme"], r["published"]) for r in records} == \
        {("Gwent Police", "peel_2021_22", "2022-06-01")}
