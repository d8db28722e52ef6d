"""Uploaded files (activity evidence, training certificates): the type is read from the
content, never trusted from the name."""

import os
import re
import zipfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.http import FileResponse
from django.utils.translation import gettext as _

# extension -> the type its content must have
ALLOWED = {"pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "png": "png", "docx": "docx",
           "xlsx": "xlsx"}
SCANS = {"pdf": "pdf", "jpg": "jpeg", "jpeg": "jpeg", "png": "png"}  # certificates
CONTENT_TYPES = {"pdf": "application/pdf", "jpeg": "image/jpeg", "png": "image/png",
                 "docx": "application/vnd.openxmlformats-officedocument."
                         "wordprocessingml.document",
                 "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def detect(head, upload):
    """The real type of an upload from its first bytes (and, for Office, its zip listing)."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"PK\x03\x04"):
        upload.seek(0)
        try:
            with zipfile.ZipFile(upload) as archive:
                names = archive.namelist()
        except zipfile.BadZipFile:
            return None
        finally:
            upload.seek(0)
        if "[Content_Types].xml" in names:
            if any(n.startswith("word/") for n in names):
                return "docx"
            if any(n.startswith("xl/") for n in names):
                return "xlsx"
    return None


def clean_name(name):
    """A display name: no directories (either separator), no control characters."""
    base = os.path.basename(str(name).replace("\\", "/"))
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip() or "berkas"
    return base[-200:]


def check_upload(upload, allowed=ALLOWED):
    """(type, display name) of an acceptable upload (of the `allowed` extensions);
    ValidationError says why not."""
    name = clean_name(upload.name)
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if upload.size == 0:
        raise ValidationError(_("The file %(name)s is empty.") % {"name": name})
    if upload.size > settings.BUKTI_MAX_BYTES:
        raise ValidationError(_("The file %(name)s is larger than %(mb)s MB.") % {
            "name": name, "mb": settings.BUKTI_MAX_BYTES // (1024 * 1024)})
    if ext not in allowed:
        raise ValidationError(_("Files of type .%(ext)s are not accepted; use %(types)s.") % {
            "ext": ext or "?", "types": ", ".join(sorted({t.upper() for t in
                                                          allowed.values()}))})
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    if detect(head, upload) != allowed[ext]:
        raise ValidationError(_("The content of %(name)s is not a real .%(ext)s file.") % {
            "name": name, "ext": ext})
    return allowed[ext], name


# Shown in the browser when asked to (a scan, a photo); the office formats are always
# downloaded.
INLINE = ("pdf", "jpeg", "png")


def file_response(berkas, *, name, jenis, inline=False):
    """A private upload as a response: an attachment, or for a PDF or an image `inline`
    under a policy that lets it run no script and load nothing else (the type was fixed
    by the upload's content check). Never cached by shared caches."""
    inline = inline and jenis in INLINE
    response = FileResponse(berkas.open("rb"), as_attachment=not inline, filename=name,
                            content_type=CONTENT_TYPES.get(jenis, "application/octet-stream"))
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    if inline:
        response["Content-Security-Policy"] = ("default-src 'none'; img-src 'self'; "
                                               "object-src 'self'; frame-ancestors 'self'")
    return response
