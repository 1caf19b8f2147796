"""Record pages on Landkreis Meißen: a municipality shows its outline and its gaps (by /id/ and /resource?iri=),
a network lists its members by name (issue 19 found slugs such as mei-nw-integration--mei-vhs)."""

from __future__ import annotations

from urllib.parse import quote

import httpx

ID = "https://w3id.org/bildungsgraph/id/"


def test_municipality_page_shows_outline_and_gaps(meissen_url) -> None:
    riesa = ID + "region/gemeinde/14627230"
    for url in (f"{meissen_url}/id/region/gemeinde/14627230", f"{meissen_url}/resource?iri={quote(riesa, safe='')}"):
        page = httpx.get(url).text
        assert '<svg class="boundary"' in page and 'fill-rule="evenodd"' in page
        assert "© GeoBasis-DE / BKG 2021 (Daten verändert)" in page
        assert "Lücke – kein Angebot" in page and "Zielgruppe: " in page
        assert "Erwartete Akteurstypen fehlen" in page
        assert 'href="/karte/?county=14627"' in page
        assert "MULTIPOLYGON (((" not in page and "MULTIPOLYGON (28 Punkte" in page  # the long WKT summarised
    nossen = httpx.get(f"{meissen_url}/id/region/gemeinde/14627180").text
    assert "Keine Daten:" in nossen and "Lücke – kein Angebot" not in nossen
    english = httpx.get(f"{meissen_url}/id/region/gemeinde/14627230", params={"lang": "en"}).text
    assert "Gap – no offer" in english and "Target group: " in english


def test_network_members_are_named(meissen_url) -> None:
    page = httpx.get(f"{meissen_url}/id/network/mei-nw-integration").text
    assert "Volkshochschule Meißen (fiktiv) – Mitglied" in page
    assert ">mei-nw-integration--mei-vhs<" not in page
    member = httpx.get(f"{meissen_url}/id/actor/mei-vhs").text
    assert "Netzwerk Integration durch Bildung Landkreis Meißen (fiktiv) – Mitglied" in member
    english = httpx.get(f"{meissen_url}/id/actor/mei-vhs", params={"lang": "en"}).text
    assert "Netzwerk Integration durch Bildung Landkreis Meißen (fiktiv) – Member" in english
