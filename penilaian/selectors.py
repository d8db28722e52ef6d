"""Reads of the appraisal pages, shaped for them."""

from django.db.models import Q
from django.utils.translation import gettext as _

from kinerja.berakhlak import BERAKHLAK
from kinerja.models import Aktivitas
from kinerja.selectors import validasi_pegawai_ids
from pelatihan.kompetensi import HASIL_KERJA

from .anomali import anomali_for
from .models import Evaluasi
from .predikat import Rating

# A page of the oldest: a team of 30 reports about 90 activities a day; more than a page
# waits for the next (the page says so). 100 rows are about 180 KB of HTML on a phone.
ANTREAN_MAKS = 100


def antrean_validasi(user, *, limit=ANTREAN_MAKS):
    """The user's validation queue: submitted activities of the people they validate,
    oldest day first, grouped by day and person, each with its anomalies
    (penilaian.anomali). A constant number of queries, whatever the team's size. Returns
    (groups, more_waiting, newest id)."""
    rows = list(_menunggu(user)
                .select_related("pegawai__jabatan", "iki", "uraian_tugas")
                .prefetch_related("bukti")
                .order_by("tanggal", "pegawai__nama", "pegawai_id", "mulai")[:limit + 1])
    more, rows = len(rows) > limit, rows[:limit]
    anomalies = anomali_for(rows)
    groups, current = [], None
    for a in rows:
        if current is None or (current["tanggal"], current["pegawai"].pk) != (a.tanggal,
                                                                              a.pegawai_id):
            current = {"tanggal": a.tanggal, "pegawai": a.pegawai, "items": [], "menit": 0,
                       "anomali": 0}
            groups.append(current)
        reasons = anomalies.get(a.pk, [])
        current["items"].append({"aktivitas": a, "anomali": reasons})
        current["menit"] += a.menit
        current["anomali"] += bool(reasons)
    return groups, more, max((a.pk for a in rows), default=0)


def _menunggu(user):
    """Pending activities this user validates: their team's, and those escalated to them
    at a cut-off."""
    return (Aktivitas.objects.filter(Q(pegawai_id__in=validasi_pegawai_ids(user))
                                     | Q(dieskalasi_ke=user), status=Aktivitas.Status.DIAJUKAN)
            .exclude(pegawai=user))


def validasi_terakhir(user, *, limit=20):
    """What this user validated lately and may still undo while the period is open: of
    the people they validate now (or escalated to them)."""
    return (Aktivitas.objects.filter(Q(pegawai_id__in=validasi_pegawai_ids(user))
                                     | Q(dieskalasi_ke=user), divalidasi_oleh=user,
                                     status__in=[Aktivitas.Status.DISETUJUI,
                                                 Aktivitas.Status.DITOLAK])
            .select_related("pegawai").order_by("-divalidasi_pada")[:limit])


def antrean_baru_count(user, *, sejak):
    return _menunggu(user).filter(pk__gt=sejak).count()


def menunggu_untuk(user):
    """The pending activities this user may validate (for bulk approval)."""
    return _menunggu(user)


def kesenjangan_penilaian(pegawai, tahun):
    """The gaps an appraisal showed, for the development plan (pelatihan asks through its
    registry): hasil kerja or a BerAKHLAK value rated below expectation in a finished
    evaluation of the plan's year or the year before, each once, from its latest
    evaluation. Two queries."""
    evaluations = (Evaluasi.objects.filter(pegawai=pegawai, tahun__tahun__in=[tahun - 1, tahun])
                   .exclude(status=Evaluasi.Status.DRAFT)
                   .select_related("tahun", "periode__tahun").prefetch_related("perilaku_set"))
    latest_first = sorted(evaluations, key=lambda e: (e.tahun.tahun, e.nomor or 99),
                          reverse=True)
    gaps = {}
    for e in latest_first:
        if e.rating_hasil == Rating.DI_BAWAH and HASIL_KERJA not in gaps:
            gaps[HASIL_KERJA] = {"kunci": HASIL_KERJA, "nama": _("Hasil kerja"),
                                 "sumber": e.label, "umpan_balik": ""}
        for p in e.perilaku_set.all():
            if p.rating == Rating.DI_BAWAH and p.nilai not in gaps:
                gaps[p.nilai] = {"kunci": p.nilai, "nama": BERAKHLAK[p.nilai][0],
                                 "sumber": e.label, "umpan_balik": p.umpan_balik}
    return list(gaps.values())
