"""The supervisor's judgement of daily work: the one place an activity's validation state
changes. The validation queue pages arrive with the appraisal issue; the score recompute
that an approval enqueues arrives with the scoring issue.

Each transition is a conditional UPDATE from the state the validator saw, so two
supervisors (or one double click) acting at once give exactly one transition.
"""

import datetime as dt
import hashlib
import json
import logging
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import CharField, Count, F, Sum, Value
from django.db.models.functions import Concat
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja import kalender
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai, UnitKerja
from kinerja.access import may_decide
from kinerja.models import Aktivitas, Periode
from kinerja.selectors import iki_realisasi, periode_of, realisasi_of
from kinerja.services import periode_lock

from . import skor as rumus
from .models import AturanSkor, Skor, SkorIki, SkorUnit, TugasHitung

logger = logging.getLogger(__name__)


def _check_validator(aktivitas, actor):
    if actor.pk == aktivitas.pegawai_id:
        raise ValidationError(_("No one validates their own activities."))
    if not may_decide(actor, aktivitas.pegawai):
        raise ValidationError(_("Only the employee's supervisor can validate this activity."))
    periode = periode_of(aktivitas.tanggal)
    if periode is not None and periode.terkunci:
        raise ValidationError(_("The period of this activity is closed; its scores are final. "
                                "BKD can reopen it."))


def _transition(aktivitas, actor, to, *, action, catatan="", **fields):
    _check_validator(aktivitas, actor)
    updated = Aktivitas.objects.filter(pk=aktivitas.pk, status=Aktivitas.Status.DIAJUKAN).update(
        status=to, catatan_validasi=catatan, diubah=timezone.now(), **fields)
    if updated != 1:
        aktivitas.refresh_from_db()
        raise ValidationError(_("This activity was already handled (it is now %(status)s).")
                              % {"status": aktivitas.get_status_display().lower()})
    aktivitas.refresh_from_db()
    audit_record(actor=actor, action=action, target=aktivitas,
                 after={"status": to, "catatan": catatan, **{k: str(v) for k, v in
                                                             fields.items()}})
    skor_recompute_later(pegawai_id=aktivitas.pegawai_id, day=aktivitas.tanggal)
    return aktivitas


@transaction.atomic
def aktivitas_approve(*, aktivitas, actor, output=None, catatan=""):
    """Approve, optionally with an adjusted output quantity (a note is then required)."""
    fields = {}
    if output is not None and Decimal(output) != aktivitas.output:
        if Decimal(output) < 0:
            raise ValidationError({"output": _("The output cannot be negative.")})
        if not catatan.strip():
            raise ValidationError({"catatan": _("Say why the output is adjusted.")})
        fields["output"] = Decimal(output)
    return _transition(aktivitas, actor, Aktivitas.Status.DISETUJUI, action="aktivitas.approve",
                       catatan=catatan.strip(), **fields)


@transaction.atomic
def aktivitas_reject(*, aktivitas, actor, catatan):
    if not catatan.strip():
        raise ValidationError({"catatan": _("Give the reason for rejecting.")})
    return _transition(aktivitas, actor, Aktivitas.Status.DITOLAK, action="aktivitas.reject",
                       catatan=catatan.strip())


@transaction.atomic
def aktivitas_return(*, aktivitas, actor, catatan):
    if not catatan.strip():
        raise ValidationError({"catatan": _("Say what must be revised.")})
    return _transition(aktivitas, actor, Aktivitas.Status.DIKEMBALIKAN,
                       action="aktivitas.return", catatan=catatan.strip())


# --- result-based scores ----------------------------------------------------------------


def aturan_for(day):
    """The scoring rule in force on `day`. Without any rule (a database emptied by hand),
    the built-in first version is put back rather than scoring with nothing."""
    aturan = AturanSkor.objects.filter(berlaku_mulai__lte=day).order_by("-berlaku_mulai").first()
    if aturan is None:
        aturan, _created = AturanSkor.objects.get_or_create(
            versi=1, defaults={"berlaku_mulai": dt.date(2020, 1, 1),
                               "catatan": "Bawaan aplikasi (migrasi penilaian 0002)."})
    return aturan


def _target_minutes(periode, hari_kerja, holidays):
    months = range(periode.mulai.month, periode.selesai.month + 1)
    return sum(kalender.target_minutes(periode.mulai.year, m, hari_kerja, holidays)
               for m in months)


def _digest(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def _score_person(pegawai_id, items, *, aturan, periode, menit, target_menit, now):
    detail = []
    for r in items:
        real = realisasi_of(r)
        cap = rumus.capaian(realisasi=real, target=r.target_periode_ini,
                            target_atas=r.target_atas, arah=r.arah, maks=aturan.capaian_maks)
        detail.append(SkorIki(iki_id=r.pk, realisasi=real, target=r.target_periode_ini,
                              capaian=cap, bobot=r.bobot, utama=r.jenis_rhk == "utama"))
    hasil = rumus.skor_hasil([(d.capaian, d.bobot) for d in detail if d.utama])
    prod = rumus.produktivitas(menit, target_menit)
    skor = Skor(
        pegawai_id=pegawai_id, periode=periode, skp_id=items[0].skp_id, aturan=aturan,
        menit_disetujui=menit, target_menit=target_menit, produktivitas=prod,
        skor_hasil=hasil,
        rating_saran=rumus.rating_saran(hasil, ambang_di_atas=aturan.ambang_di_atas,
                                        ambang_sesuai=aturan.ambang_sesuai),
        tpp_kinerja=rumus.tpp_kinerja(produktivitas=prod, skor_hasil=hasil,
                                      bobot_produktivitas=aturan.bobot_produktivitas,
                                      bobot_hasil=aturan.bobot_hasil),
        dihitung_pada=now)
    skor.digest = _digest({"aturan": aturan.versi, "menit": menit,
                           "target_menit": target_menit,
                           "iki": [(d.iki_id, d.realisasi, d.target, d.bobot, d.utama)
                                   for d in detail]})
    return skor, detail


@transaction.atomic
def skor_hitung(*, periode, pegawai_ids=None, failures=None):
    """Compute the period's scores for everyone with an approved SKP that year (or only for
    `pegawai_ids`), from approved activities, in set-based queries, and upsert them: the
    same inputs always give the same rows, and a run leaves each person with either the
    old or the new score (one transaction). A person whose data cannot be scored is
    logged (and added to `failures`) without stopping the others. Returns how many people
    were scored."""
    if Periode.objects.filter(pk=periode.pk, terkunci=True).exists():
        return 0  # closed: its scores are final until BKD reopens it
    aturan = aturan_for(periode.mulai)
    rows = list(iki_realisasi(periode=periode, pegawai_ids=pegawai_ids))
    people = {r.pegawai_id for r in rows}
    menit = dict(Aktivitas.objects.filter(
        pegawai_id__in=people, status=Aktivitas.Status.DISETUJUI,
        tanggal__range=(periode.mulai, periode.selesai)).values("pegawai_id").annotate(
        m=Sum("menit")).values_list("pegawai_id", "m"))
    hari_kerja = dict(Pegawai.objects.filter(pk__in=people).values_list("pk",
                                                                         "unit__hari_kerja"))
    holidays = kalender.holidays_between(periode.mulai, periode.selesai)
    targets = {hk: _target_minutes(periode, hk, holidays) for hk in set(hari_kerja.values())}
    by_person = {}
    for r in rows:
        by_person.setdefault(r.pegawai_id, []).append(r)
    now = timezone.now()
    scores, lines = [], {}
    for pegawai_id, items in by_person.items():
        try:
            skor, detail = _score_person(pegawai_id, items, aturan=aturan, periode=periode,
                                         menit=menit.get(pegawai_id, 0),
                                         target_menit=targets.get(hari_kerja.get(pegawai_id),
                                                                  0), now=now)
        except Exception as exc:  # noqa: BLE001 - one bad record must not stop the rest
            logger.exception("score of %s in %s failed", pegawai_id, periode)
            if failures is not None:
                failures.append({"pegawai": pegawai_id, "error": str(exc)[:200]})
            continue
        scores.append(skor)
        lines[pegawai_id] = detail
    fields = ["skp", "aturan", "menit_disetujui", "target_menit", "produktivitas",
              "skor_hasil", "rating_saran", "tpp_kinerja", "digest", "dihitung_pada"]
    Skor.objects.bulk_create(scores, update_conflicts=True, unique_fields=["pegawai", "periode"],
                             update_fields=fields, batch_size=2000)
    ids = dict(Skor.objects.filter(periode=periode, pegawai_id__in=lines.keys())
               .values_list("pegawai_id", "pk"))
    SkorIki.objects.filter(skor_id__in=ids.values()).delete()
    for pegawai_id, detail in lines.items():
        for d in detail:
            d.skor_id = ids[pegawai_id]
    SkorIki.objects.bulk_create([d for detail in lines.values() for d in detail],
                                batch_size=5000)
    return len(scores)


def skor_recompute_later(*, pegawai_id, day):
    """After the current transaction commits, recompute this person's period on a worker,
    once however many validations happen in the next seconds (coalesced by a cache key).
    If the broker or cache is down the request still succeeds: the nightly run catches
    up."""
    from .tasks import skor_hitung_pegawai

    def enqueue():
        key = f"skor-antre:{pegawai_id}:{day:%Y-%m}"
        try:
            if cache.add(key, 1, timeout=COALESCE_SECONDS):
                skor_hitung_pegawai.apply_async((pegawai_id, day.isoformat()),
                                                countdown=COALESCE_SECONDS)
        except Exception:  # noqa: BLE001 - a down broker must not fail the validation
            logger.warning("score recompute for %s not enqueued", pegawai_id, exc_info=True)

    transaction.on_commit(enqueue)


COALESCE_SECONDS = 5


def periode_close_due(*, today=None):
    """Close every period whose cut-off has passed: compute its final scores, then lock it
    (audited). A later change needs BKD to reopen it with a reason. Returns the periods
    closed."""
    today = today or timezone.localdate()
    closed = []
    for periode in Periode.objects.filter(cutoff__lt=today, terkunci=False).order_by("mulai"):
        with transaction.atomic():
            skor_hitung(periode=periode)
            skor_unit_hitung(periode=periode, today=today)
            periode_lock(periode=periode, actor=None)
        closed.append(periode)
    return closed


@transaction.atomic
def skor_unit_hitung(*, periode, today=None):
    """Roll the period's person scores, reporting completion and validation backlog up the
    unit tree: every unit's row covers its whole subtree (an OPD row covers the OPD).
    Set-based: a few grouped queries, then a sum over ancestors per unit."""
    today = today or timezone.localdate()
    end = min(periode.selesai, today)
    holidays = kalender.holidays_between(periode.mulai, periode.selesai)
    days = {hk: [d for m in range(periode.mulai.month, periode.selesai.month + 1)
                 for d in kalender.working_days(periode.mulai.year, m, hk, holidays)
                 if d <= end] for hk in (5, 6)}
    units = {u.pk: u for u in UnitKerja.objects.all()}
    acc = {}

    def add(unit_id, **values):
        for ancestor in units[unit_id].ancestor_ids():
            row = acc.setdefault(ancestor, dict.fromkeys(
                ("n", "hasil", "prod", "tpp", "di_atas", "sesuai", "di_bawah", "lapor",
                 "wajib", "menunggu"), 0))
            for key, value in values.items():
                row[key] += value

    for row in (Skor.objects.filter(periode=periode, pegawai__unit__isnull=False)
                .values("pegawai__unit_id", "rating_saran")
                .annotate(n=Count("id"), hasil=Sum("skor_hasil"), prod=Sum("produktivitas"),
                          tpp=Sum("tpp_kinerja"))):
        add(row["pegawai__unit_id"], n=row["n"], hasil=row["hasil"], prod=row["prod"],
            tpp=row["tpp"], **{row["rating_saran"]: row["n"]})
    people = (Pegawai.objects.filter(aktif=True, unit__isnull=False)
              .values("unit_id", "unit__hari_kerja").annotate(n=Count("id")))
    for row in people:
        add(row["unit_id"], wajib=row["n"] * len(days[row["unit__hari_kerja"]]))
    for hk, working in days.items():
        reported = (Aktivitas.objects.filter(tanggal__in=working, pegawai__unit__hari_kerja=hk,
                                             pegawai__aktif=True)
                    .exclude(status=Aktivitas.Status.DITOLAK)
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
    now = timezone.now()

    def avg(total, n):
        return rumus.q(total / n) if n else Decimal("0")

    rows = [SkorUnit(unit_id=uid, periode=periode, jumlah_pegawai=a["n"],
                     rata_skor_hasil=avg(a["hasil"], a["n"]),
                     rata_produktivitas=avg(a["prod"], a["n"]), rata_tpp=avg(a["tpp"], a["n"]),
                     n_di_atas=a["di_atas"], n_sesuai=a["sesuai"], n_di_bawah=a["di_bawah"],
                     hari_lapor=a["lapor"], hari_wajib=a["wajib"],
                     menunggu_validasi=a["menunggu"], dihitung_pada=now)
            for uid, a in acc.items()]
    SkorUnit.objects.bulk_create(
        rows, update_conflicts=True, unique_fields=["unit", "periode"],
        update_fields=["jumlah_pegawai", "rata_skor_hasil", "rata_produktivitas", "rata_tpp",
                       "n_di_atas", "n_sesuai", "n_di_bawah", "hari_lapor", "hari_wajib",
                       "menunggu_validasi", "dihitung_pada"], batch_size=2000)
    return len(rows)


@transaction.atomic
def tugas_hitung_create(*, periode, unit, actor):
    """BKD asks for a recompute of a unit (or the whole instansi) from the web."""
    tugas = TugasHitung.objects.create(dibuat_oleh=actor, periode=periode, unit=unit)
    audit_record(actor=actor, action="skor.recompute", target=tugas,
                 after={"periode": periode.pk, "unit": unit.pk})

    def enqueue():
        from .tasks import tugas_hitung_jalankan

        try:
            tugas_hitung_jalankan.delay(tugas.pk)
        except Exception:  # noqa: BLE001 - broker down: the page says so, nightly catches up
            logger.warning("recompute %s not enqueued", tugas.pk, exc_info=True)
            TugasHitung.objects.filter(pk=tugas.pk).update(
                status=TugasHitung.Status.GAGAL, gagal=[{"error": "broker unavailable"}])

    transaction.on_commit(enqueue)
    return tugas


def tugas_hitung_jalankan(*, tugas_id):
    """Run a requested recompute: the unit's people, then the unit figures."""
    claimed = TugasHitung.objects.filter(pk=tugas_id, status=TugasHitung.Status.ANTRE).update(
        status=TugasHitung.Status.BERJALAN)
    if not claimed:
        return  # already run (a redelivered message)
    tugas = TugasHitung.objects.select_related("periode", "unit").get(pk=tugas_id)
    people = list(Pegawai.objects.filter(unit__path__startswith=tugas.unit.path)
                  .values_list("pk", flat=True))
    failures = []
    count = skor_hitung(periode=tugas.periode, pegawai_ids=people, failures=failures)
    skor_unit_hitung(periode=tugas.periode)
    TugasHitung.objects.filter(pk=tugas_id).update(
        status=TugasHitung.Status.SELESAI, jumlah=count, gagal=failures,
        selesai=timezone.now())
