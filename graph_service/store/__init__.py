"""The graph store: one interface, an embedded (pyoxigraph) and a remote (SPARQL 1.1) implementation."""

from graph_service.store.base import GraphInfo, GraphStore, QueryTimeout, SelectResult, StoreError
from graph_service.store.factory import open_store

__all__ = ["GraphInfo", "GraphStore", "QueryTimeout", "SelectResult", "StoreError", "open_store"]
