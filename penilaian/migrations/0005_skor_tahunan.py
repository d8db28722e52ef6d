"""Scores for the whole year next to the period scores: a score is keyed by person, year
and period number (0 for the year). The per-IKI lines move into the score's `rincian`, so
a province-wide run writes one row per person."""

import django.db.models.deletion
from django.db import migrations, models


def fill_year(apps, schema_editor):
    Skor = apps.get_model("penilaian", "Skor")
    for skor in Skor.objects.select_related("periode"):
        skor.tahun_id = skor.periode.tahun_id
        skor.nomor = skor.periode.nomor
        skor.save(update_fields=["tahun", "nomor"])


class Migration(migrations.Migration):

    dependencies = [
        ("kinerja", "0003_aktivitas_tanpa_tumpang_tindih"),
        ("penilaian", "0004_tugas_hitung"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="skor", name="skor_unik"),
        migrations.AddField(
            model_name="skor", name="tahun",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="kinerja.tahunkinerja")),
        migrations.AddField(model_name="skor", name="nomor",
                            field=models.PositiveSmallIntegerField(default=0)),
        migrations.AddField(model_name="skor", name="rincian",
                            field=models.JSONField(default=list)),
        migrations.RunPython(fill_year, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="skor", name="tahun",
            field=models.ForeignKey(on_delete=django.db.models.deletion.PROTECT,
                                    related_name="+", to="kinerja.tahunkinerja")),
        migrations.AlterField(
            model_name="skor", name="periode",
            field=models.ForeignKey(blank=True, null=True,
                                    on_delete=django.db.models.deletion.PROTECT,
                                    related_name="skor", to="kinerja.periode")),
        migrations.AlterField(model_name="skor", name="skor_hasil",
                              field=models.DecimalField(decimal_places=2, max_digits=6,
                                                        null=True)),
        migrations.AlterField(
            model_name="skor", name="rating_saran",
            field=models.CharField(blank=True, max_length=10, choices=[
                ("di_atas", "Above expectation"), ("sesuai", "As expected"),
                ("di_bawah", "Below expectation")])),
        migrations.DeleteModel(name="SkorIki"),
        migrations.AddConstraint(
            model_name="skor",
            constraint=models.UniqueConstraint(fields=("pegawai", "tahun", "nomor"),
                                               name="skor_unik")),
        migrations.AddConstraint(
            model_name="skor",
            constraint=models.CheckConstraint(
                condition=models.Q(("nomor", 0), ("periode__isnull", True))
                | models.Q(("nomor__gt", 0), ("periode__isnull", False)),
                name="skor_tahunan_tanpa_periode")),
        migrations.AddIndex(
            model_name="skor",
            index=models.Index(fields=["periode", "rating_saran"], name="skor_periode")),
    ]
