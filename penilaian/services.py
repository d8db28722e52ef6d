"""The supervisor's judgement of daily work: the one place an activity's validation state
changes. The validation queue pages arrive with the appraisal issue; the score recompute
that an approval enqueues arrives with the scoring issue.

Each transition is a conditional UPDATE from the state the validator saw, so two
supervisors (or one double click) acting at once give exactly one transition.
"""

import datetime as dt
import logging
from decimal import Decimal

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.db import DatabaseError, connection, transaction
from django.db.models import CharField, Count, Exists, F, OuterRef, Q, Sum, Value
from django.db.models.functions import Concat
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from ekinerja import kalender
from ekinerja.antrean import antre_setelah_commit
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai, UnitKerja
from ekinerja.notifikasi import notifikasi_kirim, notifikasi_kirim_banyak
from ekinerja.selectors import atasan_for, atasan_map
from kinerja.access import kapasitas, may_decide
from kinerja.models import Agregasi, Aktivitas, Periode, RealisasiManual, Skp
from kinerja.selectors import periode_of, realisasi_cte
from kinerja.services import periode_lock

from . import skor as rumus
from .anomali import anomali_for
from .models import AturanSkor, Evaluasi, IkiIkm, Skor, SkorUnit, TugasHitung

logger = logging.getLogger(__name__)


def _check_validator(aktivitas, actor):
    if actor.pk == aktivitas.pegawai_id:
        raise ValidationError(_("No one validates their own activities."))
    if aktivitas.dieskalasi_ke_id != actor.pk and not may_decide(actor, aktivitas.pegawai):
        raise ValidationError(_("Only the employee's supervisor can validate this activity."))
    periode = periode_of(aktivitas.tanggal)
    if periode is not None and periode.terkunci:
        raise ValidationError(_("The period of this activity is closed; its scores are final. "
                                "BKD can reopen it."))


def _notify_decision(aktivitas, to, catatan, entry):
    rejected = to == Aktivitas.Status.DITOLAK
    notifikasi_kirim(
        penerima=aktivitas.pegawai, kunci=entry.pk,
        jenis="aktivitas_ditolak" if rejected else "aktivitas_dikembalikan",
        judul=(_("Activity of %(date)s rejected") if rejected
               else _("Activity of %(date)s returned for revision"))
        % {"date": f"{aktivitas.tanggal:%d-%m-%Y}"},
        pesan=f"{aktivitas.uraian}\n{catatan}".strip(),
        tautan=reverse("aktivitas_hari", args=[aktivitas.tanggal.isoformat()]))


def _validators_of(pending):
    """validator id -> how many of these pending activities wait for them: the person's
    atasan today, or whoever they were escalated to. `pending`: rows of pegawai_id,
    dieskalasi_ke_id and n."""
    atasan = atasan_map({row["pegawai_id"] for row in pending})
    counts = {}
    for row in pending:
        validator = row["dieskalasi_ke_id"] or atasan.get(row["pegawai_id"])
        if validator:
            counts[validator] = counts.get(validator, 0) + row["n"]
    return counts


def notifikasi_menunggu(*, day=None):
    """The atasan's daily digest (not one e-mail per activity): one notification per
    validator with activities submitted that day still waiting. Returns how many were
    made; running it again for the same day makes none."""
    day = day or timezone.localdate()
    pending = (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                        diajukan_pada__date=day)
               .values("pegawai_id", "dieskalasi_ke_id").annotate(n=Count("id")))
    counts = _validators_of(list(pending))
    people = Pegawai.objects.in_bulk(list(counts))
    made = 0
    for validator_id, n in counts.items():
        made += notifikasi_kirim(
            penerima=people[validator_id], jenis="aktivitas_menunggu", kunci=day.isoformat(),
            judul=_("%(n)s activities submitted today wait for your validation") % {"n": n},
            pesan=_("Activities your team submitted on %(date)s.")
            % {"date": f"{day:%d-%m-%Y}"}, tautan=reverse("validasi")) is not None
    return made


def notifikasi_batas_validasi(*, today=None, days=3):
    """A reminder, `days` before a period's cut-off, to each validator who still has
    activities of that period waiting. Once per period and person."""
    today = today or timezone.localdate()
    made = 0
    for periode in Periode.objects.filter(terkunci=False, cutoff__gte=today,
                                          cutoff__lte=today + dt.timedelta(days=days)):
        pending = (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                            tanggal__range=(periode.mulai, periode.selesai))
                   .values("pegawai_id", "dieskalasi_ke_id").annotate(n=Count("id")))
        counts = _validators_of(list(pending))
        people = Pegawai.objects.in_bulk(list(counts))
        for validator_id, n in counts.items():
            made += notifikasi_kirim(
                penerima=people[validator_id], jenis="batas_validasi",
                kunci=f"periode:{periode.pk}",
                judul=_("%(n)s activities wait for you; the cut-off is %(date)s")
                % {"n": n, "date": f"{periode.cutoff:%d-%m-%Y}"},
                pesan=_("What is not validated by then is escalated to your atasan."),
                tautan=reverse("validasi")) is not None
    return made


def _transition(aktivitas, actor, to, *, action, catatan="", **fields):
    _check_validator(aktivitas, actor)
    now = timezone.now()
    updated = Aktivitas.objects.filter(pk=aktivitas.pk, status=Aktivitas.Status.DIAJUKAN).update(
        status=to, catatan_validasi=catatan, diubah=now, divalidasi_oleh=actor,
        divalidasi_pada=now, **fields)
    if updated != 1:
        aktivitas.refresh_from_db()
        raise ValidationError(_("This activity was already handled (it is now %(status)s).")
                              % {"status": aktivitas.get_status_display().lower()})
    aktivitas.refresh_from_db()
    acting = kapasitas(actor, aktivitas.pegawai)
    entry = audit_record(actor=actor, action=action, target=aktivitas,
                         after={"status": to, "catatan": catatan,
                                **{k: str(v) for k, v in fields.items()},
                                **({"kapasitas": acting} if acting else {})})
    if to in (Aktivitas.Status.DITOLAK, Aktivitas.Status.DIKEMBALIKAN):
        _notify_decision(aktivitas, to, catatan, entry)
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


def aktivitas_approve_bulk(*, items, actor):
    """Approve many (a person's day, or a selection), leaving out the anomalous ones
    (penilaian.anomali) and any another validator handled first. Returns (approved,
    left out as [(activity, reasons)])."""
    items = list(items)
    anomalies = anomali_for(items)
    approved, left = [], []
    for aktivitas in items:
        if aktivitas.pk in anomalies:
            left.append((aktivitas, anomalies[aktivitas.pk]))
            continue
        try:
            approved.append(aktivitas_approve(aktivitas=aktivitas, actor=actor))
        except ValidationError as exc:
            left.append((aktivitas, exc.messages))
    return approved, left


UNDOABLE = (Aktivitas.Status.DISETUJUI, Aktivitas.Status.DITOLAK)


@transaction.atomic
def aktivitas_undo(*, aktivitas, actor, alasan):
    """Undo an approval or rejection: only the validator who made it, until the period's
    cut-off, with a reason. The activity waits for validation again; audited."""
    if not alasan.strip():
        raise ValidationError({"alasan": _("Give the reason for undoing the validation.")})
    if aktivitas.status not in UNDOABLE:
        raise ValidationError(_("Only an approval or a rejection can be undone."))
    if aktivitas.divalidasi_oleh_id != actor.pk:
        raise ValidationError(_("Only the supervisor who validated it can undo it."))
    # And only while they still may validate it: after the person moved to another
    # supervisor (or the acting post ended), the decision is no longer theirs to reopen.
    if aktivitas.dieskalasi_ke_id != actor.pk and not may_decide(actor, aktivitas.pegawai):
        raise ValidationError(_("You no longer validate this employee's activities; ask "
                                "their current supervisor."))
    periode = periode_of(aktivitas.tanggal)
    if periode is None or periode.terkunci or timezone.localdate() > periode.cutoff:
        raise ValidationError(_("The period's cut-off has passed; the validation stands. "
                                "BKD can reopen the period."))
    before = aktivitas.status
    updated = Aktivitas.objects.filter(pk=aktivitas.pk, status=before,
                                       divalidasi_oleh=actor).update(
        status=Aktivitas.Status.DIAJUKAN, divalidasi_oleh=None, divalidasi_pada=None,
        catatan_validasi="", diubah=timezone.now())
    if updated != 1:
        raise ValidationError(_("This activity was changed meanwhile. Reload the page."))
    aktivitas.refresh_from_db()
    audit_record(actor=actor, action="aktivitas.undo", target=aktivitas,
                 before={"status": before}, after={"status": aktivitas.status,
                                                   "alasan": alasan.strip()})
    skor_recompute_later(pegawai_id=aktivitas.pegawai_id, day=aktivitas.tanggal)
    return aktivitas


# --- realisation entered by hand --------------------------------------------------------


@transaction.atomic
def realisasi_manual_save(*, iki, periode, nilai, keterangan, actor):
    """The employee enters (or corrects) the period's realisation of an IKI measured by
    hand, while the period is open; audited, and the score follows."""
    skp = iki.rhk.skp
    if actor.pk != skp.pegawai_id:
        raise ValidationError(_("You can only enter the realisation of your own IKI."))
    if iki.agregasi != Agregasi.MANUAL:
        raise ValidationError(_("This IKI's realisation comes from approved activities."))
    link = IkiIkm.objects.filter(iki=iki).select_related("unit_layanan").first()
    if link is not None:
        raise ValidationError(_("This IKI's realisation is the IKM of %(unit)s, computed "
                                "from the public survey.") % {"unit": link.unit_layanan})
    if skp.status != Skp.Status.DISETUJUI and not skp.riwayat.exists():
        raise ValidationError(_("The SKP must be approved first."))
    if periode.tahun_id != skp.tahun_id:
        raise ValidationError(_("This period is not in the SKP's year."))
    today = timezone.localdate()
    if periode.terkunci or today > periode.cutoff:
        raise ValidationError(_("The period is closed; its scores are final. BKD can "
                                "reopen it."))
    if today < periode.mulai:
        raise ValidationError(_("The period has not started yet."))
    if nilai is None or nilai < 0:
        raise ValidationError({"nilai": _("The realisation cannot be negative.")})
    if not keterangan.strip():
        raise ValidationError({"keterangan": _("Say where the figure comes from.")})
    before = RealisasiManual.objects.filter(iki=iki, periode=periode).first()
    row, _created = RealisasiManual.objects.update_or_create(
        iki=iki, periode=periode,
        defaults={"nilai": nilai, "keterangan": keterangan.strip(), "diisi_oleh": actor})
    audit_record(actor=actor, action="realisasi.manual", target=row,
                 before={"nilai": str(before.nilai)} if before else None,
                 after={"nilai": str(nilai), "keterangan": row.keterangan})
    skor_recompute_later(pegawai_id=skp.pegawai_id, day=periode.mulai)
    return row


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


def eskalasi_penerima(pegawai):
    """Whom a person's late activities go to: their atasan's own atasan; for someone whose
    atasan has none in the system, nobody (Admin BKD validates heads of OPD anyway)."""
    atasan = atasan_for(pegawai)
    return atasan_for(atasan) if atasan is not None else None


def aktivitas_eskalasi(*, periode):
    """Escalate the period's activities still pending at its cut-off to the atasan's
    atasan, who may then validate them (audited). Returns how many were escalated."""
    pending = (Aktivitas.objects.filter(status=Aktivitas.Status.DIAJUKAN,
                                        tanggal__range=(periode.mulai, periode.selesai),
                                        dieskalasi_pada__isnull=True)
               .select_related("pegawai__unit", "pegawai__jabatan"))
    now, count, receivers, per_receiver = timezone.now(), 0, {}, {}
    for aktivitas in pending:
        if aktivitas.pegawai_id not in receivers:
            receivers[aktivitas.pegawai_id] = eskalasi_penerima(aktivitas.pegawai)
        receiver = receivers[aktivitas.pegawai_id]
        Aktivitas.objects.filter(pk=aktivitas.pk).update(dieskalasi_ke=receiver,
                                                         dieskalasi_pada=now)
        audit_record(actor=None, action="aktivitas.eskalasi", target=aktivitas,
                     after={"ke": receiver.nip if receiver else "", "periode": periode.pk})
        count += 1
        if receiver is not None:
            per_receiver[receiver] = per_receiver.get(receiver, 0) + 1
    for receiver, n in per_receiver.items():
        notifikasi_kirim(
            penerima=receiver, jenis="eskalasi", kunci=f"periode:{periode.pk}",
            judul=_("%(n)s activities were escalated to you") % {"n": n},
            pesan=_("Their atasan did not validate them before the cut-off of %(period)s.")
            % {"period": periode}, tautan=reverse("validasi"))
    return count


def periode_close_due(*, today=None):
    """At a period's cut-off, activities still pending are escalated (or, as the year
    says, kept and flagged); the period then closes with final scores and is locked
    (audited) once nothing is pending or the escalation time is over. A later change
    needs BKD to reopen it with a reason. Returns the periods closed."""
    today = today or timezone.localdate()
    closed = []
    for periode in (Periode.objects.filter(cutoff__lt=today, terkunci=False)
                    .select_related("tahun").order_by("mulai")):
        tahun = periode.tahun
        if tahun.saat_cutoff == tahun.SaatCutoff.ESKALASI:
            aktivitas_eskalasi(periode=periode)
            waiting = Aktivitas.objects.filter(
                status=Aktivitas.Status.DIAJUKAN,
                tanggal__range=(periode.mulai, periode.selesai)).exists()
            if waiting and today <= periode.cutoff + dt.timedelta(days=tahun.hari_eskalasi):
                skor_hitung(periode=periode)  # what is approved so far; not final yet
                continue
        with transaction.atomic():
            skor_hitung(periode=periode)
            skor_hitung_tahun(tahun=periode.tahun)  # final with the year's last period
            skor_unit_hitung(periode=periode, today=today)
            periode_lock(periode=periode, actor=None)
        closed.append(periode)
    return closed


def hari_wajib(periode, end):
    """The period's working days up to `end`, for a 5- and a 6-day week."""
    holidays = kalender.holidays_between(periode.mulai, periode.selesai)
    return {hk: [d for m in range(periode.mulai.month, periode.selesai.month + 1)
                 for d in kalender.working_days(periode.mulai.year, m, hk, holidays)
                 if d <= end] for hk in (5, 6)}


def notifikasi_batas_lapor(*, today=None, days=3):
    """A reminder, `days` before a period's cut-off, to each active employee whose period
    is not in order: working days (up to yesterday) with nothing reported, activities
    still in draft or returned to them, or activities their atasan has not validated yet.
    Once per period and person; grouped queries and a bulk insert, so a province costs a
    few queries per period."""
    today = today or timezone.localdate()
    made = 0
    for periode in Periode.objects.filter(terkunci=False, cutoff__gte=today,
                                          cutoff__lte=today + dt.timedelta(days=days)):
        end = min(periode.selesai, today - dt.timedelta(days=1))
        working = hari_wajib(periode, end)
        people = dict(Pegawai.objects.filter(aktif=True, unit__isnull=False)
                      .values_list("pk", "unit__hari_kerja"))
        per_person = {r["pegawai_id"]: r for r in (
            Aktivitas.objects.filter(pegawai_id__in=Pegawai.objects.filter(aktif=True),
                                     tanggal__range=(periode.mulai, periode.selesai))
            .values("pegawai_id")
            .annotate(
                hari5=Count("tanggal", distinct=True, filter=Q(
                    tanggal__in=working[5], status__in=Aktivitas.DILAPORKAN)),
                hari6=Count("tanggal", distinct=True, filter=Q(
                    tanggal__in=working[6], status__in=Aktivitas.DILAPORKAN)),
                belum=Count("id", filter=Q(status__in=[Aktivitas.Status.DRAFT,
                                                       Aktivitas.Status.DIKEMBALIKAN])),
                menunggu=Count("id", filter=Q(status=Aktivitas.Status.DIAJUKAN))))}
        isi = {}
        for pk, hk in people.items():
            row = per_person.get(pk, {})
            kosong = len(working[hk]) - row.get(f"hari{hk}", 0)
            belum, menunggu = row.get("belum", 0), row.get("menunggu", 0)
            if not (kosong or belum or menunggu):
                continue
            parts = []
            if kosong:
                parts.append(ngettext("%(n)s working day with nothing reported",
                                      "%(n)s working days with nothing reported", kosong)
                             % {"n": kosong})
            if belum:
                parts.append(ngettext("%(n)s activity in draft or returned to you, not yet "
                                      "submitted", "%(n)s activities in draft or returned to "
                                      "you, not yet submitted", belum) % {"n": belum})
            if menunggu:
                parts.append(ngettext("%(n)s activity not yet validated by your atasan",
                                      "%(n)s activities not yet validated by your atasan",
                                      menunggu) % {"n": menunggu})
            isi[pk] = (_("The cut-off of %(period)s is %(date)s") % {
                "period": periode, "date": f"{periode.cutoff:%d-%m-%Y}"},
                _("Your period is not complete: %(parts)s. What is not submitted and "
                  "validated by the cut-off does not count toward your score.")
                % {"parts": "; ".join(str(p) for p in parts)})
        made += notifikasi_kirim_banyak(
            jenis="batas_lapor", kunci=f"periode:{periode.pk}", isi=isi,
            tautan=reverse("aktivitas_bulan", args=[periode.mulai.year, periode.mulai.month]))
    return made


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


@transaction.atomic
def tugas_hitung_create(*, periode, unit, actor):
    """BKD asks for a recompute of a unit (or the whole instansi) from the web."""
    tugas = TugasHitung.objects.create(dibuat_oleh=actor, periode=periode, unit=unit)
    audit_record(actor=actor, action="skor.recompute", target=tugas,
                 after={"periode": periode.pk, "unit": unit.pk})

    # Broker down: the page says so, and the nightly run catches up.
    antre_setelah_commit("penilaian.tasks.tugas_hitung_jalankan", tugas.pk,
                         gagal=lambda: TugasHitung.objects.filter(pk=tugas.pk).update(
                             status=TugasHitung.Status.GAGAL,
                             gagal=[{"error": "broker unavailable"}]))
    return tugas


def tugas_malam_create(*, periode):
    """The nightly run's record for a period, so BKD sees when it ran and who failed."""
    root = UnitKerja.objects.filter(parent__isnull=True).order_by("pk").first()
    return TugasHitung.objects.create(periode=periode, unit=root,
                                      status=TugasHitung.Status.BERJALAN)


def tugas_malam_selesai(*, tugas_id, results):
    """After every part of the nightly run: the unit figures, then the record."""
    tugas = TugasHitung.objects.select_related("periode").get(pk=tugas_id)
    skor_unit_hitung(periode=tugas.periode)
    failures = [f for r in results if r for f in r.get("gagal", [])]
    TugasHitung.objects.filter(pk=tugas_id).update(
        status=TugasHitung.Status.SELESAI, gagal=failures, selesai=timezone.now(),
        jumlah=Skor.objects.filter(periode=tugas.periode).count())


def tugas_hitung_jalankan(*, tugas_id):
    """Run a requested recompute: the unit's people, then the unit figures."""
    claimed = TugasHitung.objects.filter(pk=tugas_id, status=TugasHitung.Status.ANTRE).update(
        status=TugasHitung.Status.BERJALAN)
    if not claimed:
        return  # already run (a redelivered message)
    tugas = TugasHitung.objects.select_related("periode__tahun", "unit").get(pk=tugas_id)
    people = pegawai_bagian(tugas.unit_id)
    failures = []
    skor_hitung(periode=tugas.periode, pegawai_ids=people, failures=failures)
    skor_hitung_tahun(tahun=tugas.periode.tahun, pegawai_ids=people, failures=failures)
    count = Skor.objects.filter(periode=tugas.periode, pegawai_id__in=people).count()
    skor_unit_hitung(periode=tugas.periode)
    TugasHitung.objects.filter(pk=tugas_id).update(
        status=TugasHitung.Status.SELESAI, jumlah=count, gagal=failures,
        selesai=timezone.now())
