"""Building and uploading import files in tests (any kind of import)."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ekinerja.models import ImporData


def upload(client, jenis, name, content):
    return client.post("/kelola/impor/", {"jenis": jenis,
                                          "berkas": SimpleUploadedFile(name, content)})


def preview(client, jenis, name, content):
    response = upload(client, jenis, name, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    return ImporData.objects.get(pk=response["Location"].rstrip("/").split("/")[-1])


def csv_bytes(rows):
    return "\n".join(",".join(row) for row in rows).encode()


def xlsx_bytes(rows):
    book = Workbook()
    for row in rows:
        book.active.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
