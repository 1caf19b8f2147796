"""Data-driven shape tests: valid files conform; each invalid file fails with exactly the expected result.

An invalid file starts with ``# expect: path=<curie|none> severity=<Violation|Warning> contains="<text>"``;
the test asserts that exactly one result has that severity and path, and that its German message contains the
text and its English message exists too.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from rdflib import Graph

from graph_service.core.namespaces import PREFIXES
from graph_service.validation import validate

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "shapes"
EXPECT = re.compile(r'# expect: path=(\S+) severity=(\w+) contains="([^"]+)"')


def _expand(curie: str) -> str | None:
    if curie == "none":
        return None
    prefix, local = curie.split(":", 1)
    return str(PREFIXES[prefix]) + local


@pytest.mark.parametrize("path", sorted((RESOURCES / "valid").glob("*.ttl")), ids=lambda p: p.stem)
def test_valid_files_conform(path: Path) -> None:
    report = validate(Graph().parse(path, format="turtle"))
    assert report.conforms, report.to_text()
    assert not report.warnings, report.to_text()


@pytest.mark.parametrize("path", sorted((RESOURCES / "invalid").glob("*.ttl")), ids=lambda p: p.stem)
def test_invalid_files_fail_as_expected(path: Path) -> None:
    match = EXPECT.match(path.read_text(encoding="utf-8").splitlines()[0])
    assert match, f"{path.name} lacks its '# expect:' line"
    expected_path, severity, text = _expand(match.group(1)), match.group(2), match.group(3)
    report = validate(Graph().parse(path, format="turtle"))
    hits = [r for r in report.results if r.severity == severity and r.path == expected_path]
    assert len(hits) == 1, report.to_text()
    assert text in hits[0].message, hits[0].message
    assert hits[0].message_en and hits[0].message_en != hits[0].message
    others = [r for r in report.results if r.severity in ("Violation", "Warning") and r is not hits[0]]
    assert not others, f"unexpected extra results:\n{report.to_text()}"


def test_every_shape_constraint_speaks_both_languages() -> None:
    from graph_service.validation.shapes import shapes_graph

    shapes = shapes_graph()
    sh = "http://www.w3.org/ns/shacl#"
    from rdflib import URIRef

    with_message = set(shapes.subjects(URIRef(sh + "message"), None))
    assert with_message
    for node in with_message:
        langs = {m.language for m in shapes.objects(node, URIRef(sh + "message"))}
        assert {"de", "en"} <= langs, node


def test_english_report_on_request() -> None:
    path = RESOURCES / "invalid" / "offer-without-provider.ttl"
    text = validate(Graph().parse(path, format="turtle"), lang="en").to_text("en")
    assert "Offer without provider" in text and "Violation" in text
