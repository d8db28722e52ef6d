"""TPP (tambahan penghasilan pegawai) for a monthly period, by the province's rule
(KebijakanTpp, versioned by effective date; domain.md "TPP"): the base of the person's
position class (a CPNS gets a share of it), split into a performance part paid by the
period's result (Skor.tpp_kinerja, penilaian.skor) and a discipline part cut by
attendance (kinerja.Kehadiran): each working day absent without reason, each late arrival
and each early leave by its band; a day of official travel, leave or sickness with a
letter (kinerja.Izin) counts as present. Absence without reason on enough days halves or
removes the whole TPP; gates (the year's SKP not approved, last year's evaluation not
final) stop it. Set-based: a handful of queries for any number of people. Stored with
every input for the explanation; frozen when the period closes (penilaian.services.eskalasi).

The first rule below is seeded by migration 0021; its amounts are placeholders BKD
replaces with the Perkada's before go-live (its source says so).
"""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja import kalender
from ekinerja.antrean import antre_setelah_commit
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai, UnitKerja
from kinerja.models import Izin, Kehadiran, Periode, Skp, TahunKinerja

from .models import BasisTpp, Evaluasi, KebijakanTpp, PotonganTpp, Skor, Tpp

SUMBER_AWAL = ("Contoh awal (praktik umum Perkada TPP: kinerja 60%/disiplin 40%, TL/PSW 1-4, "
               "TK 2 hari = 50%, 3 hari = hapus, CPNS 80%): ganti dengan Perkada TPP "
               "Provinsi Jambi yang berlaku")
KEBIJAKAN_AWAL = {
    "berlaku_mulai": dt.date(2024, 1, 1), "bobot_kinerja": "60", "bobot_disiplin": "40",
    "jam_masuk": dt.time(7, 30), "jam_pulang": dt.time(16, 0), "persen_tk_hari": "5",
    "tk_hari_potong_50": 2, "tk_hari_hapus": 3, "persen_cpns": "80",
}
# Position class -> monthly base (Rp): a placeholder ladder until BKD enters the Perkada's.
BASIS_AWAL = {kelas: 1_000_000 + (kelas - 1) * 500_000 for kelas in range(1, 18)}
# (kind, from minutes, to minutes or None, percent of the discipline share)
POTONGAN_AWAL = [("tl", 1, 30, "0.5"), ("tl", 31, 60, "1"), ("tl", 61, 90, "1.25"),
                 ("tl", 91, None, "1.5"), ("psw", 1, 30, "0.5"), ("psw", 31, 60, "1"),
                 ("psw", 61, 90, "1.25"), ("psw", 91, None, "1.5")]
SERATUS = Decimal("100")


def kebijakan_pada(day):
    """The rule in force on `day` with its bases and bands; None before the first."""
    rule = (KebijakanTpp.objects.filter(berlaku_mulai__lte=day)
            .prefetch_related("basis_set", "potongan_set").order_by("-berlaku_mulai").first())
    if rule is not None:
        rule.basis = {b.kelas_jabatan: b.jumlah for b in rule.basis_set.all()}
        rule.band = {"tl": [], "psw": []}
        for band in rule.potongan_set.all():
            rule.band[band.jenis].append(band)
    return rule


def _band(bands, minutes):
    """The percent of the band `minutes` off falls in (the last band when unknown)."""
    if minutes is None:
        return bands[-1].persen if bands else Decimal("0")
    for band in bands:
        if band.dari_menit <= minutes and (band.sampai_menit is None
                                           or minutes <= band.sampai_menit):
            return band.persen
    return Decimal("0")


def _menit(a, b):
    return (dt.datetime.combine(dt.date.min, a) - dt.datetime.combine(dt.date.min, b)) \
        .seconds // 60


def potongan_hari(rule, record):
    """The discipline cuts of one working day: [(kind, minutes or None, percent)]. No
    record, or neither time: absent without reason (TK)."""
    if record is None or (record[0] is None and record[1] is None):
        return [("tk", None, rule.persen_tk_hari)]
    masuk, pulang = record
    cuts = []
    if masuk is None:
        cuts.append(("tl", None, _band(rule.band["tl"], None)))
    elif masuk > rule.jam_masuk:
        late = _menit(masuk, rule.jam_masuk)
        cuts.append(("tl", late, _band(rule.band["tl"], late)))
    if pulang is None:
        cuts.append(("psw", None, _band(rule.band["psw"], None)))
    elif pulang < rule.jam_pulang:
        early = _menit(rule.jam_pulang, pulang)
        cuts.append(("psw", early, _band(rule.band["psw"], early)))
    return [c for c in cuts if c[2]]


def rupiah(value):
    return int(Decimal(value).quantize(Decimal("1"), rounding=ROUND_HALF_UP))


def tpp_hitung(*, periode, pegawai_ids=None, final=False, rule=None, simpan=True):
    """Compute the period's TPP of the active people (or of `pegawai_ids`) under the rule
    in force at the period's start (or `rule`: a simulation); rows of a period already
    final are left. Returns the Tpp objects (saved unless `simpan` is false)."""
    rule = rule or kebijakan_pada(periode.mulai)
    if rule is None:
        return []
    # Today's attendance is not complete (the machines' export comes the next day).
    end = min(periode.selesai, timezone.localdate() - dt.timedelta(days=1))
    people = Pegawai.objects.filter(aktif=True).select_related("jabatan", "unit")
    if pegawai_ids is not None:
        people = people.filter(pk__in=list(pegawai_ids))
    people = list(people)
    ids = [p.pk for p in people]
    holidays = kalender.holidays_between(periode.mulai, periode.selesai)
    records = {(pid, day): (masuk, pulang) for pid, day, masuk, pulang in
               Kehadiran.objects.filter(pegawai_id__in=ids, tanggal__range=(periode.mulai, end))
               .values_list("pegawai_id", "tanggal", "masuk", "pulang")}
    izin = {}
    for pid, mulai, selesai, jenis in Izin.objects.filter(
            pegawai_id__in=ids, mulai__lte=end, selesai__gte=periode.mulai).values_list(
            "pegawai_id", "mulai", "selesai", "jenis"):
        izin.setdefault(pid, []).append((mulai, selesai, jenis))
    kinerja = dict(Skor.objects.filter(periode=periode, pegawai_id__in=ids)
                   .values_list("pegawai_id", "tpp_kinerja"))
    skp_ok = set(Skp.objects.filter(pegawai_id__in=ids, tahun_id=periode.tahun_id,
                                    status=Skp.Status.DISETUJUI)
                 .values_list("pegawai_id", flat=True))
    # Last year's evaluation is owed only by those who had an approved SKP last year (not
    # by someone who joined since).
    last_year = TahunKinerja.objects.filter(tahun=periode.tahun.tahun - 1).first()
    owed = set(Skp.objects.filter(pegawai_id__in=ids, tahun=last_year,
                                  status=Skp.Status.DISETUJUI)
               .values_list("pegawai_id", flat=True)) if last_year else set()
    eval_ok = set(Evaluasi.objects.filter(
        pegawai_id__in=owed, tahun=last_year, nomor=0,
        status__in=[Evaluasi.Status.FINAL, Evaluasi.Status.DIAKUI, Evaluasi.Status.KEBERATAN,
                    Evaluasi.Status.DIPUTUSKAN]).values_list("pegawai_id", flat=True))
    done = set(Tpp.objects.filter(periode=periode, pegawai_id__in=ids, final=True)
               .values_list("pegawai_id", flat=True))
    month = kalender.month_days(periode.mulai.year, periode.mulai.month)
    working = {hk: [d for d in month if d <= end and not kalender.is_weekend(d, hk)
                    and d not in holidays] for hk in (5, 6)}
    rows = []
    for p in people:
        if p.pk in done:
            continue
        days = working[p.unit.hari_kerja if p.unit_id else 5]
        if p.tanggal_mulai is not None:
            days = [d for d in days if d >= p.tanggal_mulai]
        rows.append(_satu(p, periode, rule, days, records, izin.get(p.pk, []),
                          kinerja.get(p.pk, Decimal("0")), p.pk in skp_ok,
                          p.pk not in owed or p.pk in eval_ok, final))
    if simpan:
        with transaction.atomic():
            # The period's row locked: an admin's computation and the close take turns.
            Periode.objects.select_for_update().filter(pk=periode.pk).first()
            frozen = set(Tpp.objects.filter(periode=periode, final=True, pegawai_id__in=[
                r.pegawai_id for r in rows]).values_list("pegawai_id", flat=True))
            rows = [r for r in rows if r.pegawai_id not in frozen]  # closed meanwhile
            Tpp.objects.filter(periode=periode, pegawai_id__in=[r.pegawai_id for r in rows],
                               final=False).delete()
            Tpp.objects.bulk_create(rows, batch_size=2000)
    return rows


def _satu(p, periode, rule, days, records, izin, kinerja, skp_ok, eval_ok, final):
    """One person's month: `days` their working days so far."""
    kelas = p.jabatan.kelas_jabatan if p.jabatan_id else None
    faktor = rule.persen_cpns if p.jenis == Pegawai.Jenis.CPNS else SERATUS
    basis = rule.basis.get(kelas, 0)
    rincian, cut, tk = [], Decimal("0"), 0
    for day in days:
        alasan = izin and next((jenis for mulai, selesai, jenis in izin
                                if mulai <= day <= selesai), None)
        if alasan:
            rincian.append([day.isoformat(), alasan, None, "0"])
            continue
        for kind, minutes, persen in potongan_hari(rule, records.get((p.pk, day))):
            tk += kind == "tk"
            cut += persen
            rincian.append([day.isoformat(), kind, minutes, str(persen)])
    cut = min(cut, SERATUS)
    base = Decimal(basis) * faktor / SERATUS
    nilai_kinerja = rupiah(base * rule.bobot_kinerja / SERATUS * Decimal(kinerja) / SERATUS)
    nilai_disiplin = rupiah(base * rule.bobot_disiplin / SERATUS * (SERATUS - cut) / SERATUS)
    gerbang = []
    if kelas is None or not basis:
        gerbang.append(_("No TPP base for the position class."))
    if rule.gerbang_skp and not skp_ok:
        gerbang.append(_("The year's SKP is not approved."))
    if rule.gerbang_evaluasi and not eval_ok:
        gerbang.append(_("Last year's evaluation is not final."))
    if rule.tk_hari_hapus and tk >= rule.tk_hari_hapus:
        gerbang.append(_("%(n)s days absent without reason: no TPP this month.") % {"n": tk})
    total = nilai_kinerja + nilai_disiplin
    if rule.tk_hari_potong_50 and rule.tk_hari_potong_50 <= tk < (rule.tk_hari_hapus or 99):
        total = rupiah(Decimal(total) / 2)
    if gerbang:
        total = 0
    return Tpp(pegawai=p, periode=periode, kebijakan=rule, kelas_jabatan=kelas, basis=basis,
               faktor=faktor, kinerja_persen=kinerja, nilai_kinerja=nilai_kinerja,
               potongan_persen=cut, nilai_disiplin=nilai_disiplin, hari_tk=tk, total=total,
               rincian=rincian, gerbang=gerbang, final=final)


def periode_tpp(periode_id=None, *, selesai=False):
    """A monthly period (the latest that has started when none is given; `selesai`: the
    latest that has ended, what a simulation compares on)."""
    today = timezone.localdate()
    periods = Periode.objects.select_related("tahun").filter(
        tahun__ritme=TahunKinerja.Ritme.BULANAN, mulai__lte=today)
    if periode_id is not None:
        return periods.filter(pk=periode_id).first()
    if selesai:
        return periods.filter(selesai__lt=today).order_by("-mulai").first()
    return periods.order_by("-mulai").first()


def tpp_unit_hitung(periode_id, unit_id):
    """The period's TPP of the people in a unit's subtree (the admin's request)."""
    unit = UnitKerja.objects.get(pk=unit_id)
    ids = Pegawai.objects.filter(unit__path__startswith=unit.path).values_list("pk", flat=True)
    return tpp_hitung(periode=periode_tpp(periode_id), pegawai_ids=list(ids))


def tpp_minta(*, periode, unit, actor):
    """An admin's request to compute a period's TPP for a unit's subtree: recorded in the
    audit log, run on the worker after commit."""
    audit_record(actor=actor, action="tpp.hitung", target=periode,
                 after={"unit": unit.kode})
    antre_setelah_commit("penilaian.tasks.tpp_hitung_unit", periode.pk, unit.pk)


# --- BKD's new rule: simulated against a month, then saved ------------------------------------

BAND = 4  # late and early-leave bands in the form


def kebijakan_draf(*, kebijakan, basis, band):
    """An unsaved rule with its bases {class: Rp} and bands {kind: [(from, to or None, %)]}
    attached as tpp_hitung reads them (a simulation computes with it)."""
    kebijakan.basis = dict(basis)
    kebijakan.band = {kind: [PotonganTpp(jenis=kind, dari_menit=a, sampai_menit=b, persen=p)
                             for a, b, p in rows] for kind, rows in band.items()}
    return kebijakan


def simulasi(*, rule, periode):
    """What `rule` would pay for `periode` against what the rule in force pays (both
    computed, nothing saved): the totals per OPD, how many gain, lose or stay, and the
    largest changes."""
    current = kebijakan_pada(periode.mulai)
    new = {t.pegawai_id: t for t in tpp_hitung(periode=periode, rule=rule, simpan=False)}
    old = {t.pegawai_id: t for t in tpp_hitung(periode=periode, rule=current, simpan=False)}
    people = {p.pk: p for p in Pegawai.objects.filter(pk__in=list(new)).select_related(
        "unit", "jabatan")}
    opd_of = {u.pk: u for u in UnitKerja.objects.filter(jenis__in=UnitKerja.OPD_KINDS)}
    per_opd, changes = {}, []
    for pk, t in new.items():
        p = people[pk]
        ids = p.unit.ancestor_ids() if p.unit_id else []
        opd = next((opd_of[i] for i in ids if i in opd_of), None)
        before = old[pk].total if pk in old else 0
        row = per_opd.setdefault(opd.pk if opd else 0, [opd, 0, 0, 0])
        row[1] += before
        row[2] += t.total
        row[3] += 1
        changes.append((t.total - before, p, before, t.total))
    return {
        "opd": sorted(per_opd.values(), key=lambda r: r[0].nama if r[0] else ""),
        "lama": sum(c[2] for c in changes), "baru": sum(c[3] for c in changes),
        "naik": sum(1 for c in changes if c[0] > 0), "turun": sum(1 for c in changes if c[0] < 0),
        "sama": sum(1 for c in changes if c[0] == 0),
        "turun_terbesar": sorted((c for c in changes if c[0] < 0), key=lambda c: c[0])[:20],
        "naik_terbesar": sorted((c for c in changes if c[0] > 0), key=lambda c: -c[0])[:20],
    }


@transaction.atomic
def kebijakan_tpp_create(*, kebijakan, basis, band, actor):
    """BKD's new version of the rule from its date; past months keep the version they
    used. Audited."""
    if kebijakan.berlaku_mulai <= timezone.localdate():
        raise ValidationError({"berlaku_mulai": _(
            "A new version takes effect after today: past months keep the one they used.")})
    if KebijakanTpp.objects.filter(berlaku_mulai=kebijakan.berlaku_mulai).exists():
        raise ValidationError({"berlaku_mulai": _(
            "A version already takes effect on this date.")})
    kebijakan.versi = (KebijakanTpp.objects.aggregate(m=Max("versi"))["m"] or 0) + 1
    kebijakan.full_clean(exclude=["versi"])
    kebijakan.save()
    BasisTpp.objects.bulk_create(BasisTpp(kebijakan=kebijakan, kelas_jabatan=k, jumlah=v)
                                 for k, v in basis.items())
    PotonganTpp.objects.bulk_create(
        PotonganTpp(kebijakan=kebijakan, jenis=kind, dari_menit=a, sampai_menit=b, persen=p)
        for kind, rows in band.items() for a, b, p in rows)
    audit_record(actor=actor, action="kebijakan_tpp.create", target=kebijakan,
                 after={"berlaku_mulai": str(kebijakan.berlaku_mulai),
                        "sumber": kebijakan.sumber,
                        "bobot": [str(kebijakan.bobot_kinerja), str(kebijakan.bobot_disiplin)],
                        "basis": {str(k): v for k, v in basis.items()},
                        "band": {k: [[a, b, str(p)] for a, b, p in rows]
                                 for k, rows in band.items()}})
    return kebijakan
