"""Adoption monitoring (sosialisasi): who has never logged in, who has no approved SKP,
and what share of the working days people report on, per unit and week; and the list of
people to reach, to export or remind.

The weekly figures are AdopsiMinggu rows (computed nightly, set-based, each unit's row
covering its subtree), so the pages read a handful of rows whatever the province's size.
The list of people to reach is read live, a page at a time.
"""

import datetime as dt

from django.db import transaction
from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    OuterRef,
    Q,
)
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ekinerja import kalender
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.notifikasi import notifikasi_kirim_banyak

from .models import AdopsiMinggu, Aktivitas, Skp

MINGGU_GRAFIK = 8
HARI_TANPA_LAPORAN = 7  # "not reporting": nothing on any working day of the last 7 days

ALASAN = {
    "belum_login": gettext_lazy("Never logged in"),
    "tanpa_skp": gettext_lazy("No approved SKP this year"),
    "tidak_lapor": gettext_lazy("Nothing reported in the last 7 days"),
}


def senin(day):
    return day - dt.timedelta(days=day.weekday())


def _hari_kerja(start, end):
    """Working days from `start` to `end` for a 5- and a 6-day week."""
    holidays = kalender.holidays_between(start, end)
    days = [start + dt.timedelta(days=n) for n in range((end - start).days + 1)]
    return {hk: [d for d in days if d not in holidays and not kalender.is_weekend(d, hk)]
            for hk in (5, 6)}


@transaction.atomic
def adopsi_hitung(*, minggu, today=None):
    """The week starting on Monday `minggu`, up to yesterday: per unit and its subtree,
    active people, accounts never used, people without an approved SKP for the year,
    and reported against required person-days, in all and per working day. A grouped
    query per figure, then a sum over each unit's ancestors. Returns the rows written."""
    today = today or timezone.localdate()
    end = min(minggu + dt.timedelta(days=6), today - dt.timedelta(days=1))
    days = _hari_kerja(minggu, end) if end >= minggu else {5: [], 6: []}
    units = dict(UnitKerja.objects.values_list("pk", "path"))
    acc = {}

    def add(unit_id, **values):
        for ancestor in (int(i) for i in units[unit_id].strip("/").split("/") if i):
            row = acc.setdefault(ancestor, {**dict.fromkeys(
                ("aktif", "belum_login", "tanpa_skp", "lapor", "wajib"), 0), "hari": {}})
            for key, value in values.items():
                if key == "hari":  # {day: (reported, required)}
                    for day, (lapor, wajib) in value.items():
                        pair = row["hari"].setdefault(day, [0, 0])
                        pair[0] += lapor
                        pair[1] += wajib
                else:
                    row[key] += value

    approved = Skp.objects.filter(pegawai=OuterRef("pk"), tahun__tahun=minggu.year,
                                  status=Skp.Status.DISETUJUI)
    for row in (Pegawai.objects.filter(aktif=True, unit__isnull=False)
                .annotate(skp=Exists(approved)).values("unit_id", "unit__hari_kerja")
                .annotate(n=Count("id"), login=Count("id", filter=Q(last_login__isnull=True)),
                          skp=Count("id", filter=Q(skp=False)))):
        working = days[row["unit__hari_kerja"]]
        add(row["unit_id"], aktif=row["n"], belum_login=row["login"], tanpa_skp=row["skp"],
            wajib=row["n"] * len(working),
            hari={d.isoformat(): (0, row["n"]) for d in working})
    for hk, working in days.items():
        if not working:
            continue
        for row in (Aktivitas.objects.filter(tanggal__in=working, pegawai__aktif=True,
                                             pegawai__unit__hari_kerja=hk,
                                             status__in=Aktivitas.DILAPORKAN)
                    .values("pegawai__unit_id", "tanggal")
                    .annotate(n=Count("pegawai_id", distinct=True))):
            add(row["pegawai__unit_id"], lapor=row["n"],
                hari={row["tanggal"].isoformat(): (row["n"], 0)})
    now = timezone.now()
    rows = [AdopsiMinggu(unit_id=uid, minggu=minggu, pegawai_aktif=a["aktif"],
                         belum_login=a["belum_login"], tanpa_skp=a["tanpa_skp"],
                         hari_lapor=a["lapor"], hari_wajib=a["wajib"],
                         per_hari=dict(sorted(a["hari"].items())), dihitung_pada=now)
            for uid, a in acc.items()]
    AdopsiMinggu.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["unit", "minggu"],
        update_fields=["pegawai_aktif", "belum_login", "tanpa_skp", "hari_lapor",
                       "hari_wajib", "per_hari", "dihitung_pada"], batch_size=2000)
    return len(rows)


def adopsi_hitung_malam(*, today=None):
    """Nightly: this week so far, and last week once more (late reports and logins)."""
    today = today or timezone.localdate()
    this = senin(today - dt.timedelta(days=1))
    return sum(adopsi_hitung(minggu=m, today=today)
               for m in (this - dt.timedelta(days=7), this))


def ringkasan(unit):
    """The unit's weeks (newest last, at most MINGGU_GRAFIK) and its sub-units' figures of
    the newest week: two queries."""
    weeks = list(AdopsiMinggu.objects.filter(unit=unit).order_by("-minggu")
                 [:MINGGU_GRAFIK])[::-1]
    latest = weeks[-1] if weeks else None
    anak = []
    if latest is not None:
        anak = list(AdopsiMinggu.objects.filter(unit__parent=unit, minggu=latest.minggu)
                    .select_related("unit").order_by("unit__nama"))
    return {"minggu": weeks, "terbaru": latest, "anak": anak,
            "grafik": {"adopsi": [[f"{w.minggu:%d-%m}", w.persen_lapor] for w in weeks]}}


def jangkau(unit, *, alasan=None, today=None):
    """Active people of the unit's subtree to reach, each annotated with why: never logged
    in, no approved SKP this year, nothing reported on the last 7 days' working days.
    `alasan`: only that reason."""
    today = today or timezone.localdate()
    approved = Skp.objects.filter(pegawai=OuterRef("pk"), tahun__tahun=today.year,
                                  status=Skp.Status.DISETUJUI)
    reported = Aktivitas.objects.filter(
        pegawai=OuterRef("pk"), tanggal__gte=today - dt.timedelta(days=HARI_TANPA_LAPORAN),
        tanggal__lt=today, status__in=Aktivitas.DILAPORKAN)
    people = (Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path)
              .annotate(belum_login=ExpressionWrapper(Q(last_login__isnull=True),
                                                      output_field=BooleanField()),
                        tanpa_skp=~Exists(approved), tidak_lapor=~Exists(reported))
              .select_related("unit"))
    if alasan in ALASAN:
        people = people.filter(**{alasan: True})
    else:
        people = people.filter(Q(belum_login=True) | Q(tanpa_skp=True) | Q(tidak_lapor=True))
    return people.order_by("unit__path", "nama", "pk")


def alasan_teks(person):
    return "; ".join(str(label) for key, label in ALASAN.items() if getattr(person, key))


def ingatkan(*, unit, alasan, actor, today=None):
    """Notify everyone `jangkau` lists (once per person, reason and day), audited. Returns
    how many were notified."""
    today = today or timezone.localdate()
    pesan = {
        "belum_login": _("You have not logged in to e-kinerja yet. Log in with your NIP; "
                         "your admin can give you a password."),
        "tanpa_skp": _("Your SKP for this year is not approved yet. Complete it and submit "
                       "it to your atasan."),
        "tidak_lapor": _("You have not reported your daily work in the last few days. Log "
                         "each working day's activities so they count toward your score."),
    }
    isi = {}
    for person in jangkau(unit, alasan=alasan, today=today).iterator(chunk_size=2000):
        lines = [pesan[key] for key in ALASAN if getattr(person, key)
                 and (alasan not in ALASAN or key == alasan)]
        isi[person.pk] = (_("A reminder from %(unit)s") % {"unit": unit.nama}, " ".join(lines))
    made = notifikasi_kirim_banyak(jenis="adopsi_pengingat",
                                   kunci=f"{today:%Y-%m-%d}:{alasan or 'semua'}", isi=isi,
                                   tautan="/")
    audit_record(actor=actor, action="adopsi.ingatkan", target=unit,
                 after={"alasan": alasan or "semua", "jumlah": made})
    return made
