"""IRI minting."""

import pytest

from graph_service.core.iris import IriMinter, slugify


def test_slugify_german() -> None:
    assert slugify("Übergang Kita–Schule") == "uebergang-kita-schule"
    assert slugify("Straße des 17. Juni") == "strasse-des-17-juni"


def test_region_levels() -> None:
    m = IriMinter("https://example.org/id")
    assert str(m.region("07")) == "https://example.org/id/region/land/07"
    assert str(m.region("07138")) == "https://example.org/id/region/kreis/07138"
    assert str(m.region("07138045")) == "https://example.org/id/region/gemeinde/07138045"
    assert str(m.region("071385001")) == "https://example.org/id/region/gemeindeverband/071385001"


@pytest.mark.parametrize("bad", ["7138", "abc12", "0713804512345"])
def test_region_rejects_bad_keys(bad: str) -> None:
    with pytest.raises(ValueError):
        IriMinter("https://example.org/id/").region(bad)


def test_entity_slugifies_unsafe_local() -> None:
    m = IriMinter("https://example.org/id/")
    assert str(m.entity("actor", "Kita Sonnenschein")) == "https://example.org/id/actor/kita-sonnenschein"
    assert str(m.entity("actor", "rp-12345")) == "https://example.org/id/actor/rp-12345"
