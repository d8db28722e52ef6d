"""Angka kredit of functional positions, converted from the predikat (PermenPANRB 1/2023,
Peraturan BKN 3/2023; domain.md "Angka kredit").

A final evaluation converts into angka kredit = percentage(predikat) x coefficient(jenjang)
x months / 12, for the months of its year (or period) held in a functional position. A
month belongs to the post held on its first day (TMT are the first of a month), so the
months of a year add up to at most 12 across a change of post, and only the months after
the person's starting PAK count. The year's evaluation replaces the provisional figures of
its periodic ones. The balance is the latest starting PAK plus the conversions since; it
is compared with the cumulative credit the jenjang needs for the next rank and level, with
the other conditions beside it. Every number is BKD's data (`AturanAngkaKredit`, versioned
by effective date); the first version, below, is seeded by migration 0016.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max, Sum
from django.utils import formats, timezone
from django.utils.translation import gettext as _

from ekinerja.antrean import antre_setelah_commit
from ekinerja.audit import audit_record, snapshot
from ekinerja.models import Jabatan, Pegawai, RiwayatJabatan
from kinerja.models import TahunKinerja

from .models import (
    AngkaKredit,
    AturanAngkaKredit,
    Evaluasi,
    KoefisienJenjang,
    PakAwal,
    PersenPredikat,
    SyaratJenjang,
)
from .predikat import Predikat

J = Jabatan.Jenjang
SUMBER = "PermenPANRB 1/2023; Peraturan BKN 3/2023"
SUMBER_PERSEN = "PermenPANRB 1/2023 jo. Peraturan BKN 3/2023: konversi predikat kinerja"
SUMBER_KOEFISIEN = "PermenPANRB 1/2023: koefisien angka kredit tahunan per jenjang"
SUMBER_KEBUTUHAN = ("PermenPANRB 1/2023: angka kredit kumulatif untuk kenaikan pangkat dan "
                    "jenjang")
BAWAAN_MULAI = dt.date(2023, 1, 1)
PERSEN_BAWAAN = {Predikat.SANGAT_BAIK: "150", Predikat.BAIK: "100",
                 Predikat.BUTUH_PERBAIKAN: "75", Predikat.KURANG: "50",
                 Predikat.SANGAT_KURANG: "25"}
# jenjang: (coefficient per year, credit for the next rank, for the next level or None)
KOEFISIEN_BAWAAN = {
    J.AHLI_PERTAMA: ("12.5", "50", "100"), J.AHLI_MUDA: ("25", "100", "200"),
    J.AHLI_MADYA: ("37.5", "150", "450"), J.AHLI_UTAMA: ("50", "200", None),
    J.PEMULA: ("3.75", "15", "15"), J.TERAMPIL: ("5", "20", "60"),
    J.MAHIR: ("12.5", "50", "100"), J.PENYELIA: ("25", "100", None),
}
SELESAI = (Evaluasi.Status.FINAL, Evaluasi.Status.DIAKUI, Evaluasi.Status.KEBERATAN,
           Evaluasi.Status.DIPUTUSKAN)
# At least Baik: what a promotion's predikat must be.
CUKUP = (Predikat.SANGAT_BAIK, Predikat.BAIK)
SERIBU = Decimal("0.001")


# --- the rule ------------------------------------------------------------------------------


@dataclass
class Tabel:
    aturan: AturanAngkaKredit
    persen: dict  # predikat -> Decimal
    koefisien: dict  # jenjang -> KoefisienJenjang


class AturanCache:
    """The rule in force on a day, each version read once (a run over a province asks for
    the same one 12,000 times)."""

    def __init__(self):
        self.versions = list(AturanAngkaKredit.objects.order_by("berlaku_mulai"))
        self.tables = {}

    def pada(self, day):
        """The table of the version in force on `day`; None before the first one."""
        aturan = None
        for version in self.versions:
            if version.berlaku_mulai <= day:
                aturan = version
        if aturan is None:
            return None
        if aturan.pk not in self.tables:
            self.tables[aturan.pk] = Tabel(
                aturan=aturan,
                persen={p.predikat: p.persen for p in aturan.persen_set.all()},
                koefisien={k.jenjang: k for k in aturan.koefisien_set.all()})
        return self.tables[aturan.pk]


def aturan_berlaku(day=None):
    return AturanCache().pada(day or timezone.localdate())


def nilai_konversi(persen, koefisien, bulan):
    """percentage x coefficient x months / 12, to three decimals (BKN's example:
    2/12 x 100% x 12.5 = 2.083)."""
    return (Decimal(persen) / 100 * Decimal(koefisien) * bulan / 12).quantize(
        SERIBU, rounding=ROUND_HALF_UP)


# --- months in a functional post -----------------------------------------------------------


def bulan_fungsional(riwayat, mulai, selesai, setelah=None):
    """{(jabatan_id, jenjang): [first day of each month]} for the months whose first day
    lies in [mulai, selesai] (and after `setelah`, the starting PAK's date), each given to
    the functional post held on that day. `riwayat`: the person's rows as dicts
    (jabatan_id, jenjang, mulai, selesai)."""
    months = {}
    first = dt.date(mulai.year, mulai.month, 1)
    if first < mulai:
        first = _next_month(first)
    while first <= selesai:
        if setelah is None or first > setelah:
            for row in riwayat:
                if (row["mulai"] is None or row["mulai"] <= first) and \
                        (row["selesai"] is None or row["selesai"] >= first):
                    months.setdefault((row["jabatan_id"], row["jenjang"]), []).append(first)
                    break
        first = _next_month(first)
    return months


def _next_month(day):
    return dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)


def _riwayat_fungsional(pegawai_ids):
    rows = {}
    for row in (RiwayatJabatan.objects.filter(pegawai_id__in=pegawai_ids,
                                              jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
                .values("pegawai_id", "jabatan_id", "jabatan__jenjang", "mulai", "selesai")
                .order_by("pegawai_id", "mulai")):
        row["jenjang"] = row.pop("jabatan__jenjang")
        rows.setdefault(row["pegawai_id"], []).append(row)
    return rows


def pak_terakhir(pegawai_ids):
    """{person id: their latest starting PAK}."""
    latest = {}
    for pak in PakAwal.objects.filter(pegawai_id__in=pegawai_ids).order_by(
            "pegawai_id", "-per_tanggal", "-pk"):
        latest.setdefault(pak.pegawai_id, pak)
    return latest


# --- the conversion ------------------------------------------------------------------------


def angka_kredit_hitung(pegawai_ids, tahun, *, aturan=None):
    """Convert the final evaluations of these people for a year (a TahunKinerja), replacing
    what was there. Set-based: a handful of queries for any number of people. Returns the
    number of rows written."""
    pegawai_ids = list(pegawai_ids)
    aturan = aturan or AturanCache()
    riwayat = _riwayat_fungsional(pegawai_ids)
    paks = pak_terakhir(riwayat)
    evaluations = {}
    for e in (Evaluasi.objects.filter(pegawai_id__in=list(riwayat), tahun=tahun,
                                      status__in=SELESAI).exclude(predikat="")
              .select_related("periode").order_by("nomor")):
        evaluations.setdefault(e.pegawai_id, []).append(e)
    rows = []
    for pegawai_id, evals in evaluations.items():
        pak = paks.get(pegawai_id)
        setelah = pak.per_tanggal if pak else None
        annual = [e for e in evals if e.nomor == 0]
        for e in annual or evals:
            start = e.periode.mulai if e.periode_id else dt.date(tahun.tahun, 1, 1)
            end = e.periode.selesai if e.periode_id else dt.date(tahun.tahun, 12, 31)
            table = aturan.pada(end)
            if table is None:
                continue
            for (jabatan_id, jenjang), held in bulan_fungsional(
                    riwayat[pegawai_id], start, end, setelah).items():
                persen, koef = table.persen[e.predikat], table.koefisien[jenjang].koefisien
                bulan = len(held)
                rows.append(AngkaKredit(
                    pegawai_id=pegawai_id, tahun=tahun, evaluasi=e, jabatan_id=jabatan_id,
                    jenjang=jenjang, predikat=e.predikat, persen=persen, koefisien=koef,
                    bulan=bulan, bulan_awal=held[0].month, bulan_akhir=held[-1].month,
                    nilai=nilai_konversi(persen, koef, bulan),
                    sementara=e.nomor != 0, aturan=table.aturan))
    with transaction.atomic():
        AngkaKredit.objects.filter(pegawai_id__in=pegawai_ids, tahun=tahun).delete()
        AngkaKredit.objects.bulk_create(rows, batch_size=2000)
    return len(rows)


def angka_kredit_antre(evaluasi):
    """After an evaluation becomes final or its appeal changes its predikat: the worker
    converts that year again, for a person who held a functional post."""
    if RiwayatJabatan.objects.filter(pegawai_id=evaluasi.pegawai_id,
                                     jabatan__jenis=Jabatan.Jenis.FUNGSIONAL).exists():
        antre_setelah_commit("penilaian.tasks.angka_kredit_hitung_pegawai",
                             evaluasi.pegawai_id, evaluasi.tahun_id)


def angka_kredit_hitung_pegawai(pegawai_id, tahun_id=None):
    """One person's years (one, or every year: after a new starting PAK, whose date decides
    which months count, so the years it covers lose their rows): after an evaluation
    becomes final or its appeal changes it, and after a new starting PAK."""
    years = TahunKinerja.objects.filter(pk=tahun_id) if tahun_id else \
        TahunKinerja.objects.all()
    aturan = AturanCache()
    return sum(angka_kredit_hitung([pegawai_id], tahun, aturan=aturan) for tahun in years)


def angka_kredit_hitung_tahun(tahun, *, chunk=2000):
    """The province's yearly run: everyone who held a functional post and has a final
    evaluation this year, in chunks. Returns (people, rows)."""
    ids = sorted(set(Evaluasi.objects.filter(
        tahun=tahun, status__in=SELESAI,
        pegawai__riwayat_jabatan__jabatan__jenis=Jabatan.Jenis.FUNGSIONAL)
        .values_list("pegawai_id", flat=True)))
    aturan = AturanCache()
    written = sum(angka_kredit_hitung(ids[i:i + chunk], tahun, aturan=aturan)
                  for i in range(0, len(ids), chunk))
    return len(ids), written


# --- balance and eligibility ---------------------------------------------------------------


@dataclass
class Syarat:
    label: str
    terpenuhi: bool
    keterangan: str


@dataclass
class Kelayakan:
    pegawai: Pegawai
    jenjang: str = ""
    pak: PakAwal | None = None
    konversi: Decimal = Decimal("0")
    saldo: Decimal = Decimal("0")
    kebutuhan_pangkat: Decimal | None = None
    kebutuhan_jenjang: Decimal | None = None
    pangkat: list = field(default_factory=list)
    naik_jenjang: list = field(default_factory=list)

    @property
    def fungsional(self):
        return bool(self.jenjang)

    @property
    def layak_pangkat(self):
        return bool(self.pangkat) and all(s.terpenuhi for s in self.pangkat)

    @property
    def layak_jenjang(self):
        return bool(self.naik_jenjang) and all(s.terpenuhi for s in self.naik_jenjang)

    @property
    def kurang_pangkat(self):
        if self.kebutuhan_pangkat is None:
            return None
        return max(self.kebutuhan_pangkat - self.saldo, Decimal("0"))

    @property
    def kurang_jenjang(self):
        if self.kebutuhan_jenjang is None:
            return None
        return max(self.kebutuhan_jenjang - self.saldo, Decimal("0"))


def _angka(value):
    return formats.number_format(value, 3, use_l10n=True)


def _mulai_jenjang(rows, jenjang):
    """When the person entered their current jenjang: the start of the unbroken run of
    functional posts of that jenjang that ends with the open one (None: not recorded)."""
    start, found = None, False
    for row in sorted(rows, key=lambda r: r["mulai"] or dt.date.min, reverse=True):
        if not found:
            if row["selesai"] is None and row["jenjang"] == jenjang:
                found, start = True, row["mulai"]
            continue
        if row["jenjang"] != jenjang or start is None or row["selesai"] is None or \
                (start - row["selesai"]).days > 1:
            break
        start = row["mulai"]
    return start


def _label_predikat(predikat):
    return Predikat(predikat).label if predikat else "-"


def kelayakan_banyak(pegawai_list, hari=None):
    """The balance and the conditions of the next rank and level for each person (their
    post loaded), in a handful of queries for any number of people."""
    hari = hari or timezone.localdate()
    ids = [p.pk for p in pegawai_list]
    table = aturan_berlaku(hari)
    paks = pak_terakhir(ids)
    sums = dict(AngkaKredit.objects.filter(pegawai_id__in=ids).values("pegawai_id")
                .annotate(total=Sum("nilai")).values_list("pegawai_id", "total"))
    riwayat = _riwayat_fungsional(ids)
    annual = {}
    for pid, year, pred in (Evaluasi.objects.filter(
            pegawai_id__in=ids, nomor=0, status__in=SELESAI, tahun__tahun__lt=hari.year + 1)
            .exclude(predikat="").order_by("pegawai_id", "-tahun__tahun")
            .values_list("pegawai_id", "tahun__tahun", "predikat")):
        annual.setdefault(pid, []).append((year, pred))
    syarat = {s.pegawai_id: s for s in SyaratJenjang.objects.filter(pegawai_id__in=ids)}
    result = []
    for p in pegawai_list:
        k = Kelayakan(pegawai=p, pak=paks.get(p.pk), konversi=sums.get(p.pk) or Decimal("0"))
        k.saldo = (k.pak.nilai if k.pak else Decimal("0")) + k.konversi
        jabatan = p.jabatan
        if jabatan is None or jabatan.jenis != Jabatan.Jenis.FUNGSIONAL or table is None:
            result.append(k)
            continue
        k.jenjang = jabatan.jenjang
        need = table.koefisien[k.jenjang]
        k.kebutuhan_pangkat, k.kebutuhan_jenjang = need.kebutuhan_pangkat, need.kebutuhan_jenjang
        years = annual.get(p.pk, [])
        k.pangkat = [_syarat_angka(k.saldo, need.kebutuhan_pangkat, _("the next rank")),
                     _syarat_dua_tahun(years, hari)]
        if need.kebutuhan_jenjang is not None:
            k.naik_jenjang = [
                _syarat_angka(k.saldo, need.kebutuhan_jenjang, _("the next level")),
                _syarat_lama_jenjang(_mulai_jenjang(riwayat.get(p.pk, []), k.jenjang), hari),
                _syarat_predikat_terakhir(years, hari),
                _syarat_catatan(_("Vacancy (formasi) in the higher level"),
                                getattr(syarat.get(p.pk), "formasi", None),
                                getattr(syarat.get(p.pk), "formasi_keterangan", "")),
                _syarat_catatan(_("Competency test (uji kompetensi) passed"),
                                getattr(syarat.get(p.pk), "ukom", None),
                                getattr(syarat.get(p.pk), "ukom_keterangan", "")),
            ]
        result.append(k)
    return result


def kelayakan(pegawai, hari=None):
    return kelayakan_banyak([pegawai], hari)[0]


def _syarat_angka(saldo, need, what):
    label = _("Angka kredit for %(what)s") % {"what": what}
    if saldo >= need:
        return Syarat(label, True, _("%(have)s of the %(need)s needed.") % {
            "have": _angka(saldo), "need": _angka(need)})
    return Syarat(label, False, _("%(have)s of the %(need)s needed: %(short)s more.") % {
        "have": _angka(saldo), "need": _angka(need), "short": _angka(need - saldo)})


def _syarat_dua_tahun(years, hari):
    label = _("Predikat at least Baik in the last two years")
    if len(years) < 2 or years[0][0] - years[1][0] != 1 or years[0][0] < hari.year - 1:
        shown = ", ".join(f"{_label_predikat(p)} ({y})" for y, p in years[:2]) or "-"
        return Syarat(label, False, _("Two consecutive final annual evaluations are "
                                      "needed; on record: %(years)s.") % {"years": shown})
    shown = ", ".join(f"{_label_predikat(p)} ({y})" for y, p in years[:2])
    ok = all(p in CUKUP for _y, p in years[:2])
    return Syarat(label, ok, shown if ok else _("%(years)s: below Baik.") % {"years": shown})


def _syarat_predikat_terakhir(years, hari):
    label = _("Predikat at least Baik in the last annual evaluation")
    if not years or years[0][0] < hari.year - 1:
        return Syarat(label, False, _("No final annual evaluation yet."))
    year, pred = years[0]
    shown = f"{_label_predikat(pred)} ({year})"
    return Syarat(label, pred in CUKUP, shown if pred in CUKUP else
                  _("%(years)s: below Baik.") % {"years": shown})


def _syarat_lama_jenjang(mulai, hari):
    label = _("At least one year in the current level")
    if mulai is None:
        return Syarat(label, False, _("The date this level began (TMT) is not recorded: "
                                      "BKD records it through the people import."))
    setahun = _setahun_setelah(mulai)
    if setahun <= hari:
        return Syarat(label, True, _("Since %(date)s.") % {
            "date": formats.date_format(mulai, "j F Y")})
    return Syarat(label, False, _("Since %(date)s: one year is reached on %(when)s.") % {
        "date": formats.date_format(mulai, "j F Y"),
        "when": formats.date_format(setahun, "j F Y")})


def _setahun_setelah(day):
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return dt.date(day.year + 1, 3, 1)


def _syarat_catatan(label, tanggal, keterangan):
    if tanggal is None:
        return Syarat(label, False, _("Not recorded by BKD yet."))
    shown = formats.date_format(tanggal, "j F Y")
    return Syarat(label, True, f"{shown}: {keterangan}" if keterangan else shown)


# --- writes --------------------------------------------------------------------------------


PAK_FIELDS = ["jenis", "per_tanggal", "nilai", "jenjang", "nomor_sk", "tanggal_sk"]


@transaction.atomic
def pak_awal_save(*, pak, actor):
    """Record a starting PAK (BKD); the person's conversions since are recomputed."""
    pak.dicatat_oleh = actor
    pak.full_clean()
    pak.save()
    audit_record(actor=actor, action="pak_awal.create", target=pak,
                 after=snapshot(pak, PAK_FIELDS))
    transaction.on_commit(lambda: angka_kredit_hitung_pegawai(pak.pegawai_id))
    return pak


SYARAT_FIELDS = ["formasi", "formasi_keterangan", "ukom", "ukom_keterangan"]


@transaction.atomic
def syarat_jenjang_save(*, syarat, actor):
    old = SyaratJenjang.objects.filter(pk=syarat.pk).first() if syarat.pk else None
    syarat.diubah_oleh = actor
    syarat.full_clean()
    syarat.save()
    audit_record(actor=actor, action="syarat_jenjang.save", target=syarat,
                 before=snapshot(old, SYARAT_FIELDS) if old else None,
                 after=snapshot(syarat, SYARAT_FIELDS))
    return syarat


@transaction.atomic
def aturan_angka_kredit_create(*, berlaku_mulai, sumber, persen, koefisien, actor):
    """A new version of the rule from a date: `persen` {predikat: Decimal}, `koefisien`
    {jenjang: (coefficient, credit for the next rank, for the next level or None)}; every
    predikat and jenjang is required. Past conversions keep the version they used."""
    if set(persen) != set(Predikat.values) or set(koefisien) != set(J.values):
        raise ValidationError(_("Give the percentage of every predikat and the figures of "
                                "every level."))
    if berlaku_mulai <= timezone.localdate():
        raise ValidationError({"berlaku_mulai": _(
            "A new version takes effect after today: past conversions keep the one they "
            "used.")})
    if AturanAngkaKredit.objects.filter(berlaku_mulai=berlaku_mulai).exists():
        raise ValidationError({"berlaku_mulai": _(
            "A version already takes effect on this date.")})
    versi = (AturanAngkaKredit.objects.aggregate(m=Max("versi"))["m"] or 0) + 1
    aturan = AturanAngkaKredit.objects.create(versi=versi, berlaku_mulai=berlaku_mulai,
                                              sumber=sumber)
    PersenPredikat.objects.bulk_create(
        PersenPredikat(aturan=aturan, predikat=p, persen=v, sumber=sumber)
        for p, v in persen.items())
    KoefisienJenjang.objects.bulk_create(
        KoefisienJenjang(aturan=aturan, jenjang=j, koefisien=k, kebutuhan_pangkat=pangkat,
                         kebutuhan_jenjang=naik, sumber=sumber)
        for j, (k, pangkat, naik) in koefisien.items())
    audit_record(actor=actor, action="aturan_angka_kredit.create", target=aturan,
                 after={"berlaku_mulai": str(berlaku_mulai), "sumber": sumber,
                        "persen": {p: str(v) for p, v in persen.items()},
                        "koefisien": {j: [str(x) if x is not None else None for x in v]
                                      for j, v in koefisien.items()}})
    return aturan
