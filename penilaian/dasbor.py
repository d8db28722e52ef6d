"""The dashboards' figures: one person's month, scores and predikat history, and their
team's validation backlog, reporting, predikat and plans. Each reads grouped queries; the
counts do not grow with the team (tests pin them)."""

import datetime as dt

from django.db.models import Count, Min, Q
from django.utils import timezone

from ekinerja import kalender
from ekinerja.models import Pegawai
from kinerja.models import Aktivitas, Iki, Skp
from kinerja.selectors import bulan_ringkasan, periode_of

from .models import Evaluasi, Skor
from .predikat import Predikat


def pegawai_dasbor(pegawai):
    """The employee's own dashboard."""
    from pelatihan.selectors import jp_tahun

    today = timezone.localdate()
    bulan = bulan_ringkasan(pegawai=pegawai, year=today.year, month=today.month)
    skor = list(Skor.objects.filter(pegawai=pegawai, tahun__tahun=today.year)
                .select_related("periode__tahun", "tahun").order_by("nomor"))
    predikat = dict(Evaluasi.objects.filter(pegawai=pegawai, tahun__tahun=today.year)
                    .exclude(status=Evaluasi.Status.DRAFT).values_list("nomor", "predikat"))
    labels = dict(Predikat.choices)
    history = [{"skor": s, "label": str(s.label), "hasil": s.skor_hasil,
                "predikat": labels.get(predikat.get(s.nomor), "")} for s in skor if s.nomor]
    periode = periode_of(today)
    current = next((s for s in skor if periode and s.periode_id == periode.pk), None)
    lines = current.baris_iki() if current else []
    names = dict(Iki.objects.filter(pk__in=[line["iki"] for line in lines])
                 .values_list("pk", "nama"))
    capaian = [{"nama": names.get(line["iki"], ""), "capaian": line["capaian"]}
               for line in lines]
    status = dict(Aktivitas.objects.filter(pegawai=pegawai, status__in=[
        Aktivitas.Status.DIAJUKAN, Aktivitas.Status.DIKEMBALIKAN]).values_list("status")
        .annotate(n=Count("id")).values_list("status", "n"))
    return {"bulan": bulan, "history": history, "current": current, "capaian": capaian,
            "menunggu": status.get(Aktivitas.Status.DIAJUKAN, 0),
            "dikembalikan": status.get(Aktivitas.Status.DIKEMBALIKAN, 0),
            "jp": jp_tahun(pegawai, today.year),
            "chart": {"bulan": {"disetujui": bulan["totals"]["disetujui"],
                                "diajukan": bulan["totals"]["diajukan"],
                                "target": bulan["target"]},
                      "riwayat": [[h["label"], float(h["hasil"]) if h["hasil"] is not None
                                   else None] for h in history],
                      "capaian": [[c["nama"][:40], float(c["capaian"])
                                   if c["capaian"] is not None else None]
                                  for c in capaian]}}


HARI_LALU = 7


def _hari_kosong(people, today):
    """People with working days in the last week (before today) on which they reported
    nothing, most days first: [(person, days)]."""
    start = today - dt.timedelta(days=HARI_LALU)
    holidays = kalender.holidays_between(start, today)
    days = [start + dt.timedelta(days=n) for n in range(HARI_LALU)]
    reported = {}
    for pegawai_id, day in (Aktivitas.objects.filter(pegawai_id__in=people,
                                                     tanggal__range=(start, days[-1]),
                                                     status__in=Aktivitas.DILAPORKAN)
                            .values_list("pegawai_id", "tanggal").distinct()):
        reported.setdefault(pegawai_id, set()).add(day)
    rows = []
    for pk, person in people.items():
        week = person.unit.hari_kerja if person.unit_id else 5
        empty = [d for d in days if d not in holidays and not kalender.is_weekend(d, week)
                 and d not in reported.get(pk, ())]
        if empty:
            rows.append((person, len(empty)))
    return sorted(rows, key=lambda r: (-r[1], r[0].nama))


def tim_dasbor(team_ids):
    """The atasan's view of their team: backlog by person and age, who has not reported
    today (on a working day) or left days empty in the last week, the latest period's
    predikat, SKP status, JP compliance."""
    from pelatihan.selectors import kepatuhan

    today = timezone.localdate()
    people = {p.pk: p for p in Pegawai.objects.filter(pk__in=team_ids, aktif=True)
              .select_related("unit")}
    backlog = list(Aktivitas.objects.filter(pegawai_id__in=people,
                                            status=Aktivitas.Status.DIAJUKAN)
                   .values("pegawai_id").annotate(n=Count("id"), tertua=Min("tanggal"))
                   .order_by("tertua"))
    for row in backlog:
        row["pegawai"] = people[row["pegawai_id"]]
        row["umur"] = (today - row["tertua"]).days
    reported = set(Aktivitas.objects.filter(pegawai_id__in=people, tanggal=today)
                   .values_list("pegawai_id", flat=True))
    working = today not in kalender.holidays_between(today, today)
    belum_lapor = [p for pk, p in people.items() if pk not in reported
                   and working and not kalender.is_weekend(today, p.unit.hari_kerja
                                                           if p.unit_id else 5)]
    kosong = _hari_kosong(people, today)
    periode = periode_of(today - dt.timedelta(days=31)) or periode_of(today)
    distribusi = dict(Evaluasi.objects.filter(pegawai_id__in=people, periode=periode)
                      .exclude(status=Evaluasi.Status.DRAFT).values_list("predikat")
                      .annotate(n=Count("id")).values_list("predikat", "n")) \
        if periode else {}
    skp = Skp.objects.filter(pegawai_id__in=people, tahun__tahun=today.year).aggregate(
        disetujui=Count("id", filter=Q(status=Skp.Status.DISETUJUI)),
        diajukan=Count("id", filter=Q(status=Skp.Status.DIAJUKAN)),
        ada=Count("pegawai", distinct=True))
    jp = kepatuhan(Pegawai.objects.filter(pk__in=people), today.year).aggregate(
        patuh=Count("id", filter=Q(jp_kurang=0)))
    labels = dict(Predikat.choices)
    return {"backlog": backlog, "belum_lapor": sorted(belum_lapor, key=lambda p: p.nama),
            "hari_kosong": kosong, "jp_patuh": jp["patuh"],
            "periode": periode, "jumlah": len(people),
            "distribusi": [(labels[k], distribusi.get(k, 0)) for k in Predikat.values],
            "skp": {**skp, "tanpa": len(people) - skp["ada"]},
            "chart": {"distribusi": [[str(labels[k]), distribusi.get(k, 0)]
                                     for k in Predikat.values]}}
