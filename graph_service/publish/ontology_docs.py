"""Offline HTML documentation of the ontology and schemes: ``python -m graph_service.publish.ontology_docs OUT``."""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path

from rdflib import OWL, RDF, RDFS, SKOS, Graph, Literal, URIRef

from graph_service.core.namespaces import BG, VOCAB
from graph_service.core.ontology import concepts, load_ontology
from graph_service.core.templating import environment

SCHEMA = "https://schema.org/"


@dataclass(frozen=True)
class Term:
    """One own class or property as shown in the documentation."""

    iri: str
    anchor: str
    label_de: str
    label_en: str
    definition_de: str
    definition_en: str
    links: list[tuple[str, str]]


def _text(graph: Graph, node: URIRef, props: tuple[URIRef, ...], lang: str) -> str:
    for prop in props:
        for value in graph.objects(node, prop):
            if isinstance(value, Literal) and value.language == lang:
                return str(value)
    return ""


def _short(graph: Graph, iri: URIRef) -> str:
    try:
        return graph.namespace_manager.normalizeUri(iri)
    except (ValueError, KeyError):
        return str(iri)


def _links(graph: Graph, node: URIRef) -> list[tuple[str, str]]:
    props = {
        "subClassOf": RDFS.subClassOf,
        "subPropertyOf": RDFS.subPropertyOf,
        "domain": RDFS.domain,
        "range": RDFS.range,
        "domainIncludes": URIRef(SCHEMA + "domainIncludes"),
        "rangeIncludes": URIRef(SCHEMA + "rangeIncludes"),
        "disjointWith": OWL.disjointWith,
    }
    found = []
    for name, prop in props.items():
        for value in sorted(v for v in graph.objects(node, prop) if isinstance(v, URIRef)):
            found.append((name, _short(graph, value)))
    return found


def own_terms(graph: Graph, kinds: tuple[URIRef, ...]) -> list[Term]:
    """Own terms (``bg:`` namespace) typed as one of ``kinds``, sorted by local name."""
    nodes = {s for kind in kinds for s in graph.subjects(RDF.type, kind)}
    own = sorted(n for n in nodes if isinstance(n, URIRef) and str(n).startswith(str(BG)))
    labels = (RDFS.label,)
    definitions = (SKOS.definition, RDFS.comment)
    return [
        Term(
            iri=str(n),
            anchor=str(n)[len(str(BG)) :],
            label_de=_text(graph, n, labels, "de"),
            label_en=_text(graph, n, labels, "en"),
            definition_de=_text(graph, n, definitions, "de"),
            definition_en=_text(graph, n, definitions, "en"),
            links=_links(graph, n),
        )
        for n in own
    ]


def schemes(graph: Graph) -> list[dict[str, object]]:
    """Concept schemes with their concepts, sorted by slug."""
    found = []
    for scheme in sorted(s for s in graph.subjects(RDF.type, SKOS.ConceptScheme) if isinstance(s, URIRef)):
        slug = str(scheme)[len(str(VOCAB)) :]
        found.append(
            {
                "iri": str(scheme),
                "slug": slug,
                "label_de": _text(graph, scheme, (SKOS.prefLabel, RDFS.label), "de"),
                "label_en": _text(graph, scheme, (SKOS.prefLabel, RDFS.label), "en"),
                "concepts": [
                    (c, sorted(str(m) for m in graph.objects(c.iri, SKOS.closeMatch))) for c in concepts(slug)
                ],
            }
        )
    return found


def render(graph: Graph) -> str:
    """The documentation page as HTML."""
    ontology = next(iter(graph.subjects(RDF.type, OWL.Ontology)))
    assert isinstance(ontology, URIRef)
    return (
        environment()
        .get_template("ontology_docs/index.html.j2")
        .render(
            ontology=str(ontology),
            title_de=_text(graph, ontology, (RDFS.label,), "de"),
            title_en=_text(graph, ontology, (RDFS.label,), "en"),
            comment_de=_text(graph, ontology, (RDFS.comment, SKOS.definition), "de"),
            comment_en=_text(graph, ontology, (RDFS.comment, SKOS.definition), "en"),
            version=str(graph.value(ontology, OWL.versionInfo) or ""),
            classes=own_terms(graph, (OWL.Class, RDFS.Class)),
            properties=own_terms(graph, (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property)),
            schemes=schemes(graph),
        )
    )


def write_docs(out: Path) -> Path:
    """Write ``index.html`` into ``out`` and return its path."""
    out.mkdir(parents=True, exist_ok=True)
    target = out / "index.html"
    target.write_text(render(load_ontology()), encoding="utf-8")
    return target


def main(argv: list[str]) -> int:
    """Command line entry: one argument, the output folder."""
    if len(argv) != 1:
        print("usage: python -m graph_service.publish.ontology_docs OUTPUT_DIR", file=sys.stderr)
        return 2
    print(write_docs(Path(argv[0])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
