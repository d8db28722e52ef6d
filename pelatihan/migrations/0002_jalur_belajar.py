"""The learning paths of Peraturan LAN 10/2018 with their codes (domain.md)."""

from django.db import migrations

from pelatihan.jalur import JALUR

def seed(apps, schema_editor):
    JalurBelajar = apps.get_model("pelatihan", "JalurBelajar")
    for kode, nama, klasikal in JALUR:
        JalurBelajar.objects.get_or_create(kode=kode, defaults={"nama": nama,
                                                                "klasikal": klasikal})


class Migration(migrations.Migration):
    dependencies = [("pelatihan", "0001_pelatihan")]
    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
