"""Words for what the workspace shows: field names from the shapes, labels of records and concepts."""

from __future__ import annotations

import re
from functools import lru_cache

import pyoxigraph as ox
from rdflib import Literal, URIRef

from graph_service.core.namespaces import SH
from graph_service.core.ontology import label
from graph_service.core.sparql_terms import values
from graph_service.store.base import GraphStore
from graph_service.validation.shapes import shapes_graph
from graph_service.workspace.forms import forms

RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_TERM = re.compile(r'^"(?P<text>.*)"(?:@(?P<lang>[A-Za-z-]+)|\^\^<(?P<dt>[^>]+)>)?$', re.S)


@lru_cache(maxsize=4096)
def field_name(predicate: str, lang: str = "de") -> str:
    """A property's name for people: the form's field name, the shapes' sh:name, the ontology label, the IRI's tail."""
    suffix, _, pred = predicate.rpartition("|")
    for form in forms().values():
        for f in form.fields:
            if f.path[-1] == pred and (len(f.path) == 1 or not suffix):
                return f.name(lang)
    graph = shapes_graph()
    for shape in graph.subjects(SH.path, URIRef(pred)):
        for name in graph.objects(shape, SH.name):
            if isinstance(name, Literal) and name.language == lang:
                return str(name)
    tail = re.split(r"[#/]", pred)[-1]
    return label(pred, lang) or (f"{suffix.strip('/')} {tail}" if suffix else tail)


def term_text(term: str, labels: dict[str, str], lang: str = "de") -> str:
    """An N-Triples term as text: literals without quotes, IRIs by label (or their tail), blank nodes by content."""
    if term.startswith("<") and term.endswith(">"):
        iri = term[1:-1]
        return labels.get(iri) or label(iri, lang) or iri.rsplit("/", 1)[-1]
    if term.startswith("["):
        parts = re.findall(r'<[^>]+> ("(?:[^"\\]|\\.)*"(?:@[\w-]+|\^\^<[^>]+>)?|<[^>]+>)', term)
        return ", ".join(term_text(p, labels, lang) for p in parts if "PostalAddress" not in p)
    match = _TERM.match(term)
    if match:
        text = _unescaped(term) if "\\" in match["text"] else match["text"]
        if match["dt"] and match["dt"].endswith("#date") and re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
            y, m, d = text.split("-")
            return f"{d}.{m}.{y}" if lang == "de" else text
        if match["dt"] and match["dt"].endswith("#boolean"):
            return {"true": "ja" if lang == "de" else "yes", "false": "nein" if lang == "de" else "no"}.get(text, text)
        return text
    return term


def _unescaped(literal: str) -> str:
    """The text of an N-Triples literal with escapes (``\\"``, ``\\n``, ``\\u00FC``), read by Oxigraph's parser.

    (``str.encode().decode("unicode_escape")`` did this before and read UTF-8 as Latin-1: „Lütt“ became „LÃ¼tt“.)
    """
    triples = ox.parse(f"<urn:s> <urn:p> {literal} .", format=ox.RdfFormat.N_TRIPLES)
    return next(iter(triples)).object.value


def labels_in(content: ox.Store, store: GraphStore | None, iris: set[str]) -> dict[str, str]:
    """Labels of ``iris`` from ``content`` first, then from ``store``."""
    found: dict[str, str] = {}
    for iri in iris:
        for quad in content.quads_for_pattern(ox.NamedNode(iri), ox.NamedNode(RDFS_LABEL), None, ox.DefaultGraph()):
            found[iri] = quad.object.value
            break
    missing = sorted(i for i in iris - found.keys() if i.startswith("http"))
    if store is not None and missing:
        for start in range(0, len(missing), 300):
            query = (
                "SELECT ?o (SAMPLE(?l) AS ?label) WHERE { "
                + values("o", missing[start : start + 300])
                + " ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } GROUP BY ?o"
            )
            for row in store.select(query):
                found[str(row["o"])] = str(row["label"])
    return found


def iris_of(terms: list[str]) -> set[str]:
    """IRIs mentioned in N-Triples terms (also inside folded blank nodes)."""
    return set(re.findall(r"<([^>]+)>", " ".join(terms)))


def change_rows(changes: list, lang: str, labels: dict[str, str], limit: int = 300) -> list[dict]:
    """Record changes as rows for a page: record label and id, kind, and each field before and after, as text."""
    rows = []
    for change in changes[:limit]:
        fields = [
            {
                "name": field_name(f.predicate, lang),
                "before": [term_text(t, labels, lang) for t in f.before],
                "after": [term_text(t, labels, lang) for t in f.after],
            }
            for f in change.fields
            if not f.predicate.endswith("22-rdf-syntax-ns#type") or change.kind == "changed"
        ]
        rows.append(
            {
                "iri": change.iri,
                "id": change.iri.rsplit("/", 1)[-1],
                "label": labels.get(change.iri) or change.iri.rsplit("/", 1)[-1],
                "kind": change.kind,
                "fields": fields,
            }
        )
    return rows


def change_labels(changes: list, contents: list[ox.Store], store: GraphStore | None) -> dict[str, str]:
    """Labels of the records and of every IRI the changes mention."""
    terms = [t for c in changes for f in c.fields for t in (*f.before, *f.after)]
    return labels_in_all(contents, store, {c.iri for c in changes} | iris_of(terms))


def labels_in_all(contents: list[ox.Store], store: GraphStore | None, iris: set[str]) -> dict[str, str]:
    found: dict[str, str] = {}
    for content in contents:
        found.update(labels_in(content, None, iris - found.keys()))
    found.update(labels_in(ox.Store(), store, iris - found.keys()))
    return found
