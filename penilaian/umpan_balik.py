"""360 feedback on BerAKHLAK, a year's round when BKD turns it on (Putaran360): the
employee or their atasan nominates up to N peers (people with the same atasan) and
subordinates; each rates the 7 BerAKHLAK values 1-5 with a short comment, once, before the
round's deadline. The answers are the atasan's input to the rating of perilaku. To the
employee they are anonymous: only the averages per value, and only once at least
AMBANG raters have answered; never the comments or who said what. A rater sees only their
own answers. Nothing about an answer enters the person's history (`/riwayat/`): the audit
entry of an answer is kept on the rater's side.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Avg, Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from ekinerja.access import is_atasan_of
from ekinerja.audit import audit_record
from ekinerja.models import Pegawai
from ekinerja.notifikasi import notifikasi_kirim_banyak
from ekinerja.selectors import atasan_for, bawahan_for
from kinerja.berakhlak import BERAKHLAK

from .models import Jawaban360, Penilai360, Putaran360

AMBANG = 3  # answers before the employee sees anything


def putaran_berjalan(tahun=None):
    """The round of a year (this year's by default), when BKD has turned it on; else None.
    The evaluation of a year asks for that year's round, also in the next January."""
    year = tahun.tahun if tahun is not None else timezone.localdate().year
    return (Putaran360.objects.filter(tahun__tahun=year, aktif=True)
            .select_related("tahun").first())


def kandidat(pegawai):
    """Whom a person may be rated by: their peers (the same atasan) and subordinates, as
    [(person, hubungan)]."""
    atasan = atasan_for(pegawai)
    peers = [p for p in bawahan_for(atasan) if p.pk != pegawai.pk] if atasan else []
    subordinates = list(bawahan_for(pegawai))
    return [(p, Penilai360.Hubungan.REKAN) for p in peers] + \
        [(p, Penilai360.Hubungan.BAWAHAN) for p in subordinates
         if p.pk not in {q.pk for q in peers}]


def _may_nominate(actor, pegawai):
    return actor.pk == pegawai.pk or is_atasan_of(actor, pegawai)


def _terbuka(putaran):
    if putaran is None or not putaran.aktif:
        raise ValidationError(_("There is no 360 feedback round this year."))
    if timezone.localdate() > putaran.batas:
        raise ValidationError(_("The 360 feedback round ended on %(date)s.")
                              % {"date": putaran.batas.strftime("%d-%m-%Y")})


@transaction.atomic
def nominasi_simpan(*, putaran, pegawai, penilai_ids, actor):
    """The employee or their atasan asks peers and subordinates for feedback, up to the
    round's limit in all; each is told. Returns the new rows."""
    _terbuka(putaran)
    if not _may_nominate(actor, pegawai):
        raise ValidationError(_("Only the employee and their supervisor choose the raters."))
    allowed = dict((p.pk, h) for p, h in kandidat(pegawai))
    if not penilai_ids:
        raise ValidationError({"penilai": _("Choose at least one rater.")})
    wrong = [pk for pk in penilai_ids if pk not in allowed]
    if wrong:
        raise ValidationError({"penilai": _("Only peers and subordinates rate a person.")})
    # The person's row locked: the employee and the atasan asking at once count together.
    Pegawai.objects.select_for_update().filter(pk=pegawai.pk).first()
    have = set(Penilai360.objects.filter(putaran=putaran, pegawai=pegawai)
               .values_list("penilai_id", flat=True))
    new = [pk for pk in dict.fromkeys(penilai_ids) if pk not in have]
    if len(have) + len(new) > putaran.maks_penilai:
        raise ValidationError({"penilai": _("At most %(n)s raters per person.")
                               % {"n": putaran.maks_penilai}})
    rows = Penilai360.objects.bulk_create(
        Penilai360(putaran=putaran, pegawai=pegawai, penilai_id=pk, hubungan=allowed[pk],
                   dinominasikan_oleh=actor) for pk in new)
    audit_record(actor=actor, action="umpan_balik.nominasi", target=pegawai,
                 after={"penilai": new, "putaran": putaran.tahun.tahun})
    notifikasi_kirim_banyak(
        jenis="umpan_balik_diminta", kunci=f"360-{putaran.pk}-{pegawai.pk}",
        isi={pk: (_("Give 360 feedback to %(name)s") % {"name": pegawai.nama_lengkap},
                  _("Rate the 7 BerAKHLAK values before %(date)s. The employee sees only "
                    "averages, never who answered.")
                  % {"date": putaran.batas.strftime("%d-%m-%Y")}) for pk in new},
        tautan=reverse("umpan_balik"))
    return rows


@transaction.atomic
def jawaban_simpan(*, penilai360, actor, jawaban):
    """The rater answers, once: `jawaban` {nilai: (skor 1-5, komentar)} for all 7 values."""
    row = Penilai360.objects.select_for_update().select_related("putaran").get(
        pk=penilai360.pk)
    if actor.pk != row.penilai_id:
        raise ValidationError(_("Only the one asked answers."))
    _terbuka(row.putaran)
    if row.dijawab_pada is not None:
        raise ValidationError(_("You have answered already."))
    if set(jawaban) != set(BERAKHLAK):
        raise ValidationError(_("Rate every one of the 7 values."))
    for skor, komentar in jawaban.values():
        if skor not in range(1, 6):
            raise ValidationError(_("A rating runs from 1 to 5."))
        if len(komentar) > 500:
            raise ValidationError(_("A comment is at most 500 characters."))
    Jawaban360.objects.bulk_create(
        Jawaban360(penilai360=row, nilai=nilai, skor=skor, komentar=komentar.strip())
        for nilai, (skor, komentar) in sorted(jawaban.items()))
    Penilai360.objects.filter(pk=row.pk).update(dijawab_pada=timezone.now())
    # Kept on the rater's side: nothing of it reaches the employee's history.
    audit_record(actor=actor, action="umpan_balik.jawab", target=actor,
                 after={"putaran": row.putaran.tahun.tahun})


def hasil(pegawai, putaran, viewer):
    """What `viewer` sees of the feedback on `pegawai`: the atasan every answer with its
    rater; the employee, once the round has ended, the averages per value if AMBANG have
    answered (and how many did). Two queries."""
    answered = Penilai360.objects.filter(putaran=putaran, pegawai=pegawai,
                                         dijawab_pada__isnull=False)
    n = answered.count()
    rata = {r["nilai"]: r for r in Jawaban360.objects.filter(penilai360__in=answered)
            .values("nilai").annotate(rata=Avg("skor"), n=Count("id"))}
    aggregates = [(BERAKHLAK[v][0], round(float(rata[v]["rata"]), 1) if v in rata else None)
                  for v in BERAKHLAK]
    if viewer.pk == pegawai.pk:
        # Only after the deadline: watching the averages move as answers come in (or as one
        # more rater is asked) would give a single rater's scores away.
        tampil = n >= AMBANG and timezone.localdate() > putaran.batas
        return {"n": n if timezone.localdate() > putaran.batas else None, "tampil": tampil,
                "rata": aggregates if tampil else [], "rinci": [], "batas": putaran.batas}
    rinci = list(Jawaban360.objects.filter(penilai360__in=answered)
                 .select_related("penilai360__penilai").order_by("penilai360_id", "nilai"))
    return {"n": n, "tampil": True, "rata": aggregates, "rinci": rinci}


def pengingat(*, today=None):
    """From three days before the round's deadline: each rater with answers still owed
    hears once. Returns how many were told."""
    putaran = putaran_berjalan()
    today = today or timezone.localdate()
    if putaran is None or not (0 <= (putaran.batas - today).days <= 3):
        return 0
    owed = dict(Penilai360.objects.filter(putaran=putaran, dijawab_pada__isnull=True)
                .values("penilai_id").annotate(n=Count("id")).values_list("penilai_id", "n"))
    return notifikasi_kirim_banyak(
        jenis="umpan_balik_diminta", kunci=f"360-{putaran.pk}-pengingat",
        isi={pk: (_("360 feedback ends on %(date)s") % {
            "date": putaran.batas.strftime("%d-%m-%Y")},
            _("%(n)s answer(s) still owed.") % {"n": n}) for pk, n in owed.items()},
        tautan=reverse("umpan_balik"))


def kelengkapan(unit, putaran):
    """For a unit and its direct sub-units (their subtrees): people, raters asked, answers
    given, and people with enough answers to see them. Two queries."""
    people = list(Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path)
                  .values_list("pk", "unit__path"))
    asked = (Penilai360.objects.filter(putaran=putaran,
                                       pegawai__unit__path__startswith=unit.path)
             .values("pegawai_id")
             .annotate(diminta=Count("id"),
                       dijawab=Count("id", filter=Q(dijawab_pada__isnull=False))))
    rows = {r["pegawai_id"]: r for r in asked}
    units = [unit, *unit.children.filter(aktif=True).order_by("nama")]
    result = []
    for u in units:
        inside = [pk for pk, path in people if path.startswith(u.path)]
        diminta = sum(rows[pk]["diminta"] for pk in inside if pk in rows)
        given = sum(rows[pk]["dijawab"] for pk in inside if pk in rows)
        result.append({"unit": u, "pegawai": len(inside), "diminta": diminta,
                       "dijawab": given, "persen": round(100 * given / diminta) if diminta
                       else None,
                       "cukup": sum(1 for pk in inside
                                    if pk in rows and rows[pk]["dijawab"] >= AMBANG)})
    return result


@transaction.atomic
def putaran_simpan(*, putaran, actor):
    """BKD turns the year's round on or off and sets its limit and deadline."""
    putaran.diubah_oleh = actor
    putaran.full_clean()
    putaran.save()
    audit_record(actor=actor, action="umpan_balik.putaran", target=putaran,
                 after={"aktif": putaran.aktif, "maks_penilai": putaran.maks_penilai,
                        "batas": str(putaran.batas)})
    return putaran
