"""The coordinators' workspace: sources with owner and name, upload -> row report -> diff preview -> commit,
drafts and release, internal sources, record forms from the SHACL shapes, versions, history, restore, Excel
round trip, and warm caches after every write.

Public data stays in the public store; drafts and internal sources live in a private store in the workspace
folder (never queried by a public page), versions in files next to it (:mod:`graph_service.pipeline.versions`).
"""

from graph_service.workspace.registry import Registry, Source, Upload
from graph_service.workspace.service import Permission, Workspace

__all__ = ["Permission", "Registry", "Source", "Upload", "Workspace"]
