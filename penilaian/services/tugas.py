"""Recompute jobs (TugasHitung): BKD's request from the web, queued by task name, and
the nightly run's record per period, with who could not be scored."""

from django.db import transaction
from django.utils import timezone

from ekinerja.antrean import antre_setelah_commit
from ekinerja.audit import audit_record
from ekinerja.models import UnitKerja

from ..models import Skor, TugasHitung
from .hitung import pegawai_bagian, skor_hitung, skor_hitung_tahun, skor_unit_hitung


@transaction.atomic
def tugas_hitung_create(*, periode, unit, actor):
    """BKD asks for a recompute of a unit (or the whole instansi) from the web."""
    tugas = TugasHitung.objects.create(dibuat_oleh=actor, periode=periode, unit=unit)
    audit_record(actor=actor, action="skor.recompute", target=tugas,
                 after={"periode": periode.pk, "unit": unit.pk})

    # Broker down: the page says so, and the nightly run catches up.
    antre_setelah_commit("penilaian.tasks.tugas_hitung_jalankan", tugas.pk,
                         gagal=lambda: TugasHitung.objects.filter(pk=tugas.pk).update(
                             status=TugasHitung.Status.GAGAL,
                             gagal=[{"error": "broker unavailable"}]))
    return tugas


def tugas_malam_create(*, periode):
    """The nightly run's record for a period, so BKD sees when it ran and who failed."""
    root = UnitKerja.objects.filter(parent__isnull=True).order_by("pk").first()
    return TugasHitung.objects.create(periode=periode, unit=root,
                                      status=TugasHitung.Status.BERJALAN)


def tugas_malam_selesai(*, tugas_id, results):
    """After every part of the nightly run: the unit figures, then the record."""
    tugas = TugasHitung.objects.select_related("periode").get(pk=tugas_id)
    skor_unit_hitung(periode=tugas.periode)
    failures = [f for r in results if r for f in r.get("gagal", [])]
    TugasHitung.objects.filter(pk=tugas_id).update(
        status=TugasHitung.Status.SELESAI, gagal=failures, selesai=timezone.now(),
        jumlah=Skor.objects.filter(periode=tugas.periode).count())


def tugas_hitung_jalankan(*, tugas_id):
    """Run a requested recompute: the unit's people, then the unit figures."""
    claimed = TugasHitung.objects.filter(pk=tugas_id, status=TugasHitung.Status.ANTRE).update(
        status=TugasHitung.Status.BERJALAN)
    if not claimed:
        return  # already run (a redelivered message)
    tugas = TugasHitung.objects.select_related("periode__tahun", "unit").get(pk=tugas_id)
    people = pegawai_bagian(tugas.unit_id)
    failures = []
    skor_hitung(periode=tugas.periode, pegawai_ids=people, failures=failures)
    skor_hitung_tahun(tahun=tugas.periode.tahun, pegawai_ids=people, failures=failures)
    count = Skor.objects.filter(periode=tugas.periode, pegawai_id__in=people).count()
    skor_unit_hitung(periode=tugas.periode)
    TugasHitung.objects.filter(pk=tugas_id).update(
        status=TugasHitung.Status.SELESAI, jumlah=count, gagal=failures,
        selesai=timezone.now())
