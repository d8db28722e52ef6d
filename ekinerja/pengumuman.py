"""Announcements (pengumuman): an admin writes to the people of a unit in their scope
(everyone there, the heads of units, or the admins); each sees it on their home page from
its first day until they mark it read or its last day passes; the sender sees how many
have read it."""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import admin_scope, unit_in_scope
from .audit import audit_record
from .models import Pegawai, Pengumuman, PengumumanBaca

DI_BERANDA = 5


def _peran_q(peran, prefix=""):
    """The people an announcement's role reaches, as a filter on Pegawai."""
    if peran == Pengumuman.Peran.KEPALA:
        return Q(**{f"{prefix}jabatan__kepala_unit": True, f"{prefix}jabatan__aktif": True})
    if peran == Pengumuman.Peran.ADMIN:
        return Q(**{f"{prefix}admin_scope__isnull": False})
    return Q()


def sasaran(pengumuman):
    """Everyone the announcement is for (active people of the unit's subtree in the role)."""
    return Pegawai.objects.filter(_peran_q(pengumuman.peran), aktif=True,
                                  unit__path__startswith=pengumuman.unit.path)


@transaction.atomic
def pengumuman_kirim(*, pengumuman, actor):
    """Save a new announcement from `actor`, who must administer its unit (audited)."""
    if not unit_in_scope(admin_scope(actor), pengumuman.unit):
        raise ValidationError({"unit": _("Choose a unit you administer.")})
    if pengumuman.selesai and pengumuman.selesai < timezone.localdate():
        raise ValidationError({"selesai": _("The last day has already passed.")})
    pengumuman.pengirim = actor
    pengumuman.full_clean(exclude=["pengirim"])
    pengumuman.jumlah_sasaran = sasaran(pengumuman).count()
    pengumuman.save()
    audit_record(actor=actor, action="pengumuman.kirim", target=pengumuman,
                 after={"judul": pengumuman.judul, "unit": pengumuman.unit_id,
                        "peran": pengumuman.peran, "sasaran": pengumuman.jumlah_sasaran})
    return pengumuman


def untuk(pegawai, *, today=None):
    """The announcements `pegawai` has not read yet and may see today, newest first: one
    query (the units above theirs come from its path)."""
    if not pegawai.unit_id:
        return Pengumuman.objects.none()
    today = today or timezone.localdate()
    peran = [Pengumuman.Peran.SEMUA]
    if pegawai.jabatan_id and pegawai.jabatan.kepala_unit and pegawai.jabatan.aktif:
        peran.append(Pengumuman.Peran.KEPALA)
    if pegawai.admin_scope_id:
        peran.append(Pengumuman.Peran.ADMIN)
    read = PengumumanBaca.objects.filter(pengumuman=OuterRef("pk"), pegawai=pegawai)
    return (Pengumuman.objects.filter(unit_id__in=pegawai.unit.ancestor_ids(), peran__in=peran,
                                      mulai__lte=today)
            .filter(Q(selesai__isnull=True) | Q(selesai__gte=today))
            .exclude(Exists(read)).select_related("pengirim"))


def pengumuman_tandai_dibaca(*, pegawai, pk):
    """Mark one of the person's announcements read. False when it is not theirs to read
    (the view answers 404); marking it twice is harmless."""
    if not untuk(pegawai).filter(pk=pk).exists():
        return PengumumanBaca.objects.filter(pengumuman_id=pk, pegawai=pegawai).exists()
    try:
        with transaction.atomic():
            PengumumanBaca.objects.create(pengumuman_id=pk, pegawai=pegawai)
    except IntegrityError:
        pass  # a double click: read already
    return True


def terkirim(user):
    """The announcements to units in `user`'s scope, with how many have read each."""
    scope = admin_scope(user)
    return (Pengumuman.objects.filter(unit__path__startswith=scope.path)
            .select_related("unit", "pengirim").annotate(jumlah_dibaca=Count("dibaca_set"))
            .order_by("-mulai", "-id"))
