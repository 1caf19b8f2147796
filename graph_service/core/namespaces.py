"""RDF namespaces used across bildungsgraph (one place, imported everywhere)."""

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, TIME, VOID, XSD

BG = Namespace("https://w3id.org/bildungsgraph/def#")
VOCAB = Namespace("https://w3id.org/bildungsgraph/vocab/")
ORG = Namespace("http://www.w3.org/ns/org#")
SCHEMA = Namespace("https://schema.org/")
CPSV = Namespace("http://purl.org/vocab/cpsv#")
CV = Namespace("http://data.europa.eu/m8g/")
CLV = CV  # Core Location terms (AdminUnit, level, code) share the m8g namespace
LOCN = Namespace("http://www.w3.org/ns/locn#")
DCATDE = Namespace("http://dcat-ap.de/def/dcatde/")
GEOCODING = Namespace("http://dcat-ap.de/def/politicalGeocoding/")
GEO = Namespace("http://www.opengis.net/ont/geosparql#")
QB = Namespace("http://purl.org/linked-data/cube#")
SDMX_DIMENSION = Namespace("http://purl.org/linked-data/sdmx/2009/dimension#")
SDMX_MEASURE = Namespace("http://purl.org/linked-data/sdmx/2009/measure#")
SDMX_ATTRIBUTE = Namespace("http://purl.org/linked-data/sdmx/2009/attribute#")
ROV = Namespace("http://www.w3.org/ns/regorg#")
VCARD = Namespace("http://www.w3.org/2006/vcard/ns#")
SH = Namespace("http://www.w3.org/ns/shacl#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
ADMS = Namespace("http://www.w3.org/ns/adms#")

#: Prefixes bound in every graph we serialise and offered to SPARQL users.
PREFIXES: dict[str, Namespace] = {
    "bg": BG,
    "vocab": VOCAB,
    "org": ORG,
    "schema": SCHEMA,
    "cpsv": CPSV,
    "cv": CV,
    "clv": CLV,
    "locn": LOCN,
    "dcatde": DCATDE,
    "geo": GEO,
    "qb": QB,
    "sdmx-dimension": SDMX_DIMENSION,
    "sdmx-measure": SDMX_MEASURE,
    "sdmx-attribute": SDMX_ATTRIBUTE,
    "rov": ROV,
    "vcard": VCARD,
    "prov": Namespace(str(PROV)),
    "dcat": Namespace(str(DCAT)),
    "dct": Namespace(str(DCTERMS)),
    "void": Namespace(str(VOID)),
    "skos": Namespace(str(SKOS)),
    "foaf": Namespace(str(FOAF)),
    "owl": Namespace(str(OWL)),
    "rdf": Namespace(str(RDF)),
    "rdfs": Namespace(str(RDFS)),
    "xsd": Namespace(str(XSD)),
    "time": Namespace(str(TIME)),
    "sh": SH,
    "sd": SD,
    "adms": ADMS,
}


def sparql_prefixes() -> str:
    """Return PREFIX declarations for all known namespaces, one per line."""
    return "\n".join(f"PREFIX {p}: <{ns}>" for p, ns in PREFIXES.items())


def bind_prefixes(graph) -> None:
    """Bind our prefixes on an rdflib graph so serialisations are readable."""
    for prefix, ns in PREFIXES.items():
        graph.bind(prefix, ns, override=True, replace=True)
