"""Reads of training records, shaped for the pages."""

import datetime as dt

from django.conf import settings
from django.db.models import Case, Count, F, IntegerField, OuterRef, Q, Subquery, Sum, Value, When
from django.db.models.functions import Coalesce, ExtractYear, Greatest, Least
from django.utils import timezone

from ekinerja.access import admin_scope
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.selectors import bawahan_ids, opd_choices

from .kompetensi import TAGS
from .models import JalurBelajar, KegiatanBelajar, Partisipasi, RencanaPengembangan


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


def partisipasi_milik(pegawai):
    """The person's own training records with their path (the tracker page)."""
    return Partisipasi.objects.filter(pegawai=pegawai).select_related("jalur")


def pengingat_akhir_tahun(year):
    """In the last quarter of the current year: the days left to reach the JP right."""
    today = timezone.localdate()
    if year != today.year or today.month < 10:
        return None
    return {"hari": (dt.date(year, 12, 31) - today).days}


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


# --- the catalogue and the learning paths -----------------------------------------------


def katalog(*, q="", jalur=""):
    """The catalogue everyone sees (approved activities), searched by name, competency or
    organiser and narrowed to a path code."""
    rows = KegiatanBelajar.objects.filter(status=KegiatanBelajar.Status.DISETUJUI) \
        .select_related("jalur")
    if q:
        rows = rows.filter(Q(nama__icontains=q) | Q(kompetensi__icontains=q)
                           | Q(penyelenggara__icontains=q))
    if jalur:
        rows = rows.filter(jalur__kode=jalur)
    return rows


def usulan_dari(pegawai):
    """The person's own proposals not (yet) in the catalogue: waiting or declined."""
    return KegiatanBelajar.objects.filter(dibuat_oleh=pegawai).exclude(
        status=KegiatanBelajar.Status.DISETUJUI).select_related("jalur")


def usulan_menunggu():
    """Proposals waiting for the Admin BKD's review."""
    return KegiatanBelajar.objects.filter(status=KegiatanBelajar.Status.USULAN) \
        .select_related("jalur", "dibuat_oleh")


def jalur_aktif():
    return JalurBelajar.objects.filter(aktif=True)


def jalur_semua():
    return JalurBelajar.objects.all()


# --- compliance -------------------------------------------------------------------------


def kepatuhan(people, tahun):
    """People annotated with their verified JP of the year (classical, non-classical), the
    JP that count (a PPPK's stop at their ceiling), their right and what is missing: one
    query, sortable and filterable in SQL."""
    verified = Partisipasi.objects.filter(
        pegawai=OuterRef("pk"), status=Partisipasi.Status.TERVERIFIKASI,
        selesai__gte=dt.date(tahun, 1, 1), selesai__lte=dt.date(tahun, 12, 31))

    def jp(klasikal):
        total = (verified.filter(jalur__klasikal=klasikal).order_by().values("pegawai")
                 .annotate(s=Sum("jp_diakui")).values("s"))
        return Coalesce(Subquery(total, output_field=IntegerField()), 0)

    pppk = Q(jenis=Pegawai.Jenis.PPPK)
    return people.annotate(jp_kl=jp(True), jp_nkl=jp(False)).annotate(
        jp_total=F("jp_kl") + F("jp_nkl"),
        hak=Case(When(pppk, then=Value(settings.JP_HAK_PPPK)),
                 default=Value(settings.JP_HAK_PNS)),
    ).annotate(
        jp_dihitung=Case(When(pppk, then=Least("jp_total", Value(settings.JP_HAK_PPPK))),
                         default=F("jp_total")),
    ).annotate(jp_kurang=Greatest(F("hak") - F("jp_dihitung"), Value(0)))


def pegawai_tim(atasan):
    """The people the atasan supervises (their team, as `bawahan_ids` answers)."""
    return Pegawai.objects.filter(pk__in=bawahan_ids(atasan))


def pegawai_dalam(unit):
    """The people of a unit's subtree."""
    return Pegawai.objects.filter(unit__path__startswith=unit.path)


KEPATUHAN_URUT = {"nama": ["nama"], "jp": ["jp_dihitung", "nama"],
                  "kurang": ["jp_kurang", "nama"], "unit": ["unit__path", "nama"]}


def kepatuhan_daftar(people, tahun, *, kurang_saja=False, urut=None):
    """The compliance list of the active ones among `people`: only those still short when
    `kurang_saja`, sorted by `urut` (a key of KEPATUHAN_URUT, '-' first for descending;
    'kurang' puts the most missing first; default 'kurang' for the short ones, else
    'nama'). Returns (rows, the sort applied)."""
    rows = kepatuhan(people.filter(aktif=True), tahun).select_related("unit", "jabatan")
    if kurang_saja:
        rows = rows.filter(jp_kurang__gt=0)
    if urut is None:
        urut = "kurang" if kurang_saja else "nama"
    key = urut.lstrip("-")
    if key not in KEPATUHAN_URUT:
        urut, key = "nama", "nama"
    order = KEPATUHAN_URUT[key]
    if urut.startswith("-") or key == "kurang":  # "kurang": most missing first
        order = [f"-{order[0]}", *order[1:]]
    return rows.order_by(*order), urut


def rencana_status(tahun, pegawai_ids):
    """pegawai id -> the status of their development plan of the year (those with one)."""
    return dict(RencanaPengembangan.objects.filter(
        tahun=tahun, pegawai_id__in=pegawai_ids).values_list("pegawai_id", "status"))


def kepatuhan_opd(scope, tahun):
    """Per OPD in the scope: active people, how many reached their JP right, the rate.
    One grouped query per unit, rolled up to the OPDs along the unit paths."""
    people = Pegawai.objects.filter(aktif=True, unit__path__startswith=scope.path)
    per_unit = (kepatuhan(people, tahun).order_by().values("unit_id")
                .annotate(n=Count("id"), patuh=Count("id", filter=Q(jp_kurang=0))))
    counts = {r["unit_id"]: r for r in per_unit}
    opds = {u.id: {"unit": u, "n": 0, "patuh": 0} for u in opd_choices(scope)}
    for unit_id, path in UnitKerja.objects.filter(pk__in=counts).values_list("id", "path"):
        opd = next((int(i) for i in path.strip("/").split("/") if int(i) in opds), None)
        if opd is not None:
            opds[opd]["n"] += counts[unit_id]["n"]
            opds[opd]["patuh"] += counts[unit_id]["patuh"]
    rows = sorted(opds.values(), key=lambda r: r["unit"].nama)
    for row in rows:
        row["persen"] = round(100 * row["patuh"] / row["n"], 1) if row["n"] else None
    return rows


# --- development plan -------------------------------------------------------------------


# Where the appraisal's gaps come from: pelatihan does not import the appraisal (penilaian
# depends on pelatihan for JP); penilaian registers its reader in its AppConfig.ready.
SUMBER_KESENJANGAN = []


def sumber_kesenjangan_daftar(fungsi):
    """Register `fungsi(pegawai, tahun)` -> [{"kunci", "nama", "sumber", "umpan_balik"}]:
    the hasil kerja or BerAKHLAK values an appraisal rated below expectation."""
    if fungsi not in SUMBER_KESENJANGAN:
        SUMBER_KESENJANGAN.append(fungsi)
    return fungsi


def rencana_dari(pegawai, tahun):
    """The person's development plan of the year, or None."""
    return RencanaPengembangan.objects.filter(pegawai=pegawai, tahun=tahun).first()


def rencana_kegiatan(rencana):
    """The planned learning of a plan with its path and catalogue entry."""
    return rencana.kegiatan_set.select_related("jalur", "kegiatan")


def kesenjangan(pegawai, tahun):
    """The gaps an appraisal showed (from the registered sources: a finished evaluation of
    the plan's year or the year before), each once, with the catalogue's tags for it."""
    gaps = {}
    for sumber in SUMBER_KESENJANGAN:
        for gap in sumber(pegawai, tahun):
            gaps.setdefault(gap["kunci"], gap)
    rows = [gaps[k] for k in sorted(gaps)]
    for row in rows:
        row["tags"] = TAGS[row["kunci"]]
    return rows


def saran_kegiatan(gaps, *, per_gap=5):
    """Catalogue activities tagged with a gap's words, newest first, per gap. One query."""
    if not gaps:
        return gaps
    tags = {tag for gap in gaps for tag in gap["tags"]}
    cond = Q()
    for tag in tags:
        cond |= Q(kompetensi__icontains=tag)
    found = list(KegiatanBelajar.objects.filter(cond, status=KegiatanBelajar.Status.DISETUJUI)
                 .select_related("jalur").order_by("-mulai")[:200])
    for gap in gaps:
        gap["saran"] = [k for k in found
                        if any(tag in k.kompetensi for tag in gap["tags"])][:per_gap]
    return gaps
