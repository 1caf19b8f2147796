"""The whole gap report gives the same rows on Virtuoso (through RemoteStore) as on the embedded store."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from graph_service.gaps import build_report
from graph_service.store.embedded import EmbeddedStore
from graph_service.store.remote import RemoteStore
from tests.gaps.conftest import TINY
from tests.support.virtuoso import INSTALL_HINT, VirtuosoServer, virtuoso_available


@pytest.fixture(scope="module")
def virtuoso_store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RemoteStore]:
    """A Virtuoso of this module's own (gap queries read the union of all graphs) holding tiny.trig."""
    if not virtuoso_available():
        pytest.skip(INSTALL_HINT)
    server = VirtuosoServer.start(tmp_path_factory.mktemp("virtuoso-gaps"), buffers=10_000, threads=4)
    store = RemoteStore(
        server.query_endpoint,
        update_endpoint=server.update_endpoint,
        graph_store_endpoint=server.graph_store_endpoint,
        user=server.user,
        password=server.password,
        auth="digest",
        graph_prefix="https://example.org/",
        timeout=60,
    )
    with Path(TINY).open("rb") as handle:
        store.restore(handle, fmt="trig")
    yield store
    store.close()
    server.stop()


def _cells(report, table_id: str) -> list[list[str]]:
    table = report.table(table_id)
    return sorted([str(row.get(c, "")) for c in table.columns] for row in table.rows)


@pytest.mark.virtuoso
def test_every_table_equal_on_virtuoso(virtuoso_store: RemoteStore, tiny_store: EmbeddedStore) -> None:
    embedded, remote = build_report(tiny_store), build_report(virtuoso_store)
    assert [t.id for t in remote.tables] == [t.id for t in embedded.tables]
    for table in embedded.tables:
        assert _cells(remote, table.id) == _cells(embedded, table.id), table.id
    assert sum(len(t.rows) for t in remote.tables) > 30
