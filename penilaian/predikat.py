"""The national predikat (PermenPANRB 6/2022; domain.md): from the atasan's rating of
hasil kerja and of perilaku, by one matrix. One function; tested on all 9 combinations."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Rating(models.TextChoices):
    DI_ATAS = "di_atas", _("Above expectation")
    SESUAI = "sesuai", _("As expected")
    DI_BAWAH = "di_bawah", _("Below expectation")


class Predikat(models.TextChoices):
    SANGAT_BAIK = "sangat_baik", _("Sangat Baik")
    BAIK = "baik", _("Baik")
    BUTUH_PERBAIKAN = "butuh_perbaikan", _("Butuh Perbaikan")
    KURANG = "kurang", _("Kurang / Misconduct")
    SANGAT_KURANG = "sangat_kurang", _("Sangat Kurang")


# (hasil kerja, perilaku) -> predikat
MATRIKS = {
    (Rating.DI_ATAS, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.DI_ATAS, Rating.SESUAI): Predikat.BAIK,
    (Rating.DI_ATAS, Rating.DI_ATAS): Predikat.SANGAT_BAIK,
    (Rating.SESUAI, Rating.DI_BAWAH): Predikat.KURANG,
    (Rating.SESUAI, Rating.SESUAI): Predikat.BAIK,
    (Rating.SESUAI, Rating.DI_ATAS): Predikat.BAIK,
    (Rating.DI_BAWAH, Rating.DI_BAWAH): Predikat.SANGAT_KURANG,
    (Rating.DI_BAWAH, Rating.SESUAI): Predikat.BUTUH_PERBAIKAN,
    (Rating.DI_BAWAH, Rating.DI_ATAS): Predikat.BUTUH_PERBAIKAN,
}


def predikat(hasil_kerja, perilaku):
    """The predikat of a rating of hasil kerja and a rating of perilaku."""
    return MATRIKS[Rating(hasil_kerja), Rating(perilaku)]
