"""Synthetic education landscape: deterministic N-Triples that pass the SHACL gate, for benchmarks and tests.

The data has the shape our importers produce: regions as the Destatis mapping writes them (Land, Kreis,
Gemeindeverband, Gemeinde with AGS/ARS strings, population, area, postcode, point geometry), actors as the actor
template writes them (org:Organization plus a schema.org class, bg:actorType, municipality, address, contact),
offers, cooperations, networks, memberships and responsibilities as the other templates write them, and every
subject with ``prov:wasDerivedFrom <file:///synthetic/<table>.csv#row=N>`` like a real import.
Region keys use Land codes from 99 downwards, so they never collide with real Destatis keys. No persons at all.

Realistic proportions per county (defaults of :class:`Proportions`): 30 municipalities, about 1,500 actors,
5,000 offers, 900 cooperations, 12 networks; that is about 78,000 triples. :func:`generate` adds counties until
the target number of triples is reached and stops after the first complete unit (region, actor with its offers …)
that reaches it, so output of any size refers only to things it describes. Addresses are IRIs (``<actor>/address``)
where the importers write blank nodes, so two imports of the same data compare equal line by line.

Run: ``python -m scripts.synthetic_landscape --triples 100000 -o landscape.nt [--seed 42]``
"""

from __future__ import annotations

import argparse
import random
import re
from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from functools import lru_cache
from pathlib import Path

from rdflib import Literal
from rdflib.namespace import SKOS

BASE_IRI = "https://w3id.org/bildungsgraph/id/"
VOCAB = "https://w3id.org/bildungsgraph/vocab/"
BG = "https://w3id.org/bildungsgraph/def#"
SCHEMA = "https://schema.org/"
ORG = "http://www.w3.org/ns/org#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
DERIVED = "http://www.w3.org/ns/prov#wasDerivedFrom"
DCT = "http://purl.org/dc/terms/"
CV = "http://data.europa.eu/m8g/"
GEO = "http://www.opengis.net/ont/geosparql#"
GEOCODING = "http://dcat-ap.de/def/politicalGeocoding/"
XSD = "http://www.w3.org/2001/XMLSchema#"
SOURCE = "file:///synthetic/"
KEY_DATE = "2020-12-31"

_PREFIXES = (
    "Ahrens",
    "Berg",
    "Birken",
    "Eichen",
    "Falken",
    "Grün",
    "Hohen",
    "Linden",
    "Mühl",
    "Neu",
    "Ober",
    "Rosen",
    "Sand",
    "Stein",
    "Tann",
    "Wald",
    "Wester",
    "Wiesen",
    "Buchen",
    "Erlen",
    "Hasel",
    "Kirch",
)
_SUFFIXES = ("au", "bach", "berg", "dorf", "feld", "hagen", "hausen", "heim", "stedt", "walde", "furt", "brück")
_NETWORKS = (
    "Netzwerk Frühe Hilfen",
    "Arbeitskreis Übergang Kita–Grundschule",
    "Netzwerk Bildung für Neuzugewanderte",
    "Bildungskonferenz",
    "Arbeitskreis Übergang Schule–Beruf",
    "Netzwerk Familienbildung",
    "Arbeitskreis Ganztag",
    "Netzwerk Sprachbildung",
    "Steuerungsgruppe Bildungsmonitoring",
    "Netzwerk Jugendarbeit",
    "Arbeitskreis Inklusion",
    "Netzwerk Weiterbildung",
)


@dataclass(frozen=True)
class Proportions:
    """How many of each thing a county has (defaults: a typical rural German county)."""

    municipalities_per_county: int = 30
    municipalities_per_association: int = 6
    actors_per_municipality: int = 50
    offers_per_actor: float = 3.3
    cooperations_per_actor: float = 0.6
    networks_per_county: int = 12
    memberships_per_actor: float = 0.15
    site_share: float = 0.2


@dataclass(frozen=True)
class ActorKind:
    """One kind of actor: its concept, schema.org class (as in vorlage-akteure.yaml) and typical offers."""

    slug: str
    schema_class: str
    name: str
    share: float
    offers: float
    phases: tuple[str, ...]
    groups: tuple[str, ...]
    offer_types: tuple[str, ...]


#: slug | schema.org class | name | share of actors | relative offers | life phases | target groups | offer types
_KIND_TABLE = """
kita | ChildCare | Kita | .30 | 1 | fruehkindliche-bildung | kinder-unter-3 kinder-3-6 eltern-familien |
    betreuung sprachfoerderung elternbildung
kindertagespflege | ChildCare | Kindertagespflege | .08 | .5 | fruehkindliche-bildung | kinder-unter-3 | betreuung
grundschule | ElementarySchool | Grundschule | .10 | 1.5 | allgemeinbildende-schule | schulkinder |
    unterricht projekt ferienangebot
weiterfuehrende-schule | HighSchool | Gemeinschaftsschule | .05 | 2 | allgemeinbildende-schule |
    schulkinder jugendliche | unterricht projekt
gymnasium | HighSchool | Gymnasium | .02 | 2 | allgemeinbildende-schule | jugendliche | unterricht projekt
foerderschule | School | Förderzentrum | .01 | 1.5 | allgemeinbildende-schule | schulkinder menschen-mit-behinderung |
    unterricht beratung
berufsbildende-schule | School | Berufsbildungszentrum | .01 | 4 | berufliche-bildung | jugendliche junge-erwachsene |
    unterricht kurs beratung
vhs | EducationalOrganization | Volkshochschule | .005 | 40 | weiterbildung non-formale-bildung |
    erwachsene aeltere neuzugewanderte alle | kurs sprachfoerderung veranstaltung
musikschule | EducationalOrganization | Musikschule | .01 | 8 | non-formale-bildung |
    kinder-3-6 schulkinder jugendliche | kurs unterricht
bibliothek | Library | Bücherei | .02 | 4 | non-formale-bildung | alle schulkinder eltern-familien |
    veranstaltung offene-arbeit
sportverein | SportsOrganization | Sportverein | .15 | 3 | non-formale-bildung | schulkinder jugendliche erwachsene |
    kurs offene-arbeit ferienangebot
freier-traeger-jugendhilfe | NGO | Jugendhilfeverein | .08 | 4 | non-formale-bildung fruehkindliche-bildung |
    jugendliche eltern-familien gefluechtete | beratung offene-arbeit projekt
migrantenorganisation | NGO | Kulturverein | .02 | 3 | non-formale-bildung weiterbildung |
    neuzugewanderte gefluechtete | sprachfoerderung beratung veranstaltung
ehrenamt | NGO | Bürgerverein | .05 | 2 | non-formale-bildung | alle aeltere neuzugewanderte |
    offene-arbeit veranstaltung
religionsgemeinschaft | NGO | Kirchengemeinde | .03 | 2 | non-formale-bildung | alle eltern-familien |
    offene-arbeit veranstaltung
unternehmen | Organization | Ausbildungsbetrieb | .04 | 1 | berufliche-bildung | jugendliche junge-erwachsene |
    kurs projekt
stiftung | NGO | Bürgerstiftung | .005 | 3 | non-formale-bildung | alle | projekt
"""


def _kinds(table: str) -> tuple[ActorKind, ...]:
    rows = re.sub(r"\n\s+", " ", table.strip()).splitlines()
    kinds = []
    for row in rows:
        slug, schema_class, name, share, offers, phases, groups, types = (cell.strip() for cell in row.split("|"))
        kinds.append(
            ActorKind(
                slug,
                schema_class,
                name,
                float(share),
                float(offers),
                *(tuple(c.split()) for c in (phases, groups, types)),
            )
        )
    return tuple(kinds)


KINDS = _kinds(_KIND_TABLE)
#: Administrative actors every county has: (slug, name, schema class).
COUNTY_ACTORS = (
    ("kommunalverwaltung", "Kreisverwaltung", "GovernmentOrganization"),
    ("bildungsbuero", "Bildungsbüro", "GovernmentOrganization"),
    ("jugendamt", "Jugendamt", "GovernmentOrganization"),
    ("schulamt", "Schulamt", "GovernmentOrganization"),
    ("jobcenter", "Jobcenter", "GovernmentOrganization"),
    ("agentur-fuer-arbeit", "Agentur für Arbeit", "GovernmentOrganization"),
)
_SCHOOLS = {"grundschule", "weiterfuehrende-schule", "gymnasium", "foerderschule"}


@lru_cache(maxsize=1)
def concept_labels() -> dict[str, str]:
    """German preferred label of every concept of the vocabularies, keyed by ``scheme/slug``."""
    from graph_service.core.ontology import load_ontology as ontology_graph

    labels = {}
    for concept, label in ontology_graph().subject_objects(SKOS.prefLabel):
        if isinstance(label, Literal) and label.language == "de" and str(concept).startswith(VOCAB):
            labels[str(concept).removeprefix(VOCAB)] = str(label)
    return labels


def _check_concepts() -> None:
    """Fail early if a slug used here is not in the vocabularies (the gate would reject the data)."""
    known = concept_labels()
    used = {f"akteurstyp/{k.slug}" for k in KINDS} | {f"akteurstyp/{slug}" for slug, _, _ in COUNTY_ACTORS}
    for kind in KINDS:
        used |= {f"lebensphase/{p}" for p in kind.phases} | {f"zielgruppe/{g}" for g in kind.groups}
        used |= {f"angebotsart/{t}" for t in kind.offer_types}
    missing = sorted(used - known.keys())
    if missing:
        raise ValueError(f"concepts missing from ontology/vocab: {missing}")


def _lit(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


@dataclass
class _Town:
    """A municipality as the actor loop needs it."""

    iri: str
    name: str
    postcode: str
    administration: str
    actors: list[tuple[str, str]] = field(default_factory=list)  # (actor IRI, actor type slug)
    responsibilities: dict[str, str] = field(default_factory=dict)  # "schule"/"kita" -> responsibility IRI


@dataclass
class _County:
    """A county as the actor loop needs it."""

    iri: str
    ags: str
    name: str
    towns: list[_Town]
    offices: dict[str, str]  # actor type slug -> IRI of the county's office
    networks: list[str] = field(default_factory=list)
    counter: int = 0

    def next_key(self) -> str:
        self.counter += 1
        return f"{self.ags}-{self.counter:05d}"


class _Writer:
    """Collects N-Triples lines; every subject gets a row pointer into a synthetic CSV table."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.rows: dict[str, int] = {}

    def take(self) -> list[str]:
        """The lines written since the last call."""
        lines, self.lines = self.lines, []
        return lines

    def iri(self, s: str, p: str, o: str) -> None:
        self.lines.append(f"<{s}> <{p}> <{o}> .\n")

    def text(self, s: str, p: str, value: str, lang: str | None = "de") -> None:
        self.lines.append(f"<{s}> <{p}> {_lit(value)}{'@' + lang if lang else ''} .\n")

    def typed(self, s: str, p: str, value: object, datatype: str) -> None:
        self.lines.append(f"<{s}> <{p}> {_lit(str(value))}^^<{datatype}> .\n")

    def row(self, s: str, table: str) -> None:
        """``prov:wasDerivedFrom`` the next row of ``table`` (row 1 is the header)."""
        self.rows[table] = self.rows.get(table, 1) + 1
        self.iri(s, DERIVED, f"{SOURCE}{table}.csv#row={self.rows[table]}")


class _Landscape:
    """Emits counties as units (lists of N-Triples lines), each unit complete and referring only to earlier ones."""

    def __init__(self, seed: int, base_iri: str, proportions: Proportions) -> None:
        _check_concepts()
        self.rng = random.Random(seed)
        self.base = base_iri
        self.p = proportions
        self.out = _Writer()
        self.labels = concept_labels()
        mean_factor = sum(k.share * k.offers for k in KINDS) / sum(k.share for k in KINDS)
        self.offer_means = {k.slug: proportions.offers_per_actor * k.offers / mean_factor for k in KINDS}
        self.lands: set[str] = set()
        self.names = [a + b for a in _PREFIXES for b in _SUFFIXES]

    def units(self) -> Iterator[list[str]]:
        """Counties without end: region block, offices and networks, then one unit per actor."""
        c = 0
        while True:
            county = self.county_regions(c)
            yield self.out.take()
            self.county_offices(county)
            yield self.out.take()
            actors = self.p.actors_per_municipality * self.p.municipalities_per_county
            for _ in range(actors):
                self.actor_unit(county)
                yield self.out.take()
            c += 1

    # -- regions -------------------------------------------------------------------------------------
    def region(self, s: str, name: str, level: str, key_kind: str, key: str) -> None:
        out = self.out
        out.iri(s, RDF_TYPE, f"{CV}AdminUnit")
        out.iri(s, RDF_TYPE, f"{SCHEMA}AdministrativeArea")
        out.text(s, LABEL, name)
        out.iri(s, f"{CV}level", f"{VOCAB}verwaltungsebene/{level}")
        out.typed(s, f"{BG}keyReferenceDate", KEY_DATE, f"{XSD}date")
        out.iri(s, "http://dcat-ap.de/def/dcatde/politicalGeocodingURI", f"{GEOCODING}{key_kind}/{key}")
        out.row(s, "gemeindeverzeichnis")

    def county_regions(self, c: int) -> _County:
        """Land (when new), Kreis, Gemeindeverbände and Gemeinden with their administrations."""
        land = f"{99 - c // 100:02d}"
        if land not in self.lands:
            self.lands.add(land)
            self.region(f"{self.base}region/land/{land}", f"Synthetisches Land {land}", "land", "stateKey", land)
            self.out.text(f"{self.base}region/land/{land}", f"{BG}ags", land, None)
        ags = f"{land}0{c % 100:02d}"
        names = self.rng.sample(self.names, min(len(self.names), self.p.municipalities_per_county))
        name = f"Landkreis {names[0]}"  # named after its county town, like most
        s = f"{self.base}region/kreis/{ags}"
        self.region(s, name, "kreis", "districtKey", ags)
        self.out.text(s, f"{BG}ags", ags, None)
        self.out.iri(s, f"{SCHEMA}containedInPlace", f"{self.base}region/land/{land}")
        centre = (self.rng.uniform(7.0, 14.0), self.rng.uniform(48.0, 54.5))
        towns = [
            self.town(ags, s, m, centre, names[(m - 1) % len(names)])
            for m in range(1, self.p.municipalities_per_county + 1)
        ]
        return _County(s, ags, name, towns, offices={})

    def association(self, county_ags: str, county: str, m: int, town_name: str) -> tuple[str, str]:
        """The Gemeindeverband of municipality ``m`` (the county town is on its own); returns (IRI, key)."""
        vb = f"0{m:03d}" if m == 1 else f"5{(m - 2) // self.p.municipalities_per_association + 1:03d}"
        s = f"{self.base}region/gemeindeverband/{county_ags}{vb}"
        if m == 1 or (m - 2) % self.p.municipalities_per_association == 0:
            name = town_name if m == 1 else f"Amt {town_name}-Land"
            self.region(s, name, "gemeindeverband", "municipalAssociationKey", county_ags + vb)
            self.out.iri(s, f"{SCHEMA}containedInPlace", county)
        return s, vb

    def town(self, county_ags: str, county: str, m: int, centre: tuple[float, float], name: str) -> _Town:
        """One Gemeinde as the Destatis mapping writes it, plus its Gemeindeverwaltung."""
        out, rng = self.out, self.rng
        ags = f"{county_ags}{m:03d}"
        association, vb = self.association(county_ags, county, m, name)
        s = f"{self.base}region/gemeinde/{ags}"
        self.region(s, name, "gemeinde", "municipalityKey", ags)
        out.text(s, f"{BG}ags", ags, None)
        out.text(s, f"{BG}ars", f"{county_ags}{vb}{m:03d}", None)
        low, high = (4.2, 4.8) if m == 1 else (2.6, 4.2)  # the county town is the largest
        out.typed(s, f"{BG}population", round(10 ** rng.uniform(low, high)), f"{XSD}integer")
        out.typed(s, f"{BG}area", f"{rng.uniform(5, 120):.2f}", f"{XSD}decimal")
        postcode = f"{rng.randint(10000, 99999)}"
        out.text(s, f"{SCHEMA}postalCode", postcode, None)
        out.iri(s, f"{SCHEMA}containedInPlace", association)
        geometry = f"{s}/geometry"
        out.iri(s, f"{GEO}hasGeometry", geometry)
        out.iri(geometry, RDF_TYPE, f"{GEO}Geometry")
        point = f"POINT({centre[0] + rng.uniform(-0.3, 0.3):.5f} {centre[1] + rng.uniform(-0.2, 0.2):.5f})"
        out.typed(geometry, f"{GEO}asWKT", point, f"{GEO}wktLiteral")
        town = _Town(s, name, postcode, administration="")
        town.administration = self.actor(
            f"{ags}-gv", "kommunalverwaltung", "GovernmentOrganization", f"Gemeindeverwaltung {name}", town
        )
        return town

    # -- actors --------------------------------------------------------------------------------------
    def actor(self, key: str, slug: str, schema_class: str, name: str, town: _Town) -> str:
        """An actor as the actor template writes it (address node, contact, maybe a site)."""
        out, rng = self.out, self.rng
        s = f"{self.base}actor/syn-{key}"
        out.iri(s, RDF_TYPE, f"{ORG}Organization")
        out.iri(s, RDF_TYPE, f"{SCHEMA}{schema_class}")
        out.iri(s, f"{BG}actorType", f"{VOCAB}akteurstyp/{slug}")
        out.text(s, LABEL, name)
        out.iri(s, f"{BG}municipality", town.iri)
        address = f"{s}/address"
        out.iri(s, f"{SCHEMA}address", address)
        out.iri(address, RDF_TYPE, f"{SCHEMA}PostalAddress")
        street = f"{rng.choice(_PREFIXES)}{rng.choice(('straße', 'weg', 'allee'))} {rng.randint(1, 120)}"
        out.text(address, f"{SCHEMA}streetAddress", street, None)
        out.text(address, f"{SCHEMA}postalCode", town.postcode, None)
        out.text(address, f"{SCHEMA}addressLocality", town.name, None)
        if rng.random() < 0.8:
            out.text(s, f"{SCHEMA}telephone", f"0{rng.randint(4000, 9999)}/{rng.randint(1000, 99999)}", None)
        if rng.random() < 0.4:
            out.iri(s, f"{SCHEMA}url", f"https://syn-{key}.example.org/")
        out.row(s, "akteure")
        if rng.random() < self.p.site_share:
            self.site(s, key, name, town)
        town.actors.append((s, slug))
        return s

    def site(self, actor: str, key: str, name: str, town: _Town) -> None:
        site = f"{self.base}site/syn-{key}"
        self.out.iri(actor, f"{ORG}hasSite", site)
        self.out.iri(site, RDF_TYPE, f"{ORG}Site")
        self.out.text(site, LABEL, f"Standort {name}")
        self.out.iri(site, f"{ORG}siteOf", actor)
        self.out.iri(site, f"{BG}municipality", town.iri)
        self.out.row(site, "standorte")

    def county_offices(self, county: _County) -> None:
        """The county's administrative actors, its networks and the school supervision."""
        seat = county.towns[0]
        for slug, name, schema_class in COUNTY_ACTORS:
            key = f"{county.ags}-{slug}"
            county.offices[slug] = self.actor(key, slug, schema_class, f"{name} {county.name}", seat)
        self.out.iri(county.offices["bildungsbuero"], f"{ORG}subOrganizationOf", county.offices["kommunalverwaltung"])
        for k in range(self.p.networks_per_county):
            county.networks.append(self.network(county, k))
        self.responsibility(
            f"{county.ags}-schulaufsicht",
            f"Schulaufsicht im {county.name}",
            county.offices["schulamt"],
            ("schulaufsicht", "land", "Schulgesetz des Landes (Schulaufsicht)"),
            county.iri,
            f"{VOCAB}lebensphase/allgemeinbildende-schule",
        )

    def network(self, county: _County, k: int) -> str:
        out = self.out
        topic = _NETWORKS[k % len(_NETWORKS)]
        s = f"{self.base}network/syn-{county.ags}-{k:02d}"
        out.iri(s, RDF_TYPE, f"{ORG}Organization")
        out.iri(s, RDF_TYPE, f"{BG}{'Committee' if topic.startswith('Arbeitskreis') else 'Network'}")
        out.text(s, LABEL, f"{topic} {county.name}" + (f" {k // len(_NETWORKS) + 1}" if k >= len(_NETWORKS) else ""))
        out.iri(s, f"{DCT}spatial", county.iri)
        out.iri(s, f"{BG}coordinatedBy", county.offices["bildungsbuero"])
        out.text(s, f"{DCT}subject", topic)
        out.row(s, "netzwerke")
        self.membership(s, county.offices["bildungsbuero"], "geschaeftsstelle")
        return s

    def membership(self, network: str, member: str, role: str) -> None:
        out = self.out
        s = f"{self.base}membership/{network.rsplit('/', 1)[-1]}--{member.rsplit('/', 1)[-1]}"
        out.iri(s, RDF_TYPE, f"{ORG}Membership")
        out.iri(s, f"{ORG}member", member)
        out.iri(s, f"{ORG}organization", network)
        out.iri(s, f"{ORG}role", f"{VOCAB}rolle/{role}")
        out.typed(s, f"{SCHEMA}startDate", self.date(), f"{XSD}date")
        out.row(s, "mitgliedschaften")

    def responsibility(
        self, key: str, label: str, agent: str, what: tuple[str, str, str], area: str, concerns: str
    ) -> str:
        """A bg:Responsibility; ``what`` is (responsibility type, governance level, legal basis)."""
        out = self.out
        s = f"{self.base}responsibility/syn-{key}"
        out.iri(s, RDF_TYPE, f"{BG}Responsibility")
        out.text(s, LABEL, label)
        out.iri(s, f"{BG}responsibleAgent", agent)
        out.iri(s, f"{BG}responsibilityType", f"{VOCAB}zustaendigkeitsart/{what[0]}")
        out.iri(s, f"{BG}governanceLevel", f"{VOCAB}zustaendigkeitsebene/{what[1]}")
        out.text(s, f"{BG}legalBasis", what[2], None)
        out.iri(s, f"{DCT}spatial", area)
        out.iri(s, f"{BG}concerns", concerns)
        out.row(s, "zustaendigkeiten")
        return s

    def date(self, low: int = 2018, high: int = 2025) -> str:
        return f"{self.rng.randint(low, high)}-{self.rng.randint(1, 12):02d}-01"

    # -- one actor with what hangs on it ---------------------------------------------------------------
    def actor_unit(self, county: _County) -> None:
        """A random actor with its offers, maybe a cooperation, a membership and a responsibility."""
        rng = self.rng
        kind = rng.choices(KINDS, weights=[k.share for k in KINDS])[0]
        town = rng.choice(county.towns)
        key = county.next_key()
        partners = list(town.actors)
        number = sum(1 for _, slug in partners if slug == kind.slug) + 1
        actor = self.actor(key, kind.slug, kind.schema_class, f"{kind.name} {town.name} {number}", town)
        if kind.slug in {"kita", "grundschule"} and rng.random() < 0.7:
            self.out.iri(actor, f"{BG}operatedBy", town.administration)
        mean = self.offer_means[kind.slug]
        for j in range(int(mean) + (rng.random() < mean - int(mean))):
            self.offer(f"{key}-{j + 1:02d}", actor, kind, town)
        if rng.random() < self.p.cooperations_per_actor:
            self.cooperation(county, key, actor, kind, partners)
        if rng.random() < self.p.memberships_per_actor:
            self.membership(rng.choice(county.networks), actor, rng.choices(("mitglied", "vorsitz"), (9, 1))[0])
        self.responsible_for(county, town, actor, kind.slug)

    def offer(self, key: str, provider: str, kind: ActorKind, town: _Town) -> None:
        out, rng = self.out, self.rng
        offer_type = rng.choice(kind.offer_types)
        counselling = offer_type == "beratung"
        s = f"{self.base}offer/syn-{key}"
        out.iri(s, RDF_TYPE, f"{BG}{'CounsellingOffer' if counselling else 'EducationOffer'}")
        out.text(s, LABEL, f"{self.labels['angebotsart/' + offer_type]} {town.name} {key[-8:]}")
        out.iri(s, f"{SCHEMA}provider", provider)
        out.iri(s, f"{BG}lifePhase", f"{VOCAB}lebensphase/{rng.choice(kind.phases)}")
        for group in sorted(rng.sample(kind.groups, min(len(kind.groups), rng.choice((1, 1, 2))))):
            out.iri(s, f"{BG}targetGroup", f"{VOCAB}zielgruppe/{group}")
        out.iri(s, f"{BG}offerType", f"{VOCAB}angebotsart/{offer_type}")
        out.iri(s, f"{BG}municipality", town.iri)
        if rng.random() < 0.6:
            start = rng.randint(2019, 2025)
            out.typed(s, f"{SCHEMA}startDate", f"{start}-{rng.randint(1, 12):02d}-01", f"{XSD}date")
            if rng.random() < 0.3:
                out.typed(s, f"{SCHEMA}endDate", f"{start + rng.randint(1, 3)}-12-31", f"{XSD}date")
        if rng.random() < 0.5:
            out.typed(s, f"{SCHEMA}isAccessibleForFree", "true", f"{XSD}boolean")
        out.row(s, "angebote")

    def cooperation(
        self, county: _County, key: str, actor: str, kind: ActorKind, partners: list[tuple[str, str]]
    ) -> None:
        """A cooperation with an earlier actor: a Kita's with a primary school of its town when there is one."""
        rng = self.rng
        schools = [iri for iri, slug in partners if slug == "grundschule"]
        if kind.slug == "kita" and schools and rng.random() < 0.7:
            partner, coop_type = rng.choice(schools), "uebergangskooperation"
        else:
            pool = partners if rng.random() < 0.7 else [(iri, "") for iri in county.offices.values()]
            partner = rng.choice(pool)[0]
            coop_type = rng.choice(
                (
                    "gemeinsames-angebot",
                    "informeller-austausch",
                    "kooperationsvereinbarung",
                    "netzwerkpartnerschaft",
                    "foerderbeziehung",
                )
            )
        out = self.out
        s = f"{self.base}cooperation/syn-{key}"
        out.iri(s, RDF_TYPE, f"{BG}Cooperation")
        out.text(s, LABEL, f"{self.labels['kooperationsart/' + coop_type]} {key}")
        out.iri(s, f"{BG}party", actor)
        out.iri(s, f"{BG}party", partner)
        out.iri(s, f"{BG}cooperationType", f"{VOCAB}kooperationsart/{coop_type}")
        out.typed(s, f"{SCHEMA}startDate", self.date(), f"{XSD}date")
        if rng.random() < 0.25:
            out.iri(s, f"{BG}withinNetwork", rng.choice(county.networks))
        out.row(s, "kooperationen")

    def responsible_for(self, county: _County, town: _Town, actor: str, slug: str) -> None:
        """Schools: the town is their school authority; Kitas: the county youth office plans them."""
        if slug in _SCHOOLS:
            area, agent, what = (
                "schule",
                town.administration,
                ("schultraegerschaft", "gemeinde", "Schulgesetz des Landes"),
            )
            label = f"Schulträgerschaft der Schulen in {town.name}"
        elif slug in {"kita", "kindertagespflege"}:
            area, agent, what = "kita", county.offices["jugendamt"], ("planung", "kreis", "§ 24 SGB VIII")
            label = f"Bedarfsplanung Kindertagesbetreuung in {town.name}"
        else:
            return
        existing = town.responsibilities.get(area)
        if existing:
            self.out.iri(existing, f"{BG}concerns", actor)
        else:
            key = f"{town.iri.rsplit('/', 1)[-1]}-{area}"
            town.responsibilities[area] = self.responsibility(key, label, agent, what, town.iri, actor)


def generate(
    target_triples: int, seed: int = 42, base_iri: str = BASE_IRI, proportions: Proportions | None = None
) -> Iterator[str]:
    """N-Triples lines of a landscape of about ``target_triples`` triples (stops after the unit reaching it)."""
    count = 0
    for unit in _Landscape(seed, base_iri, proportions or Proportions()).units():
        yield from unit
        count += len(unit)
        if count >= target_triples:
            return


def write(
    path: Path, target_triples: int, seed: int = 42, base_iri: str = BASE_IRI, proportions: Proportions | None = None
) -> int:
    """Write the landscape as an N-Triples file; returns the number of triples."""
    count = 0
    with path.open("w", encoding="utf-8") as out:
        for line in generate(target_triples, seed, base_iri, proportions):
            out.write(line)
            count += 1
    return count


def as_nquads(lines: Iterator[str], graph_iri: str) -> Iterator[str]:
    """The N-Triples ``lines`` as N-Quads lines in the named graph ``graph_iri``."""
    suffix = f" <{graph_iri}> .\n"
    for line in lines:
        yield line[: -len(" .\n")] + suffix


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--triples", type=int, default=100_000, help="target number of triples")
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--base-iri", default=BASE_IRI)
    parser.add_argument("-o", "--output", type=Path, required=True, help="N-Triples file to write")
    for spec in fields(Proportions):
        flag = "--" + spec.name.replace("_", "-")
        parser.add_argument(flag, type=type(spec.default), default=spec.default, help=f"default {spec.default}")
    args = parser.parse_args()
    proportions = Proportions(**{spec.name: getattr(args, spec.name) for spec in fields(Proportions)})
    count = write(args.output, args.triples, args.seed, args.base_iri, proportions)
    print(f"{count:,} triples written to {args.output}")


if __name__ == "__main__":
    main()
