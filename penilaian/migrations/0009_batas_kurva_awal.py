"""The curve limits of PermenPANRB 6/2022 (domain.md), as editable rows."""

from decimal import Decimal

from django.db import migrations

from penilaian.kurva import BATAS_AWAL

def seed(apps, schema_editor):
    BatasKurva = apps.get_model("penilaian", "BatasKurva")
    for organisasi, pegawai, jenis, persen in BATAS_AWAL:
        BatasKurva.objects.get_or_create(organisasi=organisasi, predikat_pegawai=pegawai,
                                         jenis=jenis, defaults={"persen": Decimal(persen)})


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0008_kurva")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
