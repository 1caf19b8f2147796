"""Upload -> row report -> diff preview -> commit, for one source.

:func:`check_upload` saves the file under a neutral name (``<source>-<time>.<ext>``: an uploaded file's own name
may hold a person's name and never enters the graph), reads it with the source's mapping, runs the gate exactly as
the commit will, and compares the result with the source's working state record by record. :func:`commit` lands
the same batch: as a draft, released at once (reviewers), or internal. A commit refuses when the source changed
since its preview, and asks for explicit confirmation when it would remove most records or empty the source, or
overwrite records that were changed in the form since the last upload (the conflict rule).
"""

from __future__ import annotations

import secrets
import shutil
import threading
import time
from collections import OrderedDict
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import URIRef

from graph_service.accounts import Account
from graph_service.core.errors import InputError, Rejected
from graph_service.pipeline import (
    GateOptions,
    GraphDiff,
    ImportBatch,
    ImportReport,
    Keeping,
    RecordChange,
    Version,
    check,
    diff_stores,
    land,
)
from graph_service.workspace.ods import ods_as_xlsx
from graph_service.workspace.registry import Registry, Source, Upload
from graph_service.workspace.service import Place, Workspace
from importers import build_batch, shipped_mappings

UPLOAD_SUFFIXES = (".xlsx", ".csv", ".tsv", ".json", ".geojson", ".ods")
#: what the preview page shows, kept next to the uploaded file (and after it, until the upload expires)
PREVIEW_FILE = "preview.json"
#: a commit that removes more than this share of a source's records needs explicit confirmation
REMOVAL_SHARE = 0.5
_BATCHES: OrderedDict[str, ImportBatch] = OrderedDict()
_BATCH_LOCK = threading.Lock()


@dataclass
class Preview:
    """What the coordinator sees before committing: the gate's report and the diff against the working state."""

    upload: Upload
    report: ImportReport
    diff: GraphDiff | None
    conflicts: dict[str, tuple[int, str | None, float]] = field(default_factory=dict)
    needs_confirmation: bool = False
    contents: list[ox.Store] = field(default_factory=list)  # new and current data, for labels on the page

    @property
    def accepted(self) -> bool:
        return self.report.accepted


def _remember(upload_id: str, batch: ImportBatch) -> None:
    with _BATCH_LOCK:
        _BATCHES[upload_id] = batch
        while len(_BATCHES) > 3:
            _BATCHES.popitem(last=False)


def _recall(upload_id: str) -> ImportBatch | None:
    with _BATCH_LOCK:
        return _BATCHES.pop(upload_id, None)


def check_mapping(mapping: str) -> str:
    """A shipped mapping id (never a path from a form); InputError otherwise."""
    if mapping not in shipped_mappings():
        raise InputError(
            f"Unbekannte Vorlage oder unbekanntes Mapping „{mapping}“.",
            f'unknown template or mapping "{mapping}".',
            fix_de="Wählen Sie eine Vorlage aus der Liste.",
            fix_en="choose a template from the list.",
        )
    return mapping


def save_upload(ws: Workspace, source: Source, name: str, body: bytes) -> Path:
    """Keep the uploaded bytes under a neutral name in the workspace; InputError for empty or unknown files."""
    suffix = Path(name).suffix.lower()
    if suffix not in UPLOAD_SUFFIXES:
        raise InputError(
            f"Dateityp „{suffix or name}“ wird nicht unterstützt.",
            f'file type "{suffix or name}" is not supported.',
            fix_de="Laden Sie eine Excel-Datei (.xlsx), eine CSV-Datei, eine ODS- oder JSON-Datei hoch.",
            fix_en="upload an Excel file (.xlsx), a CSV, ODS or JSON file.",
        )
    if not body:
        raise InputError("Die Datei ist leer.", "the file is empty.")
    folder = ws.uploads / secrets.token_hex(8)
    folder.mkdir(parents=True)
    path = folder / f"{source.id}-{time.strftime('%Y%m%d-%H%M%S')}{suffix}"
    path.write_bytes(body)
    return path


def read_upload(
    ws: Workspace, source: Source, path: Path, mapping: str, params: dict[str, str] | None = None
) -> ImportBatch:
    """The batch of an uploaded file, named after ``source`` (never after the mapping or the file).

    ``params`` are the mapping's parameters (``--param`` on the command line; unknown names are an InputError).
    """
    if path.suffix.lower() == ".ods":
        path = ods_as_xlsx(path)
    batch = build_batch(path, mapping, ws.settings, params)
    batch.source = replace(
        batch.source,
        source_id=source.id,
        title=source.title,
        licence=source.licence or batch.source.licence,
        input_path=path,
    )
    return batch


def check_upload(
    ws: Workspace,
    account: Account,
    source: Source,
    name: str,
    body: bytes,
    mapping: str | None,
    lang: str = "de",
    accept_partial: bool = False,
    params: dict[str, str] | None = None,
) -> Preview:
    """Save, read and check an upload; compute its diff against the source's working state.

    With ``accept_partial`` rows the importer or the shapes refuse are left out and listed (as ``import
    --accept-partial`` does); the commit lands the same rows. ``params`` (the mapping's parameters) are kept
    with the upload: the commit reads the file with the same ones."""
    ws.require_write(account, source)
    sweep_uploads(ws.registry, ws.uploads, ws.settings.upload_keep_days * 86_400)
    mapping = check_mapping(mapping or source.mapping or "")
    path = save_upload(ws, source, name, body)
    try:
        batch = read_upload(ws, source, path, mapping, params)
    except InputError:
        shutil.rmtree(path.parent, ignore_errors=True)
        raise
    place = ws.working_place(source)
    target = ws.draft_place(source)
    upload = Upload(
        id=path.parent.name,
        source_id=source.id,
        account=account.id,
        created=time.time(),
        file=str(path.relative_to(ws.uploads)),
        original_name=Path(name).name[:200],
        mapping=mapping,
        status="checked",
        base_version=ws.base_version(source),
        summary={"accept_partial": accept_partial, "params": dict(params or {})},
    )
    batch.source.graph_iri = target.graph
    options = GateOptions(lang=lang, allow_empty=True, accept_partial=accept_partial)
    try:
        report = check(target.store, batch, ws.minter, options, context=_context(ws, target))
    except Rejected as exc:
        upload = _with(upload, status="rejected", summary={**upload.summary, "report": exc.report.to_json(lang)})
        ws.registry.add_upload(upload)
        return Preview(upload, exc.report, None)
    diff = diff_stores(ws.content(place), batch.data)
    conflicts = _conflicts(ws, source, diff)
    needs = _needs_confirmation(diff, batch)
    upload = _with(
        upload,
        summary={**upload.summary, "counts": diff.counts(), "conflicts": len(conflicts), "triples": batch.triples},
    )
    ws.registry.add_upload(upload)
    _remember(upload.id, batch)
    return Preview(upload, report, diff, conflicts, needs, [batch.data, ws.content(place)])


def check_again_without_refused_rows(ws: Workspace, account: Account, upload_id: str, lang: str = "de") -> Preview:
    """A refused upload checked again with its refused rows left out (a new preview of the same file)."""
    upload = ws.registry.upload(upload_id)
    source = ws.source(upload.source_id)
    if upload.account != account.id:
        raise Rejected("Diese Vorschau gehört zu einem anderen Konto.", "this preview belongs to another account.")
    try:
        body = (ws.uploads / upload.file).read_bytes()
    except OSError as exc:
        raise InputError(
            "Die hochgeladene Datei ist nicht mehr da (nicht übernommene Dateien werden nach einigen Tagen gelöscht).",
            "the uploaded file is gone (files that were not committed are deleted after a few days).",
            fix_de="Laden Sie die Datei erneut hoch.",
            fix_en="upload the file again.",
        ) from exc
    params = upload.summary.get("params")
    return check_upload(ws, account, source, upload.original_name, body, upload.mapping, lang, True, params)


def _with(upload: Upload, **changes: Any) -> Upload:
    return Upload(**{**upload.__dict__, **changes})


def _context(ws: Workspace, target: Place) -> list:
    """Stores the gate also consults: a draft or internal batch may point at public records."""
    return [ws.public] if target.store is not ws.public else [ws.private]


def _needs_confirmation(diff: GraphDiff, batch: ImportBatch) -> bool:
    """Emptying a source, or removing more than half of its records, needs an explicit yes."""
    if diff.before == 0:
        return False
    return batch.triples == 0 or len(diff.removed) > diff.before * REMOVAL_SHARE


def _conflicts(ws: Workspace, source: Source, diff: GraphDiff) -> dict[str, tuple[int, str | None, float]]:
    """Records changed in the form since the last upload that this upload would change or remove."""
    edits = ws.registry.form_edits_since(source.id, _last_upload_version(ws, source))
    touched = {c.iri for c in (*diff.changed, *diff.removed)}
    return {iri: edit for iri, edit in edits.items() if iri in touched}


def _last_upload_version(ws: Workspace, source: Source) -> int:
    for version in ws.versions.versions(source.id):
        if version.note.startswith("Upload"):
            return version.id
    return 0


@dataclass(frozen=True)
class CommitChoice:
    """What the coordinator decided on the preview page."""

    publish: bool = False  # land in the public store at once (reviewers) instead of a draft
    confirm_removal: bool = False
    keep_form_edits: bool = True


def commit(ws: Workspace, account: Account, upload_id: str, choice: CommitChoice, lang: str = "de") -> Version:
    """Land a checked upload (through the gate again) and keep it as a version.

    Raises:
        Rejected: the source changed since the preview, a needed confirmation is missing, or the gate refuses.
        Forbidden: the account may not write (or publish) this source.
    """
    upload = ws.registry.upload(upload_id)
    source = ws.source(upload.source_id)
    allowed = ws.require_write(account, source)
    if upload.status != "checked" or upload.account != account.id:
        raise Rejected("Diese Vorschau ist nicht mehr gültig.", "this preview is no longer valid.")
    publish = choice.publish and allowed.publish
    with ws.write_lock:
        if ws.base_version(source) != upload.base_version:
            raise Rejected(
                "Die Quelle wurde seit der Vorschau geändert.",
                "the source changed since the preview.",
                fix_de="Laden Sie die Datei noch einmal hoch, um die neue Vorschau zu sehen.",
                fix_en="upload the file again to see the new preview.",
            )
        batch = _recall(upload_id) or read_upload(
            ws, source, ws.uploads / upload.file, upload.mapping, upload.summary.get("params")
        )
        accept_partial = bool(upload.summary.get("accept_partial"))
        place = ws.working_place(source)
        current = ws.content(place)
        diff = diff_stores(current, batch.data)
        if _needs_confirmation(diff, batch) and not choice.confirm_removal:
            raise Rejected(
                f"Die Datei würde {len(diff.removed)} von {diff.before} Einträgen entfernen.",
                f"the file would remove {len(diff.removed)} of {diff.before} records.",
                fix_de="Bestätigen Sie das Entfernen ausdrücklich oder prüfen Sie die Datei.",
                fix_en="confirm the removal explicitly or check the file.",
            )
        conflicts = _conflicts(ws, source, diff)
        if conflicts and choice.keep_form_edits:
            batch = _keep_records(batch, current, set(conflicts))
        target = ws.public_place(source) if publish or source.internal else ws.draft_place(source)
        version = land_batch(
            ws,
            account,
            source,
            batch,
            target,
            f"Upload {upload.original_name}",
            choice.confirm_removal,
            lang,
            accept_partial=accept_partial,
        )
        ws.registry.set_upload_status(upload_id, "committed")
    forget_upload_file(ws.uploads / upload.file)
    return version


def forget_upload_file(path: Path) -> None:
    """Delete an uploaded file (and its converted copy) once its data is kept as a version; the preview stays."""
    for kept in path.parent.glob("*"):
        if kept.name != PREVIEW_FILE and kept.is_file():
            kept.unlink(missing_ok=True)


def sweep_uploads(registry: Registry, folder: Path, keep_s: float, now: float | None = None) -> int:
    """Delete uploads never committed and older than ``keep_s`` seconds (file and preview); how many there were."""
    expired = registry.uploads_before((now if now is not None else time.time()) - keep_s, ("checked", "rejected"))
    for upload_id in expired:
        shutil.rmtree(folder / upload_id, ignore_errors=True)
        registry.set_upload_status(upload_id, "expired")
    return len(expired)


def _keep_records(batch: ImportBatch, current: ox.Store, keep: set[str]) -> ImportBatch:
    """``batch`` with the records in ``keep`` as they are now (form edits win over the sheet)."""
    data = ox.Store()
    data.bulk_extend(q for q in batch.data if not _belongs(q.subject, keep))
    data.bulk_extend(q for q in current if _belongs(q.subject, keep))
    return ImportBatch(batch.source, data, batch.rows_read, batch.rows_merged, list(batch.rejected_rows))


def _belongs(subject: Any, records: set[str]) -> bool:
    value = getattr(subject, "value", "")
    return value in records or any(value.startswith(r + "/") for r in records)


def land_batch(
    ws: Workspace,
    account: Account | None,
    source: Source,
    batch: ImportBatch,
    target: Place,
    note: str,
    allow_empty: bool = False,
    lang: str = "de",
    restored_from: int | None = None,
    accept_partial: bool = False,
) -> Version:
    """The one write of the workspace: land ``batch`` at ``target`` as a version; a release drops the draft."""
    batch.source.graph_iri = target.graph
    baseline = ws.content(ws.working_place(source)) if target.target == "draft" else None
    report = land(
        target.store,
        batch,
        ws.minter,
        GateOptions(lang=lang, allow_empty=allow_empty, accept_partial=accept_partial),
        account=account.id if account else None,
        context=_context(ws, target),
        keep=Keeping(ws.versions, target.target, note, restored_from, baseline),
    )
    if target.target == "public" and ws.has_draft(source):
        ws.private.drop_graph(URIRef(ws.draft_place(source).graph))
    assert report.version is not None
    return report.version


def change_summary(changes: list[RecordChange]) -> dict[str, int]:
    """Counts per kind of change."""
    counts = {"added": 0, "changed": 0, "removed": 0}
    for change in changes:
        counts[change.kind] += 1
    return counts
