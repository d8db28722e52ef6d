"""The IKM bands commonly used with PermenPANRB 14/2017 (domain.md), as data BKD can
correct: A 88.31-100, B 76.61-88.30, C 65.00-76.60, D 25.00-64.99."""

from decimal import Decimal

from django.db import migrations

from penilaian.ikm import BAND_AWAL as BANDS


def seed(apps, schema_editor):
    BandMutu = apps.get_model("penilaian", "BandMutu")
    for batas, mutu, kinerja in BANDS:
        BandMutu.objects.get_or_create(mutu=mutu, defaults={"batas_bawah": Decimal(batas),
                                                             "kinerja": kinerja})


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0011_ikm")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
