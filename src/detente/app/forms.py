"""Reading an upload form with a hard size cap: a body over the cap is refused (413) before
anything of it is parsed or kept."""

from __future__ import annotations

from starlette.datastructures import FormData, UploadFile
from starlette.requests import Request

from detente.app.uploads import MAX_UPLOAD_BYTES, UploadTooLarge
from detente.core.errors import UsageError

FORM_OVERHEAD = 16 * 1024  # multipart boundaries and the view's hidden fields
BODY_LIMIT = MAX_UPLOAD_BYTES + FORM_OVERHEAD
DRAIN_LIMIT = 16 * 1024 * 1024  # past this, stop reading and let the connection close


def _too_large(size: int | str) -> UploadTooLarge:
    return UploadTooLarge(f"upload refused: the request is {size} bytes; a scenario file may be "
                          f"at most {MAX_UPLOAD_BYTES // 1024} KiB")


async def read_form(request: Request, limit: int = BODY_LIMIT) -> FormData:
    """The request's form, read into memory only while it stays under `limit` bytes."""
    declared = request.headers.get("content-length", "")
    if declared.isdecimal() and int(declared) > DRAIN_LIMIT:
        raise _too_large(declared)
    body, seen = bytearray(), 0
    async for chunk in request.stream():
        seen += len(chunk)
        if seen > DRAIN_LIMIT:
            raise _too_large(f"over {DRAIN_LIMIT}")
        if seen <= limit:
            body += chunk
    if seen > limit:
        raise _too_large(seen)
    sent = False

    async def receive() -> dict:
        nonlocal sent
        if sent:
            return {"type": "http.disconnect"}
        sent = True
        return {"type": "http.request", "body": bytes(body), "more_body": False}

    return await Request(request.scope, receive).form(max_files=1, max_fields=40)


async def uploaded_file(form: FormData) -> tuple[str, bytes]:
    """The form's `file` field: its name and content."""
    item = form.get("file")
    if not isinstance(item, UploadFile) or not item.filename:
        raise UsageError("choose a scenario file (.yaml) to upload")
    content = await item.read(MAX_UPLOAD_BYTES + 1)
    if len(content) > MAX_UPLOAD_BYTES:
        raise _too_large(len(content))
    return item.filename, content
