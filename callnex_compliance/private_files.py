"""Serve private files (recordings, exports, DPA documents) only to staff allowed to see them.

Nothing under MEDIA_ROOT has a public URL; every download goes through `private_file_response`.
"""

from pathlib import PurePosixPath

from django.core.files.storage import default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, Http404


def private_file_response(field_file: FieldFile, *, download_name: str | None = None) -> FileResponse:
    """Stream a stored file as an attachment, never cached; 404 when the file is gone."""
    if not field_file or not default_storage.exists(field_file.name):
        raise Http404("This file no longer exists.")
    name = download_name or PurePosixPath(field_file.name).name
    response = FileResponse(field_file.open("rb"), as_attachment=True, filename=name)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
