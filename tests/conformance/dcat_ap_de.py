"""Validate a catalogue against the official DCAT-AP.de 2.0 SHACL profile "Spezifikation + Konventionen".

Shapes: the six files of ``tests/resources/dcat-ap-de/shapes`` (GovData's profile table). GovData's validator loads
the vocabularies that ``dcat-ap-de-imports.ttl`` imports into the data graph; so do we, from the copies in
``vocabularies/`` (offline; pySHACL's ``ont_graph`` would add only class and property axioms, not the concepts).
GovData's 1.0.2 lists are ``rdf:List``s; each member becomes ``skos:inScheme`` of its list's scheme, as the SKOS
versions of the lists state.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pyshacl import validate
from rdflib import Graph, URIRef
from rdflib.collection import Collection
from rdflib.namespace import DCTERMS, RDF, SH, SKOS

RESOURCES = Path(__file__).resolve().parents[1] / "resources" / "dcat-ap-de"
#: the profile "DCAT-AP.de 2.0 - Spezifikation + Konventionen" (shapes/README.md)
PROFILE = [
    "dcat-ap-de-imports.ttl",
    "dcat-ap-spec-german-messages.ttl",
    "dcat-ap-spec-german-additions.ttl",
    "dcat-ap-de-deprecated.ttl",
    "dcat-ap-konventionen.ttl",
    "dcat-ap_2.1.1_shacl_shapes.ttl",
]


@dataclass(frozen=True)
class Finding:
    """One validation result: severity, focus node, path and the shape's (German) message."""

    severity: str
    focus: str
    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.severity}: {self.focus} {self.path}: {self.message}"


@cache
def shapes() -> Graph:
    graph = Graph()
    for name in PROFILE:
        graph.parse(RESOURCES / "shapes" / name, format="turtle")
    return graph


def _scheme(version: URIRef) -> URIRef:
    """``https://www.dcat-ap.de/def/politicalGeocoding/districtKey/20190731/`` -> ``http://dcat-ap.de/def/…/districtKey``."""
    text = str(version).rstrip("/").rsplit("/", 1)[0]
    return URIRef(text.replace("https://www.dcat-ap.de/", "http://dcat-ap.de/"))


@cache
def vocabularies() -> Graph:
    """What the profile imports: the SKOS files as they are, the 1.0.2 lists as skos:inScheme statements."""
    graph = Graph()
    folder = RESOURCES / "vocabularies"
    for path in sorted(folder.glob("*.rdf")):
        graph.parse(path, format="xml")
    for path in sorted(folder.glob("eu-*.ttl")):
        graph.parse(path, format="turtle")
    lists = Graph().parse(folder / "dcat-ap-de-lists-1.0.2.ttl", format="turtle")
    for head, version in lists.subject_objects(DCTERMS.isVersionOf):
        scheme = _scheme(version)  # type: ignore[arg-type]
        for member in Collection(lists, lists.value(head, RDF.rest)):  # type: ignore[arg-type]
            graph.add((member, SKOS.inScheme, scheme))
    return graph


def findings(catalogue: Graph) -> list[Finding]:
    """Every result of the profile on ``catalogue`` (violations, warnings and infos)."""
    data = Graph()
    data += catalogue
    data += vocabularies()  # into the data graph, as GovData's validator loads its imports (ont_graph would not)
    _conforms, report, _text = validate(data, shacl_graph=shapes(), inference="none", allow_warnings=True)
    out = []
    for result in report.subjects(RDF.type, SH.ValidationResult):  # type: ignore[union-attr]
        severity = str(report.value(result, SH.resultSeverity)).rsplit("#", 1)[-1]  # type: ignore[union-attr]
        messages = [str(m) for m in report.objects(result, SH.resultMessage)]  # type: ignore[union-attr]
        german = next((m for m in messages if m), "")
        out.append(
            Finding(
                severity,
                str(report.value(result, SH.focusNode)),  # type: ignore[union-attr]
                str(report.value(result, SH.resultPath)),  # type: ignore[union-attr]
                german,
            )
        )
    return sorted(out, key=str)
