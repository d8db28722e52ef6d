"""Reads of performance plans, shaped for the pages that show them."""

from django.db.models import Prefetch, Q

from ekinerja.models import Pegawai
from ekinerja.selectors import atasan_for, bawahan_for

from .models import Iki, Indikator, Rhk, SasaranOrganisasi, Skp, TahunKinerja, TemplateRhk


def tahun_aktif():
    """Years people can plan for, newest first."""
    return TahunKinerja.objects.order_by("-tahun")


def skp_list_for(pegawai):
    return Skp.objects.filter(pegawai=pegawai).select_related("tahun", "jabatan", "unit")


def skp_detail(pk):
    """One SKP with everything its page shows, in a constant number of queries."""
    iki = Iki.objects.select_related("indikator_versi").prefetch_related("target_periode__periode")
    rhk = Rhk.objects.select_related("intervensi__skp__pegawai", "sasaran").prefetch_related(
        Prefetch("iki", queryset=iki))
    return (Skp.objects.select_related("pegawai__jabatan", "pegawai__unit", "tahun", "jabatan",
                                       "unit")
            .prefetch_related(Prefetch("rhk", queryset=rhk), "perilaku", "riwayat",
                              "tahun__periode")
            .filter(pk=pk).first())


def intervensi_choices(skp):
    """The approved RHKs of the person's current atasan for the same year."""
    atasan = atasan_for(skp.pegawai)
    if atasan is None:
        return Rhk.objects.none()
    return Rhk.objects.filter(skp__pegawai=atasan, skp__tahun=skp.tahun_id,
                              skp__status=Skp.Status.DISETUJUI).order_by("-jenis", "id")


def indikator_choices(skp):
    """Library indicators offered on this SKP: those meant for everyone, or for this post,
    or for the person's unit or one of its parents."""
    meant_for_all = Q(versi__untuk_jabatan__isnull=True, versi__untuk_unit__isnull=True)
    mine = Q(versi__untuk_jabatan=skp.jabatan_id) | Q(
        versi__untuk_unit__in=skp.unit.ancestor_ids())
    return Indikator.objects.filter(aktif=True).filter(meant_for_all | mine).distinct()


def sasaran_choices(skp):
    if atasan_for(skp.pegawai) is not None:
        return SasaranOrganisasi.objects.none()
    ids = skp.unit.ancestor_ids()
    opd_id = ids[1] if len(ids) > 1 else None
    return SasaranOrganisasi.objects.filter(unit_id=opd_id, tahun=skp.tahun_id)


def skp_for_approval(*, atasan, tahun=None):
    """The atasan's team with their SKP for the year (or None), submitted ones first."""
    team = list(bawahan_for(atasan))
    skps = Skp.objects.filter(pegawai__in=team).select_related("tahun", "jabatan")
    if tahun is not None:
        skps = skps.filter(tahun=tahun)
    by_person = {}
    for skp in skps.order_by("tahun__tahun"):
        by_person[skp.pegawai_id] = skp
    rows = [(p, by_person.get(p.pk)) for p in team]
    order = {Skp.Status.DIAJUKAN: 0, None: 1}
    rows.sort(key=lambda r: (order.get(r[1].status if r[1] else None, 2), r[0].nama))
    return rows


def template_rhk_for(jabatan):
    return TemplateRhk.objects.filter(jabatan=jabatan).prefetch_related("iki__indikator")


def template_holders(*, jabatan):
    return Pegawai.objects.filter(jabatan=jabatan, aktif=True).select_related("unit")


def matriks_peran_hasil(*, unit, tahun):
    """How RHKs cascade inside a unit for a year: each person with their SKP's RHKs and,
    for each RHK, the subordinates' RHKs that support it. Also who has no SKP."""
    people = list(Pegawai.objects.filter(unit__path__startswith=unit.path, aktif=True)
                  .select_related("jabatan", "unit").order_by("unit__path", "-jabatan__kepala_unit",
                                                              "nama"))
    rhks = list(Rhk.objects.filter(skp__tahun=tahun, skp__pegawai__in=people)
                .select_related("skp__pegawai").order_by("-jenis", "id"))
    children = {}
    for rhk in rhks:
        children.setdefault(rhk.intervensi_id, []).append(rhk)
    with_skp = {r.skp.pegawai_id for r in rhks} | set(
        Skp.objects.filter(tahun=tahun, pegawai__in=people).values_list("pegawai_id", flat=True))
    roots = [r for r in rhks if r.intervensi_id is None or r.intervensi_id not in
             {x.pk for x in rhks}]

    def tree(rhk, depth=0):
        yield rhk, depth
        for child in children.get(rhk.pk, []):
            yield from tree(child, depth + 1)

    rows = [row for root in roots for row in tree(root)]
    return {"rows": rows, "tanpa_skp": [p for p in people if p.pk not in with_skp]}
