"""The one road of every write: batch -> store context -> SHACL gate -> one atomic write with provenance.

- :func:`check` (``bildungsgraph validate``) is :func:`land` (``bildungsgraph import``, Graph Store writes, the
  demo, matching, workspace uploads) without the write: same findings, same decision.
- A batch (:class:`ImportBatch`) is the triples of ONE source with its :class:`SourceInfo` and row outcomes;
  importers build it from spreadsheets (``importers.build_batch``), :func:`read_rdf_file` from RDF files,
  :meth:`ImportBatch.from_graph` from an rdflib graph.
"""

from graph_service.pipeline.batch import ImportBatch, Notice, RowIssue, SourceInfo
from graph_service.pipeline.diff import GraphDiff, RecordChange, diff_stores, graph_content
from graph_service.pipeline.gate import GateOptions, check
from graph_service.pipeline.landing import Keeping, drop_source, land
from graph_service.pipeline.rdf_files import read_rdf_file
from graph_service.pipeline.report import ImportReport
from graph_service.pipeline.updates import apply_update, source_for_graph
from graph_service.pipeline.versions import Version, VersionLog

__all__ = [
    "GateOptions",
    "GraphDiff",
    "ImportBatch",
    "ImportReport",
    "Keeping",
    "Notice",
    "RecordChange",
    "RowIssue",
    "SourceInfo",
    "Version",
    "VersionLog",
    "apply_update",
    "check",
    "diff_stores",
    "drop_source",
    "graph_content",
    "land",
    "read_rdf_file",
    "source_for_graph",
]
