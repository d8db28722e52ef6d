"""The guide (panduan): a page per task, per role, in Indonesian. Each page shows the
current screen: its screenshot (static/panduan/<gambar>.png) is taken by the browser
journey that performs the task (tests/e2e, `panduan()` in its conftest), so running the
suite refreshes it. The forms link to their page (templates/panduan/_tautan.html)."""

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Halaman:
    slug: str
    judul: str
    peran: str  # pegawai | atasan | admin
    gambar: str  # static/panduan/<gambar>.png


HALAMAN = [
    Halaman("skp", "Menyusun dan mengajukan SKP", "pegawai", "skp-susun"),
    Halaman("harian", "Mencatat aktivitas harian", "pegawai", "harian-catat"),
    Halaman("sertifikat", "Mencatat pelatihan dan mengunggah sertifikat", "pegawai",
            "sertifikat"),
    Halaman("validasi", "Memvalidasi aktivitas tim", "atasan", "validasi"),
    Halaman("evaluasi", "Mengevaluasi kinerja periodik", "atasan", "evaluasi"),
    Halaman("impor", "Mengimpor data pegawai", "admin", "impor"),
]
BY_SLUG = {h.slug: h for h in HALAMAN}
PERAN = {"pegawai": _("Employees"), "atasan": _("Supervisors"), "admin": _("Admins")}
