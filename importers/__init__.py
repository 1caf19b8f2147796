"""Importers: generic readers, a declarative mapping engine, shipped mappings, spreadsheet templates, matching.

``build_batch(path, mapping, settings)`` turns a source file into an ImportBatch for
the pipeline (``graph_service.pipeline.land``); ``mapping`` is a shipped mapping id (importers/mappings/<id>.yaml)
or the path of a mapping file.
"""

from importers.batch import BuildResult, build_batch, run_mapping
from importers.mapping import MappingError, directory_mappings, load_mapping, params_from_pairs, shipped_mappings
from importers.readers import ReaderError

__all__ = [
    "BuildResult",
    "MappingError",
    "ReaderError",
    "build_batch",
    "directory_mappings",
    "load_mapping",
    "params_from_pairs",
    "run_mapping",
    "shipped_mappings",
]
