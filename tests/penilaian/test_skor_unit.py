"""Unit figures roll up the tree: averages, rating distribution, reporting completion,
validation backlog."""

import datetime as dt

from django.utils import timezone

from ekinerja import kalender
from kinerja.models import Aktivitas
from kinerja.selectors import periode_of
from penilaian.models import Skor, SkorUnit
from penilaian.services import skor_hitung, skor_unit_hitung

from .test_skor_service import iki  # noqa: F401


def test_unit_rows_cover_their_subtree(iki, pegawai, atasan, kepala_a, bidang_a1,  # noqa: F811
                                       opd_a, instansi):
    periode = periode_of(timezone.localdate())
    days = kalender.working_days(periode.mulai.year, periode.mulai.month, 5)
    # Demo rows written directly: two reported working days, one of them still pending.
    for day, status in ((days[0], "disetujui"), (days[1], "diajukan")):
        Aktivitas.objects.create(pegawai=pegawai, tanggal=day, mulai=dt.time(8),
                                 selesai=dt.time(9), menit=60, uraian="Laporan",
                                 kategori="iki", iki=iki, output=5, status=status)
    skor_hitung(periode=periode)
    assert skor_unit_hitung(periode=periode, today=periode.selesai) >= 3
    bidang = SkorUnit.objects.get(unit=bidang_a1, periode=periode)
    opd = SkorUnit.objects.get(unit=opd_a, periode=periode)
    top = SkorUnit.objects.get(unit=instansi, periode=periode)
    scores = {s.pegawai_id: s for s in Skor.objects.filter(periode=periode)}
    assert bidang.jumlah_pegawai == 2 and opd.jumlah_pegawai == 3
    expected = (scores[pegawai.pk].skor_hasil + scores[atasan.pk].skor_hasil) / 2
    assert bidang.rata_skor_hasil == expected.quantize(bidang.rata_skor_hasil)
    assert (bidang.n_di_atas + bidang.n_sesuai + bidang.n_di_bawah) == 2
    assert bidang.hari_wajib == 2 * len(days) and bidang.hari_lapor == 2
    assert bidang.menunggu_validasi == 1 and opd.menunggu_validasi == 1
    assert top.jumlah_pegawai >= opd.jumlah_pegawai
    assert bidang.kelengkapan == round(100 * 2 / (2 * len(days)), 1)
    skor_unit_hitung(periode=periode, today=periode.selesai)
    assert SkorUnit.objects.filter(unit=bidang_a1, periode=periode).count() == 1
