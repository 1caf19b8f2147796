"""pySHACL, the reference engine: the whole batch with ontology and context in one rdflib graph."""

from __future__ import annotations

import pyoxigraph as ox
from pyshacl import validate as shacl_validate
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from graph_service.core.namespaces import SH
from graph_service.store.terms import to_oxigraph, to_rdflib
from graph_service.validation.explain import Finding, oxigraph_term
from graph_service.validation.shapes import shapes_graph


def batch_graph(batch: ox.Store) -> Graph:
    """The batch's default graph as an rdflib graph."""
    graph = Graph()
    for quad in batch.quads_for_pattern(None, None, None, ox.DefaultGraph()):
        graph.add((to_rdflib(quad.subject), to_rdflib(quad.predicate), to_rdflib(quad.object)))
    return graph


def findings(batch: ox.Store, background: Graph) -> list[Finding]:
    """Every result whose focus node is a subject of the batch (the background is not re-validated)."""
    own = batch_graph(batch)
    data = Graph()
    data += own
    data += background
    _conforms, report, _text = shacl_validate(
        data,
        shacl_graph=shapes_graph(),
        inference="none",
        abort_on_first=False,
        allow_infos=True,
        allow_warnings=True,
    )
    subjects = set(own.subjects())
    found = []
    for result in report.subjects(RDF.type, SH.ValidationResult):
        focus = report.value(result, SH.focusNode)
        if focus not in subjects:
            continue
        path = report.value(result, SH.resultPath)
        shape = report.value(result, SH.sourceShape)
        found.append(
            Finding(
                severity=str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1],
                focus=to_oxigraph(focus),  # type: ignore[arg-type]
                path=str(path) if isinstance(path, URIRef) else None,
                value=oxigraph_term(report.value(result, SH.value)),
                shape=str(shape) if isinstance(shape, URIRef) else None,
            )
        )
    return found
