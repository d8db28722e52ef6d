"""Shared builders for the training tests."""

import datetime as dt

from pelatihan.models import Partisipasi


def verified(pegawai, jalur, jp, ended, kode="KL03"):
    """A verified training of `jp` JP that ended on `ended`."""
    return Partisipasi.objects.create(
        pegawai=pegawai, nama=f"P{jp}{ended}", jalur=jalur[kode], penyelenggara="X",
        mulai=ended - dt.timedelta(days=3), selesai=ended, jp_klaim=jp, jp_diakui=jp,
        status="terverifikasi")
