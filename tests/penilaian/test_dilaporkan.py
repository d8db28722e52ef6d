"""One meaning of "reported" (submitted or approved) in every figure: a person with only a
draft has not reported on /pantau/ (completion, days reported), on /adopsi/ (weekly share,
the people to reach) or in the atasan's dashboard; a submitted day counts everywhere."""

import datetime as dt

from kinerja.adopsi import adopsi_hitung, jangkau, senin
from kinerja.models import AdopsiMinggu, Aktivitas
from kinerja.selectors import periode_of
from penilaian import pantau
from penilaian.models import SkorUnit
from penilaian.services import skor_unit_hitung

from .helpers import done


def test_a_draft_is_not_a_report_anywhere(tahun, pegawai, atasan, bidang_a1, hari_lapor):
    day = hari_lapor
    periode = periode_of(day)
    done(pegawai, None, day, 8, 1, status="draft")
    done(atasan, None, day, 8, 1, status="diajukan")
    today = day + dt.timedelta(days=1)
    skor_unit_hitung(periode=periode, today=today)
    unit = SkorUnit.objects.get(periode=periode, unit=bidang_a1)
    assert unit.hari_lapor == 1  # the atasan's submitted day only
    people = {p.pk: p.hari_lapor for p in pantau.orang(bidang_a1, periode)}
    assert (people[pegawai.pk], people[atasan.pk]) == (0, 1)
    to_reach = {p.pk for p in jangkau(bidang_a1, alasan="tidak_lapor", today=today)}
    assert pegawai.pk in to_reach and atasan.pk not in to_reach
    adopsi_hitung(minggu=senin(day), today=today)
    week = AdopsiMinggu.objects.get(unit=bidang_a1, minggu=senin(day))
    assert week.hari_lapor == 1  # person-days reported: the atasan's only
    Aktivitas.objects.filter(pegawai=pegawai).update(status="diajukan")
    skor_unit_hitung(periode=periode, today=today)
    assert SkorUnit.objects.get(periode=periode, unit=bidang_a1).hari_lapor == 2
    assert pegawai.pk not in {p.pk for p in jangkau(bidang_a1, alasan="tidak_lapor",
                                                    today=today)}
