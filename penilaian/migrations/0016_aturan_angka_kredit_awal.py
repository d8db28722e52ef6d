"""The first version of the angka kredit rule: PermenPANRB 1/2023 and Peraturan BKN 3/2023
(domain.md), as rows BKD edits by making a new version."""

from decimal import Decimal

from django.db import migrations

from penilaian.angka_kredit import (
    BAWAAN_MULAI,
    KOEFISIEN_BAWAAN,
    PERSEN_BAWAAN,
    SUMBER,
    SUMBER_KEBUTUHAN,
    SUMBER_KOEFISIEN,
    SUMBER_PERSEN,
)


def seed(apps, schema_editor):
    Aturan = apps.get_model("penilaian", "AturanAngkaKredit")
    Persen = apps.get_model("penilaian", "PersenPredikat")
    Koefisien = apps.get_model("penilaian", "KoefisienJenjang")
    if Aturan.objects.exists():
        return
    aturan = Aturan.objects.create(versi=1, berlaku_mulai=BAWAAN_MULAI, sumber=SUMBER)
    Persen.objects.bulk_create(
        Persen(aturan=aturan, predikat=p, persen=Decimal(v), sumber=SUMBER_PERSEN)
        for p, v in PERSEN_BAWAAN.items())
    Koefisien.objects.bulk_create(
        Koefisien(aturan=aturan, jenjang=j, koefisien=Decimal(k),
                  kebutuhan_pangkat=Decimal(pangkat),
                  kebutuhan_jenjang=Decimal(naik) if naik else None,
                  sumber=f"{SUMBER_KOEFISIEN}; {SUMBER_KEBUTUHAN}")
        for j, (k, pangkat, naik) in KOEFISIEN_BAWAAN.items())


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0015_angka_kredit")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
