"""Minting instance IRIs. The base IRI is a setting; nobody hard-codes it.

Patterns (relative to the base, default ``https://w3id.org/bildungsgraph/id/``):

===================  ==============================================  ============================
kind                 pattern                                         example local part
===================  ==============================================  ============================
source graph         ``graph/{source_id}``                           ``graph/schulen-rlp-2016``
metadata graph       ``graph/meta``
Land                 ``region/land/{2 digits}``                      ``region/land/07``
Regierungsbezirk     ``region/regierungsbezirk/{3 digits}``          ``region/regierungsbezirk/071``
Kreis                ``region/kreis/{5 digits}``                     ``region/kreis/07138``
Gemeindeverband      ``region/gemeindeverband/{9-digit ARS part}``   ``region/gemeindeverband/071385001``
Gemeinde             ``region/gemeinde/{8-digit AGS}``               ``region/gemeinde/07138045``
any other entity     ``{kind}/{slug}``                               ``actor/schule-rp-12345``
===================  ==============================================  ============================

Entity kinds: actor, site, offer, cooperation, agreement, responsibility, network, membership, project,
programme, funding, report, event, dataset, observation, import.
"""

from __future__ import annotations

import re
import unicodedata

from rdflib import URIRef

REGION_LEVELS = {2: "land", 3: "regierungsbezirk", 5: "kreis", 8: "gemeinde"}

_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue", "ß": "ss"})


def slugify(text: str) -> str:
    """Turn a German name into a lower-case ASCII slug: ``Übergang Kita–Schule`` -> ``uebergang-kita-schule``."""
    text = unicodedata.normalize("NFKD", text.translate(_UMLAUTS))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class IriMinter:
    """Mint IRIs under one base IRI (from settings)."""

    def __init__(self, base: str) -> None:
        if not base.endswith(("/", "#")):
            base += "/"
        self.base = base

    def entity(self, kind: str, local: str) -> URIRef:
        """IRI of an entity of ``kind`` with local id ``local`` (slugified unless already safe)."""
        safe = local if re.fullmatch(r"[A-Za-z0-9._~-]+", local) else slugify(local)
        return URIRef(f"{self.base}{kind}/{safe}")

    def graph(self, source_id: str) -> URIRef:
        """IRI of the named graph holding one source."""
        return self.entity("graph", source_id)

    def meta_graph(self) -> URIRef:
        """IRI of the metadata graph (DCAT datasets, PROV activities)."""
        return URIRef(f"{self.base}graph/meta")

    def region(self, code: str) -> URIRef:
        """IRI of an administrative unit from its key: 2 (Land), 3 (RB), 5 (Kreis), 8 (Gemeinde AGS) digits,
        or 9 (Gemeindeverband, ARS prefix)."""
        if not code.isdigit():
            raise ValueError(f"region key must be digits, got {code!r}")
        if len(code) == 9:
            return URIRef(f"{self.base}region/gemeindeverband/{code}")
        if len(code) not in REGION_LEVELS:
            raise ValueError(f"region key must have 2, 3, 5, 8 or 9 digits, got {code!r}")
        return URIRef(f"{self.base}region/{REGION_LEVELS[len(code)]}/{code}")
