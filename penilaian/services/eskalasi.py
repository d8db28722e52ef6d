"""The cut-off and closing periods: activities still pending at a period's cut-off are
escalated to the atasan's atasan (audited, notified); the period then closes with final
scores, unit figures and a lock (`periode_close_due`, nightly)."""

import datetime as dt

from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja import gangguan
from ekinerja.audit import audit_record
from ekinerja.notifikasi import notifikasi_kirim
from ekinerja.selectors import atasan_for
from kinerja.models import Aktivitas, Periode
from kinerja.services import periode_lock

from ..tpp import tpp_hitung
from .hitung import skor_hitung, skor_hitung_tahun, skor_unit_hitung


def eskalasi_penerima(pegawai):
    """Whom a person's late activities go to: their atasan's own atasan; for someone whose
    atasan has none in the system, nobody (Admin BKD validates heads of OPD anyway)."""
    atasan = atasan_for(pegawai)
    return atasan_for(atasan) if atasan is not None else None


def aktivitas_eskalasi(*, periode):
    """Escalate the period's activities still pending at its cut-off to the atasan's
    atasan, who may then validate them (audited). Returns how many were escalated."""
    pending = (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                        tanggal__range=(periode.mulai, periode.selesai),
                                        dieskalasi_pada__isnull=True)
               .select_related("pegawai__unit", "pegawai__jabatan"))
    now, count, receivers, per_receiver = timezone.now(), 0, {}, {}
    for aktivitas in pending:
        if aktivitas.pegawai_id not in receivers:
            receivers[aktivitas.pegawai_id] = eskalasi_penerima(aktivitas.pegawai)
        receiver = receivers[aktivitas.pegawai_id]
        Aktivitas.objects.filter(pk=aktivitas.pk).update(dieskalasi_ke=receiver,
                                                         dieskalasi_pada=now)
        audit_record(actor=None, action="aktivitas.eskalasi", target=aktivitas,
                     after={"ke": receiver.nip if receiver else "", "periode": periode.pk})
        count += 1
        if receiver is not None:
            per_receiver[receiver] = per_receiver.get(receiver, 0) + 1
    for receiver, n in per_receiver.items():
        notifikasi_kirim(
            penerima=receiver, jenis="eskalasi", kunci=f"periode:{periode.pk}",
            judul=_("%(n)s activities were escalated to you") % {"n": n},
            pesan=_("Their atasan did not validate them before the cut-off of %(period)s.")
            % {"period": periode}, tautan=reverse("validasi"))
    return count


def periode_close_due(*, today=None):
    """At a period's cut-off, activities still pending are escalated (or, as the year
    says, kept and flagged); the period then closes with final scores and is locked
    (audited) once nothing is pending or the escalation time is over. A later change
    needs BKD to reopen it with a reason. A backfill window over a period's days
    (ekinerja.gangguan) moves its cut-off to the window's last day. Returns the periods
    closed."""
    today = today or timezone.localdate()
    closed = []
    for periode in (Periode.objects.filter(cutoff__lt=today, terkunci=False)
                    .select_related("tahun").order_by("mulai")):
        tahun = periode.tahun
        # After an outage, a backfill window over its days moves its cut-off to the
        # window's last day: nothing escalates or closes before, and the escalation time
        # counts from there.
        batas = gangguan.batas_susulan(periode.mulai, periode.selesai)
        cutoff = max(periode.cutoff, batas) if batas else periode.cutoff
        if today <= cutoff:
            continue
        if tahun.saat_cutoff == tahun.SaatCutoff.ESKALASI:
            aktivitas_eskalasi(periode=periode)
            waiting = Aktivitas.objects.filter(
                status=Aktivitas.Status.DIAJUKAN,
                tanggal__range=(periode.mulai, periode.selesai)).exists()
            if waiting and today <= cutoff + dt.timedelta(days=tahun.hari_eskalasi):
                skor_hitung(periode=periode)  # what is approved so far; not final yet
                continue
        with transaction.atomic():
            skor_hitung(periode=periode)
            skor_hitung_tahun(tahun=periode.tahun)  # final with the year's last period
            skor_unit_hitung(periode=periode, today=today)
            if tahun.ritme == tahun.Ritme.BULANAN:
                tpp_hitung(periode=periode, final=True)  # the month's TPP, frozen
            periode_lock(periode=periode, actor=None)
        closed.append(periode)
    return closed
