"""The first scoring rule, in force from 2020: cap 120%, ratings at 110/90, TPP 60/40.
BKD changes them by adding a newer version."""

import datetime as dt
from decimal import Decimal

from django.db import migrations


def forward(apps, schema_editor):
    AturanSkor = apps.get_model("penilaian", "AturanSkor")
    AturanSkor.objects.get_or_create(versi=1, defaults={
        "berlaku_mulai": dt.date(2020, 1, 1), "capaian_maks": Decimal("120"),
        "ambang_di_atas": Decimal("110"), "ambang_sesuai": Decimal("90"),
        "bobot_produktivitas": Decimal("60"), "bobot_hasil": Decimal("40"),
        "catatan": "Bawaan aplikasi; sesuaikan dengan Peraturan Gubernur tentang TPP."})


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0001_skor")]
    operations = [migrations.RunPython(forward, migrations.RunPython.noop)]
