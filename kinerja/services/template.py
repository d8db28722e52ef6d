"""Writes of what BKD prepares per position: the SKP template applied as draft SKPs to
the post's holders, and the simple configuration rows (template rows, task catalogue,
organisation goals)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from ekinerja.audit import audit_record

from ..berakhlak import BERAKHLAK
from ..models import (
    Arah,
    Iki,
    JenisRhk,
    Perilaku,
    Periode,
    Rhk,
    Skp,
    TargetPeriode,
    TemplateIki,
    TemplateRhk,
)
from .indikator import indikator_versi_current
from .skp import target_periode_nilai


def template_weights_ok(jabatan):
    total = TemplateIki.objects.filter(rhk__jabatan=jabatan, rhk__jenis=JenisRhk.UTAMA
                                       ).aggregate(s=Sum("bobot"))["s"] or 0
    return total == 100


def template_apply_plan(*, jabatan, tahun):
    """Who would get a draft SKP from the template: active holders without an SKP for
    this year and post. Returns (to_create, already_have)."""
    from ..selectors import template_holders

    holders = list(template_holders(jabatan=jabatan))
    have = set(Skp.objects.filter(tahun=tahun, jabatan=jabatan, pegawai__in=holders)
               .values_list("pegawai_id", flat=True))
    return [p for p in holders if p.pk not in have], [p for p in holders if p.pk in have]


@transaction.atomic
def template_apply(*, jabatan, tahun, actor):
    """Create draft SKPs from the position's template for every holder that has none, in
    a constant number of statements however many holders there are."""
    rhks = list(TemplateRhk.objects.filter(jabatan=jabatan).prefetch_related("iki__indikator"))
    if not rhks:
        raise ValidationError(_("This position has no SKP template yet."))
    to_create, _have = template_apply_plan(jabatan=jabatan, tahun=tahun)
    if not to_create:
        return 0
    on = dt.date(tahun.tahun, 1, 1)
    versions = {}
    for trhk in rhks:
        for tiki in trhk.iki.all():
            versions[tiki.pk] = indikator_versi_current(tiki.indikator, on=on)
    skps = Skp.objects.bulk_create(
        Skp(pegawai=p, tahun=tahun, jabatan=jabatan, unit=p.unit) for p in to_create)
    Perilaku.objects.bulk_create(Perilaku(skp=s, nilai=n) for s in skps for n in BERAKHLAK)
    new_rhks = Rhk.objects.bulk_create(
        Rhk(skp=s, jenis=t.jenis, uraian=t.uraian) for s in skps for t in rhks)
    new_ikis, sources = [], []
    for rhk, trhk in zip(new_rhks, [t for _s in skps for t in rhks], strict=True):
        for tiki in trhk.iki.all():
            v = versions[tiki.pk]
            new_ikis.append(Iki(rhk=rhk, indikator_versi=v, nama=v.nama, aspek=v.aspek,
                                satuan=v.satuan, arah=v.arah, agregasi=v.agregasi,
                                wajib_bukti=v.wajib_bukti, target=tiki.target,
                                target_atas=tiki.target if v.arah == Arah.RENTANG else None,
                                bobot=tiki.bobot if trhk.jenis == JenisRhk.UTAMA else 0))
            sources.append(tiki)
    new_ikis = Iki.objects.bulk_create(new_ikis)
    periods = list(Periode.objects.filter(tahun=tahun).order_by("nomor"))
    targets = []
    for iki in new_ikis:
        targets.extend(TargetPeriode(iki=iki, periode=p, target=v) for p, v in
                       zip(periods, target_periode_nilai(iki, len(periods)), strict=True))
    TargetPeriode.objects.bulk_create(targets, batch_size=5000)
    audit_record(actor=actor, action="template.apply", target=jabatan,
                 after={"tahun": tahun.tahun, "skp": len(skps)})
    return len(skps)


# --- configuration rows (templates, task catalogue, organisation goals) -----------------


@transaction.atomic
def config_save(*, obj, actor):
    """Create or update a simple configuration row that BKD maintains."""
    obj.full_clean()
    created = obj.pk is None
    obj.save()
    kind = obj._meta.model_name
    audit_record(actor=actor, action=f"{kind}.{'create' if created else 'update'}", target=obj)
    return obj


@transaction.atomic
def config_delete(*, obj, actor):
    audit_record(actor=actor, action=f"{obj._meta.model_name}.delete", target=obj)
    obj.delete()
