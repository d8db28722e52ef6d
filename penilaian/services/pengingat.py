"""Reminders: the atasan's daily digest of submitted activities, the validators' and the
employees' reminders as a period's cut-off nears. Each is sent once per day or period and
person (the notification's key)."""

import datetime as dt

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ekinerja.models import Pegawai
from ekinerja.notifikasi import notifikasi_kirim, notifikasi_kirim_banyak
from ekinerja.selectors import atasan_map
from kinerja.models import Aktivitas, Periode

from .hitung import hari_wajib


def _validators_of(pending):
    """validator id -> how many of these pending activities wait for them: the person's
    atasan today, or whoever they were escalated to. `pending`: rows of pegawai_id,
    dieskalasi_ke_id and n."""
    atasan = atasan_map({row["pegawai_id"] for row in pending})
    counts = {}
    for row in pending:
        validator = row["dieskalasi_ke_id"] or atasan.get(row["pegawai_id"])
        if validator:
            counts[validator] = counts.get(validator, 0) + row["n"]
    return counts


def notifikasi_menunggu(*, day=None):
    """The atasan's daily digest (not one e-mail per activity): one notification per
    validator with activities submitted that day still waiting. Returns how many were
    made; running it again for the same day makes none."""
    day = day or timezone.localdate()
    pending = (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                        diajukan_pada__date=day)
               .values("pegawai_id", "dieskalasi_ke_id").annotate(n=Count("id")))
    counts = _validators_of(list(pending))
    people = Pegawai.objects.in_bulk(list(counts))
    made = 0
    for validator_id, n in counts.items():
        made += notifikasi_kirim(
            penerima=people[validator_id], jenis="aktivitas_menunggu", kunci=day.isoformat(),
            judul=_("%(n)s activities submitted today wait for your validation") % {"n": n},
            pesan=_("Activities your team submitted on %(date)s.")
            % {"date": f"{day:%d-%m-%Y}"}, tautan=reverse("validasi")) is not None
    return made


def notifikasi_batas_validasi(*, today=None, days=3):
    """A reminder, `days` before a period's cut-off, to each validator who still has
    activities of that period waiting. Once per period and person."""
    today = today or timezone.localdate()
    made = 0
    for periode in Periode.objects.filter(terkunci=False, cutoff__gte=today,
                                          cutoff__lte=today + dt.timedelta(days=days)):
        pending = (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                            tanggal__range=(periode.mulai, periode.selesai))
                   .values("pegawai_id", "dieskalasi_ke_id").annotate(n=Count("id")))
        counts = _validators_of(list(pending))
        people = Pegawai.objects.in_bulk(list(counts))
        for validator_id, n in counts.items():
            made += notifikasi_kirim(
                penerima=people[validator_id], jenis="batas_validasi",
                kunci=f"periode:{periode.pk}",
                judul=_("%(n)s activities wait for you; the cut-off is %(date)s")
                % {"n": n, "date": f"{periode.cutoff:%d-%m-%Y}"},
                pesan=_("What is not validated by then is escalated to your atasan."),
                tautan=reverse("validasi")) is not None
    return made


def notifikasi_batas_lapor(*, today=None, days=3):
    """A reminder, `days` before a period's cut-off, to each active employee whose period
    is not in order: working days (up to yesterday) with nothing reported, activities
    still in draft or returned to them, or activities their atasan has not validated yet.
    Once per period and person; grouped queries and a bulk insert, so a province costs a
    few queries per period."""
    today = today or timezone.localdate()
    made = 0
    for periode in Periode.objects.filter(terkunci=False, cutoff__gte=today,
                                          cutoff__lte=today + dt.timedelta(days=days)):
        end = min(periode.selesai, today - dt.timedelta(days=1))
        working = hari_wajib(periode, end)
        people = dict(Pegawai.objects.filter(aktif=True, unit__isnull=False)
                      .values_list("pk", "unit__hari_kerja"))
        per_person = {r["pegawai_id"]: r for r in (
            Aktivitas.objects.filter(pegawai_id__in=Pegawai.objects.filter(aktif=True),
                                     tanggal__range=(periode.mulai, periode.selesai))
            .values("pegawai_id")
            .annotate(
                hari5=Count("tanggal", distinct=True, filter=Q(
                    tanggal__in=working[5], status__in=Aktivitas.DILAPORKAN)),
                hari6=Count("tanggal", distinct=True, filter=Q(
                    tanggal__in=working[6], status__in=Aktivitas.DILAPORKAN)),
                belum=Count("id", filter=Q(status__in=[Aktivitas.Status.DRAFT,
                                                       Aktivitas.Status.DIKEMBALIKAN])),
                menunggu=Count("id", filter=Q(status=Aktivitas.Status.DIAJUKAN))))}
        isi = {}
        for pk, hk in people.items():
            row = per_person.get(pk, {})
            kosong = len(working[hk]) - row.get(f"hari{hk}", 0)
            belum, menunggu = row.get("belum", 0), row.get("menunggu", 0)
            if not (kosong or belum or menunggu):
                continue
            parts = []
            if kosong:
                parts.append(ngettext("%(n)s working day with nothing reported",
                                      "%(n)s working days with nothing reported", kosong)
                             % {"n": kosong})
            if belum:
                parts.append(ngettext("%(n)s activity in draft or returned to you, not yet "
                                      "submitted", "%(n)s activities in draft or returned to "
                                      "you, not yet submitted", belum) % {"n": belum})
            if menunggu:
                parts.append(ngettext("%(n)s activity not yet validated by your atasan",
                                      "%(n)s activities not yet validated by your atasan",
                                      menunggu) % {"n": menunggu})
            isi[pk] = (_("The cut-off of %(period)s is %(date)s") % {
                "period": periode, "date": f"{periode.cutoff:%d-%m-%Y}"},
                _("Your period is not complete: %(parts)s. What is not submitted and "
                  "validated by the cut-off does not count toward your score.")
                % {"parts": "; ".join(str(p) for p in parts)})
        made += notifikasi_kirim_banyak(
            jenis="batas_lapor", kunci=f"periode:{periode.pk}", isi=isi,
            tautan=reverse("aktivitas_bulan", args=[periode.mulai.year, periode.mulai.month]))
    return made
