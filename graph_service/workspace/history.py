"""Release of drafts, restore of any version, discarding a draft, removing a source (each through the gate)."""

from __future__ import annotations

from rdflib import URIRef

from graph_service.accounts import Account
from graph_service.core.errors import Forbidden, InputError, NotFound
from graph_service.pipeline import ImportBatch, SourceInfo, Version
from graph_service.workspace.registry import Source
from graph_service.workspace.service import Workspace
from graph_service.workspace.uploads import land_batch


def source_info(source: Source) -> SourceInfo:
    """What provenance says about a source written from the workspace (no file: content from a version)."""
    return SourceInfo(source.id, source.title, source.licence or "nach Angabe der einreichenden Stelle")


def release(ws: Workspace, account: Account, source: Source, lang: str = "de") -> Version:
    """Land the draft of ``source`` in the public store (reviewers); the draft is gone afterwards.

    Raises:
        Forbidden: the account is no reviewer. NotFound: there is no draft. Rejected: the gate refuses it now.
    """
    if not ws.permission(account, source).release:
        raise Forbidden(
            "Nur Konten mit der Rolle Freigabe dürfen Entwürfe veröffentlichen.",
            "only reviewers may release drafts.",
        )
    with ws.write_lock:
        if not ws.has_draft(source):
            raise NotFound("Für diese Quelle gibt es keinen Entwurf.", "this source has no draft.")
        draft = ws.content(ws.draft_place(source))
        batch = ImportBatch(source_info(source), draft, rows_read=0)
        version = land_batch(
            ws, account, source, batch, ws.public_place(source), "Freigabe", allow_empty=True, lang=lang
        )
    return version


def discard_draft(ws: Workspace, account: Account, source: Source) -> None:
    """Throw the draft away (writers of the source); the released data stays as it is."""
    ws.require_write(account, source)
    with ws.write_lock:
        ws.private.drop_graph(URIRef(ws.draft_place(source).graph))


def restore(ws: Workspace, account: Account, source: Source, number: int, lang: str = "de") -> Version:
    """Land the content of version ``number`` again, as a new version (draft for editors, public for reviewers).

    Raises:
        NotFound: no such version of this source. Forbidden: no write access. Rejected: the gate refuses it now.
    """
    allowed = ws.require_write(account, source)
    old = ws.versions.get(number)
    if old.source_id != source.id:
        raise NotFound(f"Version {number} gehört nicht zu dieser Quelle.", f"version {number} is not of this source.")
    if old.target == "dropped":
        raise InputError("Diese Version ist eine Löschung.", "this version is a removal.")
    content = ws.versions.content(old)
    target = ws.public_place(source) if allowed.publish else ws.draft_place(source)
    with ws.write_lock:
        batch = ImportBatch(source_info(source), content, rows_read=0)
        note = f"Wiederhergestellt: Version {number}"
        version = land_batch(
            ws, account, source, batch, target, note, allow_empty=True, lang=lang, restored_from=number
        )
    return version
