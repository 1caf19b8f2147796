"""Editing one record in its form: create, change, delete, each as a new version of the record's source.

The new state of the source is its working state with the record replaced; it lands through the gate like an
upload (a draft for editors of public sources). The edit is noted, so the next spreadsheet upload of that source
shows the record as a conflict instead of silently overwriting it.
"""

from __future__ import annotations

import re

import pyoxigraph as ox

from graph_service.accounts import Account
from graph_service.core.errors import InputError, NotFound
from graph_service.pipeline import ImportBatch, Version
from graph_service.workspace.forms import Form, apply, form_for, parse, record_types, remove_record
from graph_service.workspace.history import source_info
from graph_service.workspace.registry import Source
from graph_service.workspace.service import Workspace
from graph_service.workspace.uploads import land_batch


def record_form(ws: Workspace, source: Source, subject: str) -> tuple[Form, ox.Store]:
    """The form of ``subject`` and the working content of its source; NotFound when the record is not there."""
    content = ws.content(ws.working_place(source))
    form = form_for(record_types(content, subject))
    if form is None:
        raise NotFound(
            "Für diesen Eintrag gibt es kein Formular (oder er gehört nicht zu dieser Quelle).",
            "there is no form for this record (or it is not in this source).",
        )
    return form, content


def new_subject(ws: Workspace, form: Form, kennung: str, parsed: dict[str, list]) -> str:
    """The IRI of a new record: ``<kind>/<Kennung>``; memberships are named after network and member."""
    if form.kind == "membership":
        ends = [str(v[0]).rsplit("/", 1)[-1] for v in parsed.values() if v and "/network/" in str(v[0])]
        members = [str(v[0]).rsplit("/", 1)[-1] for v in parsed.values() if v and "/actor/" in str(v[0])]
        if ends and members:
            return str(ws.minter.entity("membership", f"{ends[0]}--{members[0]}"))
    if not re.fullmatch(r"[a-z0-9][a-z0-9-]{1,80}", kennung):
        raise InputError(
            f"„{kennung}“ ist keine gültige Kennung.",
            f'"{kennung}" is not a valid id.',
            fix_de="Kleinbuchstaben, Ziffern und Bindestriche, z. B. vhs-meissen.",
            fix_en="lower-case letters, digits and hyphens, e.g. vhs-meissen.",
        )
    return str(ws.minter.entity(form.kind, kennung))


def save_record(
    ws: Workspace,
    account: Account,
    source: Source,
    subject: str | None,
    form: Form,
    submitted: dict[str, list[str]],
    *,
    kennung: str = "",
    lang: str = "de",
) -> tuple[Version, str]:
    """Create (``subject`` None) or change a record; returns the new version and the record's IRI.

    Raises:
        FormError: values that are not RDF (by field). InputError: bad or taken Kennung.
        Forbidden: no write access. Rejected: the gate refuses the new state of the source.
    """
    allowed = ws.require_write(account, source)
    parsed = parse(form, submitted, ws.minter)
    with ws.write_lock:
        content = ws.content(ws.working_place(source))
        new = subject is None
        if subject is None:
            subject = new_subject(ws, form, kennung, parsed)
            if any(True for _ in content.quads_for_pattern(ox.NamedNode(subject), None, None, ox.DefaultGraph())):
                raise InputError(
                    "Einen Eintrag mit dieser Kennung gibt es in der Quelle schon.",
                    "a record with this id exists in the source already.",
                )
        changed = apply(content, subject, form, parsed, new)
        target = ws.public_place(source) if allowed.publish else ws.draft_place(source)
        note = f"Formular: {'neu' if new else 'geändert'} {subject.rsplit('/', 1)[-1]}"
        batch = ImportBatch(source_info(source), changed, rows_read=0)
        version = land_batch(ws, account, source, batch, target, note, lang=lang)
        ws.registry.note_form_edit(source.id, subject, version.id, account.id)
    return version, subject


def delete_record(ws: Workspace, account: Account, source: Source, subject: str, lang: str = "de") -> Version:
    """Remove a record from its source (a new version, through the gate)."""
    allowed = ws.require_write(account, source)
    with ws.write_lock:
        content = ws.content(ws.working_place(source))
        changed = remove_record(content, subject)
        if len(changed) == len(content):
            raise NotFound("Der Eintrag ist nicht in dieser Quelle.", "the record is not in this source.")
        target = ws.public_place(source) if allowed.publish else ws.draft_place(source)
        batch = ImportBatch(source_info(source), changed, rows_read=0)
        note = f"Formular: gelöscht {subject.rsplit('/', 1)[-1]}"
        version = land_batch(ws, account, source, batch, target, note, allow_empty=True, lang=lang)
        ws.registry.note_form_edit(source.id, subject, version.id, account.id)
    return version
