"""Your data: import another app's export, export the diary, restore a backup, delete
everything (confirmed). In the shared mode: one person's diary only (the backup, the delete),
no restore (the clinic's admin restores the database), and the access log: who else looked at
this person's data, and when."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, File, Form, Query, Request, UploadFile
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from magcoach.app import clinic, transfer
from magcoach.errors import MagcoachError
from magcoach.web.deps import Ctx, OwnerCtx, call, visitor
from magcoach.web.downloads import export_download
from magcoach.web.flash import FlashMessage
from magcoach.web.render import render
from magcoach.web.uploads import saved_upload

router = APIRouter()


def _page(request: Request, *, status_code: int = 200, **values: Any) -> HTMLResponse:
    defaults: dict[str, Any] = {
        "imported": None,
        "restored": None,
        "error": None,
        "section": None,
        "access": _access_log(request),
    }
    return render(request, "data.html", status_code=status_code, **{**defaults, **values})


def _access_log(request: Request) -> clinic.AccessLogView | None:
    """Shared mode: who else looked at the open person's data (the owner reads it)."""
    actor = visitor(request)
    person = getattr(request.state, "person", None)
    if actor is None or person is None or person.access != "owner":
        return None
    return clinic.access_log(request.app.state.ctx, actor, person_id=person.id)


@router.get("/data", response_class=HTMLResponse)
def data_page(
    request: Request, ctx: OwnerCtx, note: Annotated[str | None, Query(max_length=40)] = None
) -> HTMLResponse:
    shown = request.app.state.flash.take(request, note)
    imported = next((m.view for m in shown if isinstance(m.view, transfer.ImportView)), None)
    return _page(request, imported=imported, flashes=[m for m in shown if m.view is None])


@router.post("/data/import", response_class=HTMLResponse)
async def import_upload(
    request: Request,
    ctx: Ctx,
    kind: Annotated[str, Form()],
    file: Annotated[UploadFile, File()],
    skip_bad: Annotated[bool, Form()] = False,
) -> Response:
    try:
        async with saved_upload(file, f"upload-{kind}") as path:
            view = await call(transfer.import_file, ctx, kind, path, skip_bad=skip_bad)
    except MagcoachError as exc:
        return _page(request, status_code=400, error=_words(exc), section="import")
    token = request.app.state.flash.put(request, FlashMessage("Imported.", view=view))
    return RedirectResponse(f"/data?note={token}#import", status_code=303)


@router.post("/data/restore", response_class=HTMLResponse)
async def restore_upload(
    request: Request, ctx: Ctx, file: Annotated[UploadFile, File()]
) -> Response:
    try:
        async with saved_upload(file, "backup.json") as path:
            view = await call(transfer.restore, ctx, path)
    except MagcoachError as exc:
        if exc.code == "forbidden":  # the shared mode: no restore section to show it in
            raise
        return _page(request, status_code=400, error=_words(exc), section="restore")
    rows = sum(view.restored.values())
    token = request.app.state.flash.put(
        request, FlashMessage(f"Restored {rows} rows from the backup.")
    )
    return RedirectResponse(f"/data?note={token}", status_code=303)


@router.post("/data/delete", response_class=HTMLResponse)
async def delete_everything(request: Request, ctx: Ctx) -> Response:
    form = await request.form()
    try:
        deleted = await call(
            transfer.delete_everything, ctx, confirmed=form.get("confirm") == "yes"
        )
    except MagcoachError as exc:
        return _page(request, status_code=400, error=_words(exc), section="delete")
    if visitor(request) is None:
        return RedirectResponse("/welcome", status_code=303)
    # Shared mode: one person's diary went; the account and its other people stay.
    rows = sum(deleted.deleted.values())
    token = request.app.state.flash.put(
        request, FlashMessage(f"{request.state.person.name}'s diary was deleted ({rows} rows).")
    )
    return RedirectResponse(f"/account?note={token}", status_code=303)


@router.get("/data/export/{kind}")
def export(
    ctx: Ctx,
    kind: Literal["csv", "backup", "fhir"],
    start: Annotated[str | None, Query(max_length=40)] = None,
    end: Annotated[str | None, Query(max_length=40)] = None,
) -> Response:
    return export_download(ctx, kind, start=start or None, end=end or None)


def _words(exc: MagcoachError) -> str:
    from magcoach.web.errors import page_hint

    hint = page_hint(exc)
    return f"{exc.message} {hint}" if hint else exc.message
