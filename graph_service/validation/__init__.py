"""The SHACL gate's validation: one :func:`validate` for every write, two engines behind it.

``validate(batch, context)`` checks the triples of a batch (a pyoxigraph store, default graph) against
shapes/*.ttl, with the ontology, the concept schemes and ``context`` (what the store knows about the IRIs the
batch refers to) as background. Both engines report the same findings (``tests/validation/test_engines.py``);
``auto`` takes pySHACL for small batches and rudof (chunked, about 50x faster on large ones) above
:data:`SMALL_BATCH` triples. Results are explained by shape and path (:mod:`.explain`).
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

import pyoxigraph as ox
from rdflib import Graph

from graph_service.core.ontology import load_ontology, ontology_files
from graph_service.store.terms import store_of
from graph_service.validation import rudof_engine
from graph_service.validation.explain import Explainer
from graph_service.validation.report import Severity, ValidationReport, ValidationResult

Engine = Literal["auto", "rudof", "pyshacl"]
#: up to this many triples pySHACL is faster (rudof pays ~0.2 s per read of its data); above it rudof is (50x)
SMALL_BATCH = 5_000

__all__ = ["Engine", "Severity", "ValidationReport", "ValidationResult", "validate"]


@lru_cache(maxsize=1)
def _ontology_ntriples() -> str:
    """The ontology and concept schemes as N-Triples for rudof, parsed by Oxigraph (rdflib took 0.6 s)."""
    return "".join(
        ox.serialize(ox.parse(path=str(path), format=ox.RdfFormat.TURTLE), format=ox.RdfFormat.N_TRIPLES).decode()
        for path in ontology_files()
    )


def validate(
    batch: ox.Store | Graph, context: Graph | None = None, *, lang: str = "de", engine: Engine = "auto"
) -> ValidationReport:
    """Validate the batch's default graph (or an rdflib graph); only results about its own nodes are reported."""
    if isinstance(batch, Graph):
        batch = store_of(batch)
    context = context if context is not None else Graph()
    if engine == "auto":
        engine = "pyshacl" if len(batch) <= SMALL_BATCH else "rudof"
    if engine == "pyshacl":
        from graph_service.validation import pyshacl_engine  # lazy: pySHACL costs 0.12 s; large batches skip it

        background = Graph()
        background += load_ontology()
        background += context
        found = pyshacl_engine.findings(batch, background)
    else:
        found = rudof_engine.findings(batch, _ontology_ntriples() + context.serialize(format="nt"))
    explainer = Explainer(batch, context)
    return ValidationReport([explainer.explain(f, lang) for f in found], lang=lang)
