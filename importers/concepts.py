"""Concepts of our SKOS schemes, for validating spreadsheet cells and filling drop-down lists.

Read from ``ontology/vocab/*.ttl`` (the authority); when those files are absent (early development), the slugs
of docs/model-contract.md are used with the slug as label. A cell may hold the German label or the slug.
"""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path

from rdflib import Graph, URIRef
from rdflib.namespace import RDF, SKOS

from graph_service.core.iris import slugify
from graph_service.core.namespaces import VOCAB
from importers.values import CellValueError

VOCAB_DIR = Path(__file__).resolve().parents[1] / "ontology" / "vocab"

_FALLBACK_TEXT = """
lebensphase: fruehkindliche-bildung allgemeinbildende-schule berufliche-bildung hochschule weiterbildung
  non-formale-bildung
akteurstyp: kita kindertagespflege allgemeinbildende-schule grundschule weiterfuehrende-schule gymnasium
  foerderschule berufsbildende-schule hochschule vhs musikschule bibliothek sportverein jugendamt
  freier-traeger-jugendhilfe jobcenter agentur-fuer-arbeit schulamt kammer stiftung religionsgemeinschaft
  migrantenorganisation ehrenamt kommunalverwaltung bildungsbuero unternehmen bund land eu sonstige
angebotsart: kurs beratung betreuung unterricht sprachfoerderung elternbildung ferienangebot projekt veranstaltung
  offene-arbeit
zielgruppe: kinder-unter-3 kinder-3-6 schulkinder jugendliche junge-erwachsene erwachsene aeltere eltern-familien
  neuzugewanderte gefluechtete menschen-mit-behinderung fachkraefte alle
zustaendigkeitsebene: eu bund land kreis gemeindeverband gemeinde freier-traeger
zustaendigkeitsart: traegerschaft schultraegerschaft schulaufsicht finanzierung planung durchfuehrung koordinierung
rolle: vorsitz mitglied geschaeftsstelle bildungskoordination bildungsmonitoring bildungsmanagement
monitoringbereich: rahmenbedingungen grundinformationen fruehkindliche-bildung allgemeinbildende-schule
  berufliche-bildung hochschule weiterbildung non-formale-bildung bildungsnetzwerke-beratung
kooperationsart: kooperationsvereinbarung netzwerkpartnerschaft uebergangskooperation gemeinsames-angebot
  foerderbeziehung informeller-austausch
verwaltungsebene: land regierungsbezirk kreis gemeindeverband gemeinde
"""

#: Slugs per scheme from docs/model-contract.md (used only while ontology/vocab is missing).
FALLBACK: dict[str, list[str]] = {
    name.strip(): slugs.split() for name, slugs in re.findall(r"^(\w+):(.*?)(?=^\w+:|\Z)", _FALLBACK_TEXT, re.M | re.S)
}


@lru_cache(maxsize=1)
def _vocab_graph() -> Graph | None:
    files = sorted(VOCAB_DIR.glob("*.ttl")) if VOCAB_DIR.is_dir() else []
    if not files:
        return None
    graph = Graph()
    for file in files:
        graph.parse(file, format="turtle")
    return graph


def scheme_concepts(scheme: str) -> dict[str, str]:
    """Slug -> German label of the concepts of one scheme (in file order of labels)."""
    return dict(_scheme_concepts(scheme))


@lru_cache(maxsize=64)
def _scheme_concepts(scheme: str) -> tuple[tuple[str, str], ...]:
    """The concepts of one scheme, read once per process (the vocabulary files do not change while it runs)."""
    graph = _vocab_graph()
    prefix = f"{VOCAB}{scheme}/"
    result: dict[str, str] = {}
    if graph is not None:
        for concept in sorted(set(graph.subjects(RDF.type, SKOS.Concept)), key=str):
            if str(concept).startswith(prefix):
                slug = str(concept)[len(prefix) :]
                labels = [o for o in graph.objects(concept, SKOS.prefLabel) if getattr(o, "language", None) == "de"]
                result[slug] = str(labels[0]) if labels else slug
    return tuple((result or {slug: slug for slug in FALLBACK.get(scheme, [])}).items())


@lru_cache(maxsize=4096)
def resolve_concept(scheme: str, cell: str) -> URIRef:
    """IRI of the concept named by ``cell`` (German label or slug); CellValueError lists the allowed values."""
    concepts = scheme_concepts(scheme)
    text = cell.strip()
    for slug, label in concepts.items():
        if text == slug or text.casefold() == label.casefold():
            return URIRef(f"{VOCAB}{scheme}/{slug}")
    slug = slugify(text)
    if slug in concepts:
        return URIRef(f"{VOCAB}{scheme}/{slug}")
    allowed = ", ".join(concepts.values())
    raise CellValueError(
        f"{text!r} ist kein Begriff der Liste {scheme}; erlaubt: {allowed}",
        f"{text!r} is not a term of the list {scheme}; allowed: {allowed}",
    )
