"""The data-quality summary counts exactly what pySHACL reports as warnings and hints, per source graph."""

from __future__ import annotations

from collections import Counter

import pytest
from pyshacl import validate
from rdflib import Graph
from rdflib.namespace import RDF, SH

from graph_service.core.ontology import load_ontology as ontology_graph
from graph_service.gaps import GapContext, build_table
from graph_service.gaps.data_quality import SEVERITIES, counted_rules, unsupported_rules
from graph_service.store.embedded import EmbeddedStore
from graph_service.validation.shapes import shapes_graph


def test_every_warning_and_hint_shape_is_counted() -> None:
    assert unsupported_rules() == []
    assert len(counted_rules()) >= 8


def _pyshacl_counts(store: EmbeddedStore) -> Counter[tuple[str, str]]:
    """(graph, property shape) -> focus nodes with a Warning/Info result, validating each source graph alone."""
    counts: Counter[tuple[str, str]] = Counter()
    for info in store.graphs():
        data = store.construct(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{info.iri}> {{ ?s ?p ?o }} }}")
        _, report, _ = validate(data, shacl_graph=shapes_graph(), ont_graph=ontology_graph(), inference="none")
        assert isinstance(report, Graph)
        seen = set()
        for result in report.subjects(RDF.type, SH.ValidationResult):
            if report.value(result, SH.resultSeverity) in SEVERITIES:
                key = (str(info.iri), str(report.value(result, SH.sourceShape)), report.value(result, SH.focusNode))
                seen.add(key)
        counts.update((g, shape) for g, shape, _ in seen)
    return counts


@pytest.mark.parametrize("store_fixture", ["tiny_store", "demo_store"])
def test_counts_equal_pyshacl(store_fixture: str, request: pytest.FixtureRequest) -> None:
    store = request.getfixturevalue(store_fixture)
    ours = Counter(
        {
            (str(r["graph"]), str(r["rule"])): int(r["missing"])
            for r in build_table(GapContext(store), "data-quality").rows
        }
    )
    theirs = _pyshacl_counts(store)
    # shapes_graph() is cached, so blank-node property shapes have the same ids in both counts
    assert ours == theirs
    assert sum(ours.values()) > 0
