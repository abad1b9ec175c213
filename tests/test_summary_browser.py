"""The summary pages in a real browser: headless Chromium (Debian's
``chromium``) loads the sample corpus's pages; every page loads without
console messages, every internal link resolves to an element of the DOM
Chromium built, and the grades and finding counts shown equal the records'."""
from __future__ import annotations

import re
import subprocess
from collections import Counter, defaultdict
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from peelnlp.evaluation.layouts import find_browser
from peelnlp.labels import MISSION

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "sample"
BROWSER = find_browser()
CONSOLE = re.compile(r":CONSOLE[^\]]*\] (.*)")

pytestmark = pytest.mark.skipif(BROWSER is None, reason="no chromium on PATH (Debian: apt-get install chromium)")


def load_in_browser(path: Path, profile: Path) -> tuple[str, list[str]]:
    """(DOM after loading, console messages) of the page at ``path``."""
    result = subprocess.run(
        [BROWSER, "--headless", "--disable-gpu", "--no-sandbox", "--no-first-run", f"--user-data-dir={profile}",
         "--enable-logging=stderr", "--v=0", "--dump-dom", path.resolve().as_uri()],
        capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout, CONSOLE.findall(result.stderr)


def load_all(paths: list[Path], tmp: Path) -> dict[str, tuple[str, list[str]]]:
    with ThreadPoolExecutor(max_workers=3) as pool:
        futures = {p.name: pool.submit(load_in_browser, p, tmp / f"profile-{i}") for i, p in enumerate(paths)}
        return {name: f.result() for name, f in futures.items()}


def test_console_errors_are_seen(tmp_path):
    """The check below could fail: a page that logs an error is caught."""
    page = tmp_path / "bad.html"
    page.write_text('<!DOCTYPE html><html><body><script>console.error("deliberate")</script></body></html>')
    _, messages = load_in_browser(page, tmp_path / "profile")
    assert any("deliberate" in m for m in messages)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The sample corpus tagged with the default model, written as records
    and summarised from them, and every page as Chromium sees it."""
    import json

    import peelnlp
    from peelnlp.summary import summarize

    tmp = tmp_path_factory.mktemp("summary")
    records = list(peelnlp.tag(SAMPLE))
    source = tmp / "records.jsonl"
    source.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    result = summarize([source], tmp / "out")
    assert not result.problems and result.reports == 5
    pages = sorted((tmp / "out").glob("*.html"))
    return {"records": records, "out": tmp / "out", "doms": load_all(pages, tmp)}


def _soup(html: str):
    from bs4 import BeautifulSoup

    return BeautifulSoup(html, "html.parser")


def _page(doc: str) -> str:
    return Path(doc).stem + ".html"


def test_every_page_loads_without_console_messages(site):
    assert len(site["doms"]) == 6  # five reports and the corpus page
    for name, (dom, messages) in site["doms"].items():
        assert messages == [], f"{name}: {messages}"
        soup = _soup(dom)
        assert soup.find("main") is not None and soup.find("h1").get_text(strip=True), name
        # self-contained and script-free: nothing to fetch, nothing to run
        assert not soup.find_all("script"), name
        assert not [t for t in soup.find_all(src=True)], name
        assert not soup.find_all("link", href=True), name


def test_every_internal_link_resolves(site):
    ids = {name: {t["id"] for t in _soup(dom).find_all(id=True)} for name, (dom, _) in site["doms"].items()}
    checked = 0
    for name, (dom, _) in site["doms"].items():
        for a in _soup(dom).find_all("a", href=True):
            href = a["href"]
            assert not re.match(r"[a-z]+:", href), f"{name}: external link {href}"
            target, _, fragment = href.partition("#")
            target = target or name
            if target.endswith(".csv"):
                assert (site["out"] / target).is_file(), f"{name}: {href}"
                continue
            assert target in ids, f"{name}: {href} names no page"
            if fragment:
                assert fragment in ids[target], f"{name}: {href} names no element"
            checked += 1
    listed = sum(1 for r in site["records"] if r["kind"] != "title"
                 and r["type"] in ("area_for_improvement", "cause_of_concern", "innovative_practice"))
    assert checked > listed  # every listed finding links to its statement, and more


def _expected(records):
    grades, counts, programmes = defaultdict(list), defaultdict(Counter), defaultdict(Counter)
    for r in sorted(records, key=lambda r: (r["doc"], r["index"])):
        page = _page(r["doc"])
        if r["grade"] and r["kind"] != "title":
            grades[(page, r["area"])].append(r["grade"])
        if r["kind"] != "title" and r["type"] in MISSION:
            counts[page][(r["area"], r["type"])] += 1
            programmes[r["area"]][r["programme"]] += 1
    return grades, counts, programmes


def test_grade_tables_equal_the_records(site):
    grades, _, _ = _expected(site["records"])
    assert sum(map(len, grades.values())) == 23  # every sample grade was found (gold: 23)
    matrix = _soup(site["doms"]["index.html"][0]).find(id="grade-matrix")
    shown = {}
    for row in matrix.find("tbody").find_all("tr"):
        for cell in row.find_all("td", attrs={"data-area": True}):
            found = [a["data-grade"] for a in cell.find_all("a", class_="grade")]
            if found:
                shown[(row["data-report"], cell["data-area"])] = found
            else:
                assert cell.get_text(strip=True) == "—"
    assert shown == dict(grades)
    for page in {p for p, _ in grades}:
        table = _soup(site["doms"][page][0]).find(id="grade-table")
        rows = defaultdict(list)
        for tr in table.find("tbody").find_all("tr"):
            rows[(page, tr["data-area"])].append(tr.find("a", class_="grade")["data-grade"])
        assert rows == {k: v for k, v in grades.items() if k[0] == page}


def _type_table(table) -> Counter:
    out = Counter()
    for tr in table.find("tbody").find_all("tr"):
        for td in tr.find_all("td", attrs={"data-type": True}):
            if int(td.get_text()):
                out[(tr["data-area"], td["data-type"])] = int(td.get_text())
    return out


def test_finding_counts_equal_the_records(site):
    _, counts, programmes = _expected(site["records"])
    corpus = _soup(site["doms"]["index.html"][0])
    assert _type_table(corpus.find(id="findings-table")) == sum(counts.values(), Counter())
    by_programme = Counter()
    for tr in corpus.find(id="programme-table").find("tbody").find_all("tr"):
        for td in tr.find_all("td", attrs={"data-programme": True}):
            if int(td.get_text()):
                by_programme[(tr["data-area"], td["data-programme"])] = int(td.get_text())
    assert by_programme == Counter({(a, p): n for a, c in programmes.items() for p, n in c.items()})
    for page, expected in counts.items():
        soup = _soup(site["doms"][page][0])
        assert _type_table(soup.find(id="findings-table")) == expected
        totals = {li["data-type"]: int(li.find("strong").get_text()) for li in soup.find(id="type-totals").find_all("li")}
        assert totals == {t: sum(n for (_, tt), n in expected.items() if tt == t) for t in MISSION}
        # each finding is listed under its type and area, linking to its statement
        for ul in soup.find_all("ul", class_="findings"):
            n = len(ul.find_all("li"))
            assert n == expected[(ul["data-area"], ul["data-type"])]
