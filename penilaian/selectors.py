"""Reads of the appraisal pages, shaped for them: the validation queue, scores and their
explanation, evaluations, the curve's limits, recompute runs, service units and their IKM,
and the gaps an appraisal showed (for pelatihan's development plan). Who may see a record
is penilaian.access; these functions read what they are given."""

from decimal import Decimal

from django.core.paginator import Paginator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from kinerja.berakhlak import BERAKHLAK
from kinerja.models import (
    Aktivitas,
    Iki,
    Periode,
    RealisasiManual,
    Skp,
    TahunKinerja,
    TargetPeriode,
)
from kinerja.selectors import validasi_pegawai_ids
from pelatihan.kompetensi import HASIL_KERJA

from . import ikm
from .anomali import anomali_for
from .models import (
    AngkaKredit,
    AturanAngkaKredit,
    BatasKurva,
    Evaluasi,
    NilaiIKM,
    PakAwal,
    ResponSurvei,
    Skor,
    SkorUnit,
    SyaratJenjang,
    TugasHitung,
    UnitLayanan,
)
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


def menunggu_dipilih(user, ids):
    """Of the activities chosen for a bulk approval, those waiting for this user, in the
    order they are approved."""
    return list(menunggu_untuk(user).filter(pk__in=ids)
                .select_related("pegawai__unit", "iki", "uraian_tugas")
                .prefetch_related("bukti").order_by("tanggal", "mulai"))


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


# --- scores -----------------------------------------------------------------------------

CENT = Decimal("0.01")


def skor_saya(user):
    """The user's own scores, the latest year first."""
    return (Skor.objects.filter(pegawai=user).select_related("periode", "tahun")
            .order_by("-tahun__tahun", "nomor"))


def skor_rincian(skor):
    """Everything a score was computed from, as stored with it: per SKP and IKI the
    realisation, target, capaian and weight (`groups`), and either the year's period
    scores (`periods`) or the approved activities counted (`activities`)."""
    skp_rows = skor.baris_skp()
    iki = Iki.objects.in_bulk([line["iki"] for s in skp_rows for line in s["iki"]])
    skps = Skp.objects.select_related("jabatan", "unit").in_bulk([s["skp"] for s in skp_rows])
    groups = []
    for s in skp_rows:
        lines = []
        for line in s["iki"]:
            kontribusi = None
            if line["utama"]:
                kontribusi = ((line["capaian"] or 0) * line["bobot"] / 100).quantize(CENT)
            lines.append({**line, "iki": iki.get(line["iki"]), "kontribusi": kontribusi})
        lines.sort(key=lambda x: (not x["utama"], x["iki"].pk if x["iki"] else 0))
        groups.append({**s, "skp": skps.get(s["skp"]), "lines": lines})
    rincian = {"groups": groups, "gabungan": len(groups) > 1}
    if skor.tahunan:
        rincian["periods"] = (Skor.objects.filter(pegawai=skor.pegawai, tahun=skor.tahun)
                              .exclude(nomor=Skor.TAHUNAN).select_related("periode")
                              .order_by("nomor"))
    else:
        rincian["activities"] = (Aktivitas.objects.filter(
            pegawai=skor.pegawai, status=Aktivitas.Status.DISETUJUI,
            tanggal__range=(skor.periode.mulai, skor.periode.selesai))
            .select_related("iki").order_by("tanggal", "mulai"))
    return rincian


def realisasi_manual_of(iki, periode):
    """The realisation entered by hand for an IKI and period, or None."""
    return RealisasiManual.objects.filter(iki=iki, periode=periode).first()


def target_periode_of(iki, periode):
    """An IKI's target for the period, or None."""
    return TargetPeriode.objects.filter(iki=iki, periode=periode).values_list(
        "target", flat=True).first()


def skor_unit_terbaru(scope, *, limit=100):
    """The OPDs' figures in an admin's scope, the latest period first."""
    return (SkorUnit.objects.filter(unit__path__startswith=scope.path,
                                    unit__jenis__in=UnitKerja.OPD_KINDS)
            .select_related("unit", "periode__tahun").order_by("-periode__mulai", "unit__nama")
            [:limit])


def tugas_terbaru(scope, *, limit=10):
    """The latest recompute runs of units in an admin's scope."""
    return TugasHitung.objects.filter(unit__path__startswith=scope.path).select_related(
        "periode__tahun", "unit", "dibuat_oleh")[:limit]


# --- evaluations ------------------------------------------------------------------------


def tahun_berjalan():
    """This year's performance year, or None."""
    return TahunKinerja.objects.filter(tahun=timezone.localdate().year).first()


def tahun_dari(year):
    """The performance year `year`, or None."""
    return TahunKinerja.objects.filter(tahun=year).first()


def rentang_evaluasi(tahun):
    """What can be evaluated in a year: each period that has started, then the year."""
    today = timezone.localdate()
    periods = [p for p in Periode.objects.filter(tahun=tahun).select_related("tahun")
               .order_by("nomor") if p.mulai <= today]
    return [(p.nomor, str(p)) for p in periods] + [(0, _("Year %(year)s")
                                                    % {"year": tahun.tahun})]


def tim_evaluasi(ids, tahun, nomor):
    """(person, their evaluation of the range or None) for the people `ids`, by name."""
    people = Pegawai.objects.filter(pk__in=ids).select_related("jabatan").order_by("nama")
    done = {e.pegawai_id: e for e in Evaluasi.objects.filter(pegawai_id__in=ids, tahun=tahun,
                                                             nomor=nomor)}
    return [(p, done.get(p.pk)) for p in people]


def evaluasi_of(pegawai, tahun, nomor):
    """A person's evaluation of a range (0: the year) with its rows, or None."""
    return (Evaluasi.objects.select_related("tahun", "periode")
            .prefetch_related("rhk_set__rhk", "perilaku_set")
            .filter(pegawai=pegawai, tahun=tahun, nomor=nomor).first())


def capaian_per_rhk(evaluasi):
    """Per RHK the IKIs with their realisation, target and capaian from the score."""
    skor = Skor.objects.filter(pegawai=evaluasi.pegawai_id, tahun=evaluasi.tahun_id,
                               nomor=evaluasi.nomor).first()
    lines = {line["iki"]: line for line in skor.baris_iki()} if skor else {}
    per_rhk = {}
    for iki in Iki.objects.filter(rhk__in=[r.rhk_id for r in evaluasi.rhk_set.all()]):
        per_rhk.setdefault(iki.rhk_id, []).append((iki, lines.get(iki.pk)))
    return per_rhk


def evaluasi_saya(user):
    """The user's own evaluations that are no longer drafts."""
    return (Evaluasi.objects.filter(pegawai=user)
            .exclude(status=Evaluasi.Status.DRAFT).select_related("tahun", "periode"))


# --- the distribution curve ---------------------------------------------------------------


def batas_kurva_semua():
    """Every limit of the curve (a fresh queryset: the page lists them, the formset edits
    them)."""
    return BatasKurva.objects.all()


# --- service units and their IKM ---------------------------------------------------------


def unit_layanan_daftar(scope):
    """The service units in an admin's scope, by unit."""
    return (UnitLayanan.objects.filter(unit__path__startswith=scope.path)
            .select_related("unit").order_by("unit__path", "nama"))


def ikm_terbaru(scope, units):
    """(the service units `units`, each with its latest IKM as `nilai`; the latest IKM of
    each OPD in `scope`, by name)."""
    units = list(units.select_related("unit").order_by("unit__path", "nama"))
    latest = {}
    for nilai in (NilaiIKM.objects.filter(unit_layanan__in=units)
                  .select_related("periode").order_by("periode__mulai")):
        latest[nilai.unit_layanan_id] = nilai
    for unit in units:
        unit.nilai = latest.get(unit.pk)
    opd = {}
    for nilai in (NilaiIKM.objects.filter(unit_layanan__isnull=True,
                                          unit__path__startswith=scope.path)
                  .select_related("periode", "unit").order_by("periode__mulai")):
        opd[nilai.unit_id] = nilai
    return units, sorted(opd.values(), key=lambda n: n.unit.nama)


def ikm_tren(unit_layanan):
    """A service unit's IKM per period, oldest first."""
    return list(NilaiIKM.objects.filter(unit_layanan=unit_layanan).select_related("periode")
                .order_by("periode__mulai"))


def komentar_halaman(unit_layanan, halaman, *, per_halaman=30):
    """One page of the comments of the valid answers, newest first."""
    return Paginator(ResponSurvei.objects.filter(unit_layanan=unit_layanan, batal=False)
                     .exclude(komentar="").select_related("layanan").order_by("-dibuat"),
                     per_halaman).get_page(halaman)


def iki_terhubung(unit_layanan):
    """The IKIs whose realisation is this service unit's IKM, with their owners."""
    return unit_layanan.iki_set.select_related("iki__rhk__skp__pegawai")


def iki_pilihan_get(pegawai, unit_layanan, tahun, pk):
    """One of the IKIs `pegawai` may link to the service unit's IKM (`ikm.iki_pilihan`),
    or None."""
    if not (pk or "").isdigit():
        return None
    return ikm.iki_pilihan(pegawai, unit_layanan, tahun).filter(pk=pk or 0).first()


def _refused_first():
    from django.db.models import Case, IntegerField, Value, When

    return Case(When(status="ditolak", then=Value(0)), When(status="menunggu", then=Value(1)),
                default=Value(2), output_field=IntegerField())


def kirim_siasn_list():
    """Results sent to SIASN: refused first, then waiting, then sent; newest first."""
    from .models import KirimSiasn

    return (KirimSiasn.objects.select_related("evaluasi__pegawai", "evaluasi__tahun",
                                              "evaluasi__periode")
            .order_by(_refused_first(), "-diubah", "pk"))


def kirim_angka_kredit_list():
    """Years of angka kredit sent to SIASN, in the same order."""
    from .models import KirimAngkaKredit

    return (KirimAngkaKredit.objects.select_related("pegawai", "tahun")
            .order_by(_refused_first(), "-diubah", "pk"))


# --- angka kredit ----------------------------------------------------------------------------


def fungsional_di(unit):
    """The active people in a functional post in a unit's subtree, by unit and name."""
    return (Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path,
                                   jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
            .select_related("jabatan", "unit").order_by("unit__path", "nama"))


def angka_kredit_rincian(pegawai):
    """A person's conversions, year by year, with their inputs."""
    return list(AngkaKredit.objects.filter(pegawai=pegawai)
                .select_related("tahun", "evaluasi", "aturan", "jabatan"))


def riwayat_jabatan_of(pegawai):
    return list(RiwayatJabatan.objects.filter(pegawai=pegawai).select_related("jabatan"))


def pak_awal_of(pegawai):
    return list(PakAwal.objects.filter(pegawai=pegawai))


def syarat_jenjang_of(pegawai):
    """What BKD recorded of the level's other conditions (a new, unsaved record if none)."""
    return SyaratJenjang.objects.filter(pegawai=pegawai).first() or \
        SyaratJenjang(pegawai=pegawai)


def aturan_angka_kredit_list():
    return list(AturanAngkaKredit.objects.prefetch_related("persen_set", "koefisien_set"))


# --- dialog kinerja ----------------------------------------------------------------------------


def _dialog_terlihat(user):
    """The dialogues `user` may read: theirs (either side), and those an atasan of their
    people shared (access.may_view_dialog, as a filter)."""
    from ekinerja.selectors import bawahan_ids

    where = Q(pegawai=user) | Q(atasan=user)
    team = bawahan_ids(user)
    if team:
        where |= Q(dibagikan=True, atasan_id__in=team)
    return where


def dialog_daftar(user, year):
    """The year's dialogues `user` may read, newest first, with the count of open actions
    (one query)."""
    from django.db.models import Count

    from .models import Dialog

    return (Dialog.objects.filter(_dialog_terlihat(user), tanggal__year=year)
            .select_related("pegawai", "atasan")
            .annotate(aksi_terbuka=Count("aksi_set", filter=Q(
                aksi_set__ditutup_pada__isnull=True)))
            .order_by("-tanggal", "-pk"))


def dialog_jatuh_tempo(atasan, today):
    """The people `atasan` supervises with no dialogue held this quarter yet: each with the
    date of the last one held and of one planned ahead this quarter (two queries once the
    team's ids are cached)."""
    from django.db.models import Max, Min

    from ekinerja.selectors import bawahan_ids

    from .dialog import triwulan
    from .models import Dialog

    start, end, _q = triwulan(today)
    ids = bawahan_ids(atasan)
    team = list(Pegawai.objects.filter(pk__in=ids).select_related("jabatan")
                .order_by("nama")) if ids else []
    rows = {r["pegawai_id"]: r for r in Dialog.objects.filter(pegawai_id__in=ids).values(
        "pegawai_id").annotate(
        terakhir=Max("tanggal", filter=Q(tanggal__lte=today)),
        rencana=Min("tanggal", filter=Q(tanggal__gt=today, tanggal__lte=end)))}
    due = []
    for person in team:
        row = rows.get(person.pk, {})
        if not row.get("terakhir") or row["terakhir"] < start:
            due.append({"pegawai": person, "terakhir": row.get("terakhir"),
                        "rencana": row.get("rencana")})
    return due


def agenda_dialog(dialog):
    """What the dialogue goes through: the employee's approved SKP of its year (each RHK
    with its IKIs' live capaian from the year's score, the BerAKHLAK expectations), the
    actions carried from earlier dialogues of the same pair (open, or closed in this one;
    a new atasan does not inherit the old one's private agenda) and its own actions."""
    from kinerja.berakhlak import BERAKHLAK

    from .models import AksiDialog

    year = dialog.tanggal.year
    skp = (Skp.objects.filter(pegawai_id=dialog.pegawai_id, tahun__tahun=year,
                              status=Skp.Status.DISETUJUI)
           .prefetch_related("rhk__iki", "perilaku").order_by("-pk").first())
    rhk, perilaku = [], []
    if skp is not None:
        skor = Skor.objects.filter(pegawai_id=dialog.pegawai_id, tahun=skp.tahun_id,
                                   nomor=0).first()
        lines = {line["iki"]: line for line in skor.baris_iki()} if skor else {}
        rhk = [(r, [(iki, lines.get(iki.pk)) for iki in r.iki.all()]) for r in skp.rhk.all()]
        perilaku = [(BERAKHLAK[p.nilai][0], p.ekspektasi_khusus) for p in skp.perilaku.all()]
    earlier = (AksiDialog.objects.filter(dialog__pegawai_id=dialog.pegawai_id,
                                         dialog__atasan_id=dialog.atasan_id)
               .exclude(dialog=dialog)
               .filter(Q(dialog__tanggal__lt=dialog.tanggal)
                       | Q(dialog__tanggal=dialog.tanggal, dialog__pk__lt=dialog.pk))
               .filter(Q(ditutup_pada__isnull=True) | Q(ditutup_di=dialog))
               .select_related("dialog", "pemilik"))
    return {"skp": skp, "rhk": rhk, "perilaku": perilaku, "aksi_lama": list(earlier),
            "aksi": list(dialog.aksi_set.select_related("pemilik", "ditutup_di"))}


def dialog_tahun(pegawai, tahun, user):
    """The year's dialogues of a person that `user` may read (the evaluation shows them)."""
    from .models import Dialog

    return list(Dialog.objects.filter(_dialog_terlihat(user), pegawai=pegawai,
                                      tanggal__year=tahun.tahun)
                .select_related("atasan").order_by("tanggal"))


# --- calibration ---------------------------------------------------------------------------


def sesi_kalibrasi_tahun(year):
    """The year's calibration sessions, by unit."""
    from .models import SesiKalibrasi

    return list(SesiKalibrasi.objects.filter(tahun__tahun=year).select_related("unit")
                .order_by("unit__path"))


def unit_anak(unit):
    """The active units directly under `unit` (the calibration's sub-unit filter)."""
    return list(unit.children.filter(aktif=True).order_by("nama"))


# --- 360 feedback ---------------------------------------------------------------------------


def umpan_balik_saya(user, putaran):
    """What the 360 page shows `user`: the requests they owe or answered, the raters they
    asked for themself, and their team with the number asked and answered."""
    from django.db.models import Count

    from ekinerja.selectors import bawahan_ids

    from .models import Penilai360

    tugas = list(Penilai360.objects.filter(putaran=putaran, penilai=user)
                 .select_related("pegawai").order_by("dijawab_pada", "pk"))
    team = bawahan_ids(user)
    counts = {r["pegawai_id"]: r for r in Penilai360.objects.filter(
        putaran=putaran, pegawai_id__in=[user.pk, *team]).values("pegawai_id").annotate(
        diminta=Count("id"), dijawab=Count("id", filter=Q(dijawab_pada__isnull=False)))}
    tim = [(p, counts.get(p.pk, {})) for p in
           Pegawai.objects.filter(pk__in=team).order_by("nama")] if team else []
    return {"tugas": tugas, "saya": counts.get(user.pk, {}), "tim": tim}


def penilai_360_of(putaran, pegawai):
    from .models import Penilai360

    return list(Penilai360.objects.filter(putaran=putaran, pegawai=pegawai)
                .select_related("penilai"))


def putaran_360_of(tahun):
    """The year's round, or a new one (off) for BKD's form."""
    from .models import Putaran360

    return Putaran360.objects.filter(tahun=tahun).first() or Putaran360(tahun=tahun)


# --- TPP ------------------------------------------------------------------------------------


def tpp_of(pegawai, periode):
    from .models import Tpp

    return Tpp.objects.filter(pegawai=pegawai, periode=periode).select_related(
        "kebijakan").first()


def periode_tpp_pilihan():
    """The monthly periods that have started, newest first (the period filter)."""
    return list(Periode.objects.filter(tahun__ritme=TahunKinerja.Ritme.BULANAN,
                                       mulai__lte=timezone.localdate())
                .select_related("tahun").order_by("-mulai")[:24])


def tpp_unit(unit, periode):
    """The period's TPP of the unit's subtree, by unit and name."""
    from .models import Tpp

    return list(Tpp.objects.filter(periode=periode, pegawai__unit__path__startswith=unit.path)
                .select_related("pegawai__unit", "pegawai__jabatan")
                .order_by("pegawai__unit__path", "pegawai__nama"))


def izin_terakhir(scope, limit=50):
    """The latest days away recorded in an admin's scope."""
    from kinerja.models import Izin

    return list(Izin.objects.filter(pegawai__unit__path__startswith=scope.path)
                .select_related("pegawai").order_by("-dibuat")[:limit])


def kebijakan_tpp_list():
    from .models import KebijakanTpp

    return list(KebijakanTpp.objects.prefetch_related("basis_set", "potongan_set"))


# --- PPPK contracts and their extension -------------------------------------------------------


def laporan_pppk(unit, hari, bulan=6):
    """The PPPK of a unit's subtree whose latest contract ends within `bulan` months of
    `hari` (or ended in the last three): the final evaluations inside the contract (its
    quarters or months, and its years), and whether they qualify for an extension: at least
    one, none below Baik. Three queries."""
    import datetime as dt

    from kinerja.models import KontrakPppk

    from .predikat import Predikat

    latest = {}
    for k in (KontrakPppk.objects.filter(pegawai__unit__path__startswith=unit.path,
                                         pegawai__aktif=True)
              .select_related("pegawai__unit").order_by("pegawai_id", "-selesai")):
        latest.setdefault(k.pegawai_id, k)
    due = [k for k in latest.values()
           if hari - dt.timedelta(days=92) <= k.selesai <= hari + dt.timedelta(days=31 * bulan)]
    evaluations = {}
    for e in (Evaluasi.objects.filter(pegawai_id__in=[k.pegawai_id for k in due])
              .exclude(status=Evaluasi.Status.DRAFT).exclude(predikat="")
              .select_related("periode", "tahun").order_by("tahun__tahun", "nomor")):
        evaluations.setdefault(e.pegawai_id, []).append(e)
    rows = []
    for k in sorted(due, key=lambda k: (k.selesai, k.pegawai.nama)):
        inside = [e for e in evaluations.get(k.pegawai_id, [])
                  if (e.periode_id and e.periode.mulai <= k.selesai
                      and e.periode.selesai >= k.mulai)
                  or (not e.periode_id and k.mulai.year <= e.tahun.tahun <= k.selesai.year)]
        layak = bool(inside) and all(e.predikat in (Predikat.SANGAT_BAIK, Predikat.BAIK)
                                     for e in inside)
        rows.append({"kontrak": k, "evaluasi": inside, "layak": layak})
    return rows


def kehadiran_bulan(pegawai, periode):
    """A person's attendance in a period, day by day (what the machines recorded)."""
    from kinerja.models import Kehadiran

    return list(Kehadiran.objects.filter(pegawai=pegawai,
                                         tanggal__range=(periode.mulai, periode.selesai))
                .order_by("tanggal"))
