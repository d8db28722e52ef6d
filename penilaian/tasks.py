"""Thin Celery tasks over the scoring service: ids in, one service call."""

import datetime as dt

from celery import chord, shared_task
from django.utils import timezone

from ekinerja.antrean import DATABASE_TRANSIENT
from kinerja.models import Periode
from kinerja.selectors import periode_of

from . import angka_kredit, services, siasn, tpp


@shared_task(acks_late=True, autoretry_for=DATABASE_TRANSIENT, max_retries=6,
             retry_backoff=2, retry_backoff_max=60, retry_jitter=False)
def skor_hitung_pegawai(pegawai_id, day):
    """One person's period and year after a validation (enqueued coalesced, after
    commit). Idempotent, so a database that is briefly unreachable (a restart, a failover)
    only delays it: retried after 2, 4, 8... seconds."""
    periode = periode_of(dt.date.fromisoformat(day))
    if periode is not None:
        services.skor_hitung(periode=periode, pegawai_ids=[pegawai_id])
        services.skor_hitung_tahun(tahun=periode.tahun, pegawai_ids=[pegawai_id])


@shared_task(acks_late=True)
def skor_hitung_periode_terbuka():
    """Nightly: every period whose entries are still open (its cut-off not yet passed) is
    recomputed for everyone, catching up any recompute that was missed. The work is split
    by OPD into parallel tasks; the unit figures follow once all parts are done."""
    today = timezone.localdate()
    for periode in Periode.objects.filter(mulai__lte=today, cutoff__gte=today,
                                          terkunci=False):
        tugas = services.tugas_malam_create(periode=periode)
        chord(skor_hitung_bagian.s(periode.pk, unit_id, subtree)
              for unit_id, subtree in services.bagian_instansi())(
            skor_hitung_selesai.s(tugas.pk))


@shared_task(acks_late=True, ignore_result=False)
def skor_hitung_bagian(periode_id, unit_id, subtree=True, tahunan=True):
    """One part of the nightly run: the period (and year) scores of one OPD's people.
    Returns the rows written and the people who could not be scored."""
    periode = Periode.objects.select_related("tahun").get(pk=periode_id)
    ids = services.pegawai_bagian(unit_id, subtree=subtree)
    failures = []
    count = services.skor_hitung(periode=periode, pegawai_ids=ids, failures=failures)
    if tahunan:
        services.skor_hitung_tahun(tahun=periode.tahun, pegawai_ids=ids, failures=failures)
    return {"ditulis": count, "gagal": failures}


@shared_task(acks_late=True)
def skor_hitung_selesai(results, tugas_id):
    """The chord's end: unit figures, and the run's record with who failed."""
    services.tugas_malam_selesai(tugas_id=tugas_id, results=results)


@shared_task(acks_late=True)
def periode_tutup_jatuh_tempo():
    """Nightly: periods past their cut-off get final scores and are closed."""
    return [p.pk for p in services.periode_close_due()]


@shared_task(acks_late=True)
def tugas_hitung_jalankan(tugas_id):
    """A recompute BKD asked for from the web (penilaian.services.tugas_hitung_create)."""
    services.tugas_hitung_jalankan(tugas_id=tugas_id)


@shared_task
def notifikasi_menunggu():
    """Working days at 16:30: the atasan's digest of the day's submitted activities."""
    return services.notifikasi_menunggu()


@shared_task
def notifikasi_batas_validasi():
    """Mornings: validators with activities waiting as a period's cut-off nears."""
    return services.notifikasi_batas_validasi()


@shared_task
def notifikasi_batas_lapor():
    """Mornings: employees whose period is incomplete as its cut-off nears."""
    return services.notifikasi_batas_lapor()


@shared_task
def ikm_hitung_terbuka():
    """Nightly: the IKM of every open period from the public's answers so far."""
    from django.utils import timezone

    from kinerja.models import Periode

    from . import ikm

    today = timezone.localdate()
    return sum(ikm.ikm_hitung(periode=p) for p in
               Periode.objects.filter(terkunci=False, mulai__lte=today))


@shared_task(acks_late=True)
def siasn_kirim(kirim_id):
    """Send one appraisal result to SIASN (penilaian.siasn)."""
    return siasn.siasn_kirim(kirim_id)


@shared_task(acks_late=True)
def siasn_kirim_angka_kredit(kirim_id):
    """Send one year's angka kredit to SIASN (penilaian.siasn)."""
    return siasn.siasn_kirim_angka_kredit(kirim_id)


@shared_task
def siasn_kirim_menunggu():
    """Nightly: results SIASN could not take (it was down) are sent again."""
    from django.db import transaction

    with transaction.atomic():
        return siasn.kirim_menunggu_antre()


@shared_task(acks_late=True, autoretry_for=DATABASE_TRANSIENT, max_retries=6,
             retry_backoff=2, retry_backoff_max=60, retry_jitter=False)
def angka_kredit_hitung_pegawai(pegawai_id, tahun_id):
    """One person's angka kredit for a year, converted again (penilaian.angka_kredit)."""
    return angka_kredit.angka_kredit_hitung_pegawai(pegawai_id, tahun_id)


@shared_task(acks_late=True)
def angka_kredit_malam():
    """Nightly: this year's and last year's conversions again for everyone, so a corrected
    TMT or a change of post counts by the next morning (a province takes about a second:
    `make bench-angka-kredit`)."""
    from django.utils import timezone

    from kinerja.models import TahunKinerja

    year = timezone.localdate().year
    return [angka_kredit.angka_kredit_hitung_tahun(t)
            for t in TahunKinerja.objects.filter(tahun__in=(year - 1, year))]


@shared_task
def pengingat_dialog():
    """The quarter's reminder to each atasan of the people without a dialogue yet."""
    from .dialog import pengingat_dialog as remind

    return remind()


@shared_task
def pengingat_umpan_balik():
    """Daily in the round's last days: raters with answers still owed hear once."""
    from .umpan_balik import pengingat

    return pengingat()


@shared_task(acks_late=True, autoretry_for=DATABASE_TRANSIENT, max_retries=6,
             retry_backoff=2, retry_backoff_max=60, retry_jitter=False)
def tpp_hitung_unit(periode_id, unit_id):
    """A period's TPP of a unit's subtree (an admin asked for it; penilaian.tpp)."""
    return len(tpp.tpp_unit_hitung(periode_id, unit_id))
