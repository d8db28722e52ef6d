"""The one service that changes an activity's validation state."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from ekinerja.models import AuditLog
from kinerja import services
from kinerja.models import Aktivitas, Iki
from penilaian.services import aktivitas_approve, aktivitas_reject, aktivitas_return

from ..kinerja.conftest import approve


@pytest.fixture
def submitted(skp_pegawai, pegawai):
    import datetime as dt

    approve(skp_pegawai)
    iki = Iki.objects.get(rhk__skp=skp_pegawai)
    a = services.aktivitas_save(aktivitas=Aktivitas(
        pegawai=pegawai, tanggal=timezone.localdate(), mulai=dt.time(8), selesai=dt.time(9),
        uraian="Menyusun laporan", kategori="iki", iki=iki, output=2), actor=pegawai)
    services.aktivitas_submit(items=[a], actor=pegawai)
    a.refresh_from_db()
    return a


def test_the_atasan_approves_and_it_is_audited(submitted, atasan):
    aktivitas_approve(aktivitas=submitted, actor=atasan)
    assert submitted.status == "disetujui"
    assert AuditLog.objects.filter(action="aktivitas.approve", actor_nip=atasan.nip).exists()


def test_an_adjusted_output_needs_a_note(submitted, atasan):
    with pytest.raises(ValidationError):
        aktivitas_approve(aktivitas=submitted, actor=atasan, output=Decimal("1"))
    aktivitas_approve(aktivitas=submitted, actor=atasan, output=Decimal("1"),
                      catatan="Satu laporan belum final")
    assert (submitted.output, submitted.catatan_validasi) == (1, "Satu laporan belum final")


@pytest.mark.parametrize("action", [aktivitas_reject, aktivitas_return])
def test_reject_and_return_need_a_note(submitted, atasan, action):
    with pytest.raises(ValidationError):
        action(aktivitas=submitted, actor=atasan, catatan="  ")
    submitted.refresh_from_db()
    assert submitted.status == "diajukan"
    action(aktivitas=submitted, actor=atasan, catatan="Lengkapi bukti")
    assert submitted.catatan_validasi == "Lengkapi bukti"


def test_a_returned_activity_can_be_fixed_and_submitted_again(submitted, atasan, pegawai):
    aktivitas_return(aktivitas=submitted, actor=atasan, catatan="Perbaiki uraian")
    submitted.uraian = "Menyusun laporan bulanan bidang"
    services.aktivitas_save(aktivitas=submitted, actor=pegawai)
    services.aktivitas_submit(items=[submitted], actor=pegawai)
    assert Aktivitas.objects.get(pk=submitted.pk).status == "diajukan"


def test_no_one_validates_their_own_or_a_strangers_work(submitted, pegawai, pegawai_lain,
                                                        kepala_a):
    for actor in (pegawai, pegawai_lain, kepala_a):
        with pytest.raises(ValidationError):
            aktivitas_approve(aktivitas=submitted, actor=actor)
    submitted.refresh_from_db()
    assert submitted.status == "diajukan"


def test_a_handled_activity_cannot_be_handled_again(submitted, atasan):
    aktivitas_approve(aktivitas=submitted, actor=atasan)
    with pytest.raises(ValidationError) as exc:
        aktivitas_reject(aktivitas=submitted, actor=atasan, catatan="x")
    assert "sudah ditangani" in " ".join(exc.value.messages)


def test_two_decisions_at_once_give_one_transition(transactional_db, submitted, atasan):
    barrier, results = threading.Barrier(2), []

    def decide(action, **kw):
        from django.db import connection

        barrier.wait()
        try:
            action(aktivitas=Aktivitas.objects.get(pk=submitted.pk), actor=atasan, **kw)
            results.append("ok")
        except ValidationError as exc:
            results.append(exc.messages[0])
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(aktivitas_approve,)),
               threading.Thread(target=decide, args=(aktivitas_reject,),
                                kwargs={"catatan": "Tidak sesuai"})]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count("ok") == 1, results
    assert AuditLog.objects.filter(action__in=["aktivitas.approve", "aktivitas.reject"]
                                   ).count() == 1
