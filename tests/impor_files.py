"""Building and uploading import files in tests (any kind of import)."""

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

from ekinerja.models import ImporData

SAMPLES = Path(__file__).resolve().parents[1] / "static" / "contoh"


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


def import_sample_people(client, instansi):
    """Apply the sample units, positions and people (static/contoh) through the import
    pages, the sample's instansi being `instansi`: what a file about people needs first."""
    from .factories import UnitKerjaFactory

    UnitKerjaFactory(kode="DPMPTSP", nama="DPMPTSP", jenis="dinas", parent=instansi)
    for jenis in ("unit", "jabatan", "pegawai"):
        content = (SAMPLES / f"{jenis}.csv").read_bytes()
        if jenis == "unit":
            content = content.replace(b"PEMPROV-JAMBI", instansi.kode.encode())
        impor = preview(client, jenis, f"{jenis}.csv", content)
        assert impor.ringkasan["salah"] == 0, impor.ringkasan
        client.post(f"/kelola/impor/{impor.pk}/terapkan/")
