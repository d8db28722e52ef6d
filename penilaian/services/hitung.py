"""Result-based scores (not to be confused with `penilaian.skor`, the formula, imported
here as `rumus`): the rule in force; a period's and a year's scores of everyone, or of
some people, by one statement; the parts a province-wide run is split into; the recompute
queued after a validation, coalesced by a cache key (a test patches `COALESCE_SECONDS`,
`cache` or `timezone` here, in `penilaian.services.hitung`, not on the package); and the
unit roll-up (`skor_unit_hitung`) with the working days and late validations it counts."""

import datetime as dt
import logging
from decimal import Decimal

from django.core.cache import cache
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.module_loading import import_string

from ekinerja import kalender
from ekinerja.models import Pegawai, UnitKerja
from kinerja.models import Aktivitas, Periode, Skp
from kinerja.selectors import realisasi_cte

from .. import skor as rumus
from ..models import AturanSkor, Evaluasi, Skor, SkorUnit

logger = logging.getLogger("penilaian.services")  # the name it logged under as one module


def aturan_for(day):
    """The scoring rule in force on `day`. Without any rule (a database emptied by hand),
    the built-in first version is put back rather than scoring with nothing."""
    aturan = AturanSkor.objects.filter(berlaku_mulai__lte=day).order_by("-berlaku_mulai").first()
    if aturan is None:
        aturan, _created = AturanSkor.objects.get_or_create(
            versi=1, defaults={"berlaku_mulai": dt.date(2020, 1, 1),
                               "catatan": "Bawaan aplikasi (migrasi penilaian 0002)."})
    return aturan


def _target_minutes(mulai, selesai, hari_kerja, holidays):
    return sum(kalender.target_minutes(mulai.year, m, hari_kerja, holidays)
               for m in range(mulai.month, selesai.month + 1))


def _hitung(*, tahun, periode, mulai, selesai, pegawai_ids, failures):
    """Score everyone with an approved SKP for the year (or only `pegawai_ids`) over one
    range: a period, or the year when `periode` is None, with one statement
    (penilaian.skor) that writes only the rows whose inputs changed. If it fails on bad
    data, the group is split in two until the person at fault is found, logged and
    reported; the others are scored. Returns how many rows were written."""
    aturan = aturan_for(mulai)
    holidays = kalender.holidays_between(mulai, selesai)
    nomor = periode.nomor if periode else Skor.TAHUNAN
    values = {
        "tahun": tahun.pk, "nomor": nomor, "periode": periode.pk if periode else None,
        "aturan": aturan.pk, "versi": aturan.versi, "maks": aturan.capaian_maks,
        "ambang_di_atas": aturan.ambang_di_atas, "ambang_sesuai": aturan.ambang_sesuai,
        "bobot_produktivitas": aturan.bobot_produktivitas, "bobot_hasil": aturan.bobot_hasil,
        "target5": _target_minutes(mulai, selesai, 5, holidays),
        "target6": _target_minutes(mulai, selesai, 6, holidays),
    }
    failures = [] if failures is None else failures

    def run(ids):
        realisasi, params = realisasi_cte(tahun_id=tahun.pk, mulai=mulai, selesai=selesai,
                                          periode_id=values["periode"], pegawai_ids=ids)
        with connection.cursor() as cursor:
            cursor.execute(rumus.skor_sql(realisasi),
                           {**params, **values, "now": timezone.now()})
            if cursor.rowcount < 0:  # Python's sqlite3 does not count a WITH ... INSERT
                cursor.execute("SELECT changes()")
                return cursor.fetchone()[0]
            return cursor.rowcount

    def isolate(ids):
        try:
            with transaction.atomic():
                return run(ids)
        except DatabaseError as exc:
            if ids is None:
                ids = sorted(set(Skp.objects.filter(tahun=tahun).values_list("pegawai_id",
                                                                             flat=True)))
            if len(ids) <= 1:
                logger.exception("score of %s in %s/%s failed", ids, tahun, nomor)
                failures.extend({"pegawai": pk, "error": str(exc)[:200]} for pk in ids)
                return 0
            half = len(ids) // 2
            return isolate(ids[:half]) + isolate(ids[half:])

    return isolate(None if pegawai_ids is None else list(pegawai_ids))


@transaction.atomic
def skor_hitung(*, periode, pegawai_ids=None, failures=None):
    """Compute a period's scores (see `_hitung`). A closed period is left alone: its
    scores are final until BKD reopens it. Returns how many score rows were written (new
    or changed)."""
    periode = Periode.objects.select_related("tahun").get(pk=periode.pk)
    if periode.terkunci:
        return 0
    _work_mem()
    return _hitung(tahun=periode.tahun, periode=periode, mulai=periode.mulai,
                   selesai=periode.selesai, pegawai_ids=pegawai_ids, failures=failures)


@transaction.atomic
def skor_hitung_tahun(*, tahun, pegawai_ids=None, failures=None):
    """Compute the year's scores: the annual targets against everything approved in the
    year. Once every period of the year is closed, the year's scores are final too."""
    periods = list(Periode.objects.filter(tahun=tahun).order_by("nomor"))
    if not periods or all(p.terkunci for p in periods):
        return 0
    _work_mem()
    return _hitung(tahun=tahun, periode=None, mulai=periods[0].mulai,
                   selesai=periods[-1].selesai, pegawai_ids=pegawai_ids, failures=failures)


def bagian_instansi():
    """How a province-wide run is split into parallel parts: each OPD with its whole
    subtree, and each instansi for the people placed directly in it."""
    parts = [(pk, False) for pk in UnitKerja.objects.filter(parent__isnull=True)
             .values_list("pk", flat=True)]
    parts += [(pk, True) for pk in UnitKerja.objects.filter(parent__parent__isnull=True,
                                                             parent__isnull=False)
              .values_list("pk", flat=True)]
    return parts


def pegawai_bagian(unit_id, *, subtree=True):
    """The people of one part: a unit's subtree, or only those placed in the unit."""
    if not subtree:
        return list(Pegawai.objects.filter(unit_id=unit_id).values_list("pk", flat=True))
    path = UnitKerja.objects.values_list("path", flat=True).get(pk=unit_id)
    return list(Pegawai.objects.filter(unit__path__startswith=path)
                .values_list("pk", flat=True))


def _work_mem():
    """The grouped scan and its sorts fit in memory instead of spilling to disk, and a
    query run once a night is not compiled by the JIT first (which costs more than it
    saves here)."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL work_mem = '256MB'")
            cursor.execute("SET LOCAL jit = off")


def skor_recompute_later(*, pegawai_id, day):
    """After the current transaction commits, recompute this person's period on a worker,
    once however many validations happen in the next seconds (coalesced by a cache key).
    If the broker or cache is down the request still succeeds: the nightly run catches
    up."""
    def enqueue():
        key = f"skor-antre:{pegawai_id}:{day:%Y-%m}"
        try:
            if cache.add(key, 1, timeout=COALESCE_SECONDS):
                # By name: the tasks import the services, not the other way round.
                import_string("penilaian.tasks.skor_hitung_pegawai").apply_async(
                    (pegawai_id, day.isoformat()), countdown=COALESCE_SECONDS)
        except Exception:  # noqa: BLE001 - a down broker must not fail the validation
            logger.warning("score recompute for %s not enqueued", pegawai_id, exc_info=True)

    transaction.on_commit(enqueue)


COALESCE_SECONDS = 5


def hari_wajib(periode, end):
    """The period's working days up to `end`, for a 5- and a 6-day week."""
    holidays = kalender.holidays_between(periode.mulai, periode.selesai)
    return {hk: [d for m in range(periode.mulai.month, periode.selesai.month + 1)
                 for d in kalender.working_days(periode.mulai.year, m, hk, holidays)
                 if d <= end] for hk in (5, 6)}


def terlambat_q(periode, today):
    """A period's activities validated late: escalated because nobody validated them by
    the cut-off, validated after it, or still waiting once it has passed."""
    late = Q(dieskalasi_pada__isnull=False) | Q(divalidasi_pada__date__gt=periode.cutoff)
    if today > periode.cutoff:
        late |= Q(status=Aktivitas.Status.DIAJUKAN)
    return late


@transaction.atomic
def skor_unit_hitung(*, periode, today=None):
    """Roll the period's person scores, reporting completion, validation backlog and late
    validations, SKP status, staff predikat and JP compliance up the unit tree: every
    unit's row covers its whole subtree (an OPD row covers the OPD), so the monitoring
    pages read these rows and never raw activities. Set-based: a grouped query per figure,
    then a sum over ancestors per unit."""
    from pelatihan.selectors import kepatuhan

    today = today or timezone.localdate()
    days = hari_wajib(periode, min(periode.selesai, today))
    units = {u.pk: u for u in UnitKerja.objects.all()}
    acc = {}

    def add(unit_id, **values):
        for ancestor in units[unit_id].ancestor_ids():
            row = acc.setdefault(ancestor, {**dict.fromkeys(
                ("n", "hasil", "prod", "tpp", "di_atas", "sesuai", "di_bawah", "lapor",
                 "wajib", "menunggu", "terlambat", "aktif", "skp", "tanpa_skp", "jp"), 0),
                "predikat": {}})
            for key, value in values.items():
                if key == "predikat":
                    for name, n in value.items():
                        row["predikat"][name] = row["predikat"].get(name, 0) + n
                else:
                    row[key] += value

    for row in (Skor.objects.filter(periode=periode, pegawai__unit__isnull=False)
                .values("pegawai__unit_id", "rating_saran")
                .annotate(n=Count("id"), hasil=Sum("skor_hasil"), prod=Sum("produktivitas"),
                          tpp=Sum("tpp_kinerja"))):
        add(row["pegawai__unit_id"], n=row["n"], hasil=row["hasil"], prod=row["prod"],
            tpp=row["tpp"], **{row["rating_saran"]: row["n"]})
    active = Pegawai.objects.filter(aktif=True, unit__isnull=False)
    skp = Skp.objects.filter(pegawai=OuterRef("pk"), tahun_id=periode.tahun_id)
    people = (active.annotate(ada=Exists(skp), setuju=Exists(
                  skp.filter(status=Skp.Status.DISETUJUI)))
              .values("unit_id", "unit__hari_kerja")
              .annotate(n=Count("id"), tanpa=Count("id", filter=Q(ada=False)),
                        setuju=Count("id", filter=Q(setuju=True))))
    for row in people:
        add(row["unit_id"], wajib=row["n"] * len(days[row["unit__hari_kerja"]]),
            aktif=row["n"], tanpa_skp=row["tanpa"], skp=row["setuju"])
    for row in (kepatuhan(active, periode.mulai.year).order_by().values("unit_id")
                .annotate(n=Count("id", filter=Q(jp_kurang=0)))):
        add(row["unit_id"], jp=row["n"])
    for row in (Evaluasi.objects.filter(periode=periode, pegawai__unit__isnull=False)
                .exclude(status=Evaluasi.Status.DRAFT)
                .values("pegawai__unit_id", "predikat").annotate(n=Count("id"))):
        add(row["pegawai__unit_id"], predikat={row["predikat"]: row["n"]})
    for hk, working in days.items():
        reported = (Aktivitas.objects.filter(tanggal__in=working, pegawai__unit__hari_kerja=hk,
                                             pegawai__aktif=True,
                                             status__in=Aktivitas.DILAPORKAN)
                    .values("pegawai__unit_id")
                    .annotate(n=Count(Concat(F("pegawai_id"), Value("-"), F("tanggal"),
                                             output_field=CharField()), distinct=True)))
        for row in reported:
            add(row["pegawai__unit_id"], lapor=row["n"])
    for row in (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                         tanggal__range=(periode.mulai, periode.selesai))
                .values("pegawai__unit_id").annotate(n=Count("id"))):
        if row["pegawai__unit_id"]:
            add(row["pegawai__unit_id"], menunggu=row["n"])
    for row in (Aktivitas.objects.filter(terlambat_q(periode, today),
                                         tanggal__range=(periode.mulai, periode.selesai),
                                         pegawai__unit__isnull=False)
                .values("pegawai__unit_id").annotate(n=Count("id"))):
        add(row["pegawai__unit_id"], terlambat=row["n"])
    now = timezone.now()

    def avg(total, n):
        return (total / n).quantize(Decimal("0.01")) if n else Decimal("0")

    rows = [SkorUnit(unit_id=uid, periode=periode, jumlah_pegawai=a["n"],
                     rata_skor_hasil=avg(a["hasil"], a["n"]),
                     rata_produktivitas=avg(a["prod"], a["n"]), rata_tpp=avg(a["tpp"], a["n"]),
                     n_di_atas=a["di_atas"], n_sesuai=a["sesuai"], n_di_bawah=a["di_bawah"],
                     hari_lapor=a["lapor"], hari_wajib=a["wajib"],
                     menunggu_validasi=a["menunggu"], terlambat_validasi=a["terlambat"],
                     pegawai_aktif=a["aktif"], skp_disetujui=a["skp"],
                     tanpa_skp=a["tanpa_skp"], jp_patuh=a["jp"], predikat=a["predikat"],
                     dihitung_pada=now)
            for uid, a in acc.items()]
    SkorUnit.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["unit", "periode"],
        update_fields=["jumlah_pegawai", "rata_skor_hasil", "rata_produktivitas", "rata_tpp",
                       "n_di_atas", "n_sesuai", "n_di_bawah", "hari_lapor", "hari_wajib",
                       "menunggu_validasi", "terlambat_validasi", "pegawai_aktif",
                       "skp_disetujui", "tanpa_skp", "jp_patuh", "predikat", "dihitung_pada"],
        batch_size=2000)
    return len(rows)
