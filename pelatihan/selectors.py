"""Reads of training records, shaped for the pages."""

from django.conf import settings
from django.db.models import Sum
from django.db.models.functions import ExtractYear

from ekinerja.access import admin_scope
from ekinerja.models import Pegawai
from ekinerja.selectors import bawahan_ids

from .models import Partisipasi


def hak_jp(pegawai):
    """The yearly JP right: at least JP_HAK_PNS for PNS and CPNS, up to JP_HAK_PPPK for
    PPPK (their right is a ceiling: JP above it do not count)."""
    return settings.JP_HAK_PPPK if pegawai.jenis == Pegawai.Jenis.PPPK else \
        settings.JP_HAK_PNS


def jp_per_tahun(pegawai):
    """Verified JP per year (the year a training ended), classical and non-classical, with
    the right and what is still missing. One grouped query."""
    hak = hak_jp(pegawai)
    years = {}
    for row in (Partisipasi.objects.filter(pegawai=pegawai,
                                           status=Partisipasi.Status.TERVERIFIKASI)
                .annotate(tahun=ExtractYear("selesai"))
                .values("tahun", "jalur__klasikal").annotate(jp=Sum("jp_diakui"))):
        year = years.setdefault(row["tahun"], {"tahun": row["tahun"], "klasikal": 0,
                                               "nonklasikal": 0})
        year["klasikal" if row["jalur__klasikal"] else "nonklasikal"] += row["jp"] or 0
    for year in years.values():
        total = year["klasikal"] + year["nonklasikal"]
        counted = min(total, hak) if pegawai.jenis == Pegawai.Jenis.PPPK else total
        year.update(total=total, dihitung=counted, hak=hak, kurang=max(0, hak - counted),
                    persen=min(100, round(100 * counted / hak)))
    return years


def jp_tahun(pegawai, tahun):
    hak = hak_jp(pegawai)
    return jp_per_tahun(pegawai).get(tahun, {
        "tahun": tahun, "klasikal": 0, "nonklasikal": 0, "total": 0, "dihitung": 0,
        "hak": hak, "kurang": hak, "persen": 0})


def antrean_verifikasi(user):
    """Claims waiting for this user: classical ones of people in their admin scope, and
    non-classical ones of their team (the atasan confirms those)."""
    scope = admin_scope(user)
    waiting = Partisipasi.objects.filter(status=Partisipasi.Status.DIAJUKAN).exclude(
        pegawai=user)
    mine = waiting.filter(jalur__klasikal=False, pegawai_id__in=bawahan_ids(user))
    if scope is not None:
        mine = mine | waiting.filter(jalur__klasikal=True,
                                     pegawai__unit__path__startswith=scope.path)
    return (mine.select_related("pegawai__unit", "jalur", "kegiatan")
            .order_by("dibuat")[:200])
