"""Checks every uploaded attachment passes, whatever it is attached to: an
accepted type, a size within the limit, and content that matches the name."""

from __future__ import annotations

from django.conf import settings
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext_lazy as _

from .errors import ValidationFailed

PHOTO, PDF, OFFICE = "photo", "pdf", "office"
ZIP = b"PK\x03\x04"
OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
OOXML = "application/vnd.openxmlformats-officedocument."

# File types an attachment may have, by extension: (kind, content type, signatures).
ATTACHMENT_TYPES: dict[str, tuple[str, str, tuple[bytes, ...]]] = {
    ".jpg": (PHOTO, "image/jpeg", (b"\xff\xd8\xff",)),
    ".jpeg": (PHOTO, "image/jpeg", (b"\xff\xd8\xff",)),
    ".png": (PHOTO, "image/png", (b"\x89PNG\r\n\x1a\n",)),
    ".webp": (PHOTO, "image/webp", (b"RIFF",)),  # and "WEBP" at bytes 8-11
    ".pdf": (PDF, "application/pdf", (b"%PDF-",)),
    ".docx": (OFFICE, OOXML + "wordprocessingml.document", (ZIP,)),
    ".xlsx": (OFFICE, OOXML + "spreadsheetml.sheet", (ZIP,)),
    ".pptx": (OFFICE, OOXML + "presentationml.presentation", (ZIP,)),
    ".doc": (OFFICE, "application/msword", (OLE,)),
    ".xls": (OFFICE, "application/vnd.ms-excel", (OLE,)),
    ".odt": (OFFICE, "application/vnd.oasis.opendocument.text", (ZIP,)),
    ".ods": (OFFICE, "application/vnd.oasis.opendocument.spreadsheet", (ZIP,)),
}


def max_attachment_bytes() -> int:
    return settings.ATTACHMENT_MAX_BYTES


def accepted_extensions() -> str:
    return ", ".join(sorted(ext.lstrip(".") for ext in ATTACHMENT_TYPES))


def check_upload(
    upload: UploadedFile, types=ATTACHMENT_TYPES, limit: int | None = None
) -> tuple[str, str, str]:
    """The file's cleaned name, kind and content type, or ValidationFailed on "file"."""
    name = (upload.name or "").rsplit("/", 1)[-1].rsplit("\\", 1)[-1][:200]
    extension = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if extension not in types:
        raise ValidationFailed(
            _("Files of this type are not accepted. Accepted: %(types)s.")
            % {"types": ", ".join(sorted(ext.lstrip(".") for ext in types))},
            field="file",
            code="unsupported_file",
        )
    limit = max_attachment_bytes() if limit is None else limit
    if upload.size is None or upload.size > limit:
        raise ValidationFailed(
            _("The file is too large: at most %(size)s MB.") % {"size": limit // (1024 * 1024)},
            field="file",
            code="file_too_large",
        )
    if not upload.size:
        raise ValidationFailed(_("The file is empty."), field="file")
    kind, content_type, signatures = types[extension]
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    matches = any(head.startswith(signature) for signature in signatures)
    if extension == ".webp":  # WAV and AVI files start with RIFF too
        matches = matches and head[8:12] == b"WEBP"
    if not matches:
        raise ValidationFailed(
            _("The file's content does not match its type (%(ext)s).") % {"ext": extension.lstrip(".")},
            field="file",
            code="unsupported_file",
        )
    return name, kind, content_type


def store_attachment(model, *, actor, upload: UploadedFile, caption: str, unit, fields, **owner):
    """Check `upload`, save it as a new `model` row attached to `owner`, and audit it.

    Call inside the service's transaction, after its access check. If the row
    or its audit event fails, the stored file is deleted again.
    """
    from . import audit

    name, kind, content_type = check_upload(upload)
    attachment = model(
        **owner,
        name=name,
        kind=kind,
        content_type=content_type,
        size=upload.size,
        caption=" ".join((caption or "").split())[:300],
        uploaded_by=audit.acting_user(actor),
    )
    attachment.file.save(name, upload, save=False)
    try:
        attachment.save()
        audit.record(
            actor=actor, action="create", obj=attachment, unit=unit, after=audit.snapshot(attachment, fields)
        )
    except Exception:
        attachment.file.delete(save=False)
        raise
    return attachment


def discard_attachment(attachment, *, actor, unit, fields) -> None:
    """Audit and delete an attachment row; its file goes once the row is surely gone."""
    from django.db import transaction

    from . import audit

    audit.record(
        actor=actor, action="delete", obj=attachment, unit=unit, before=audit.snapshot(attachment, fields)
    )
    stored, storage = attachment.file.name, attachment.file.storage
    attachment.delete()
    transaction.on_commit(lambda: storage.delete(stored))
