"""The first TPP rule, a placeholder from common regional practice (penilaian.tpp): BKD
replaces its amounts and shares with the Perkada's by making a new version."""

from decimal import Decimal

from django.db import migrations

from penilaian.tpp import BASIS_AWAL, KEBIJAKAN_AWAL, POTONGAN_AWAL, SUMBER_AWAL


def seed(apps, schema_editor):
    Kebijakan = apps.get_model("penilaian", "KebijakanTpp")
    Basis = apps.get_model("penilaian", "BasisTpp")
    Potongan = apps.get_model("penilaian", "PotonganTpp")
    if Kebijakan.objects.exists():
        return
    rule = Kebijakan.objects.create(
        versi=1, sumber=SUMBER_AWAL,
        **{k: Decimal(v) if isinstance(v, str) else v for k, v in KEBIJAKAN_AWAL.items()})
    Basis.objects.bulk_create(Basis(kebijakan=rule, kelas_jabatan=k, jumlah=v)
                              for k, v in BASIS_AWAL.items())
    Potongan.objects.bulk_create(
        Potongan(kebijakan=rule, jenis=j, dari_menit=a, sampai_menit=b, persen=Decimal(p))
        for j, a, b, p in POTONGAN_AWAL)


class Migration(migrations.Migration):
    dependencies = [("penilaian", "0020_tpp"), ("kinerja", "0013_kehadiran")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
