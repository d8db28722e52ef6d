"""Reads of the organisation core. `atasan_for` is the one answer to "who supervises P"."""

import logging

from django.core.cache import cache
from django.db.models import Count, F, Q
from django.utils import timezone

from .models import (
    AuditLog,
    Ekspor,
    HariLibur,
    Jabatan,
    KunciKiriman,
    Notifikasi,
    Pegawai,
    PemeriksaanAudit,
    PenugasanPlt,
    RantaiAudit,
    UnitKerja,
)

logger = logging.getLogger(__name__)


def resolve_atasan_id(*, pegawai_id, unit_chain, is_head, override_id, heads):
    """The rule itself, on plain data, so the database selector and the import's dry run
    share it (PermenPANRB 6/2022: the pejabat penilai is the direct superior; the org
    chart decides, with a per-person override for fungsional staff).

    unit_chain: unit ids from the root down to the person's unit.
    heads: unit id -> id of the active holder of that unit's head post.
    override_id: the explicit supervisor if set and still active, else None.
    """
    if override_id:
        return override_id
    chain = unit_chain[:-1] if is_head else unit_chain
    for unit_id in reversed(chain):
        head_id = heads.get(unit_id)
        if head_id and head_id != pegawai_id:
            return head_id
    return None


def holds_head_post(pegawai):
    """Whether the person holds the active head post of their own unit."""
    jabatan = pegawai.jabatan
    return bool(jabatan and jabatan.kepala_unit and jabatan.aktif
                and jabatan.unit_id == pegawai.unit_id)


def penugasan_aktif(day=None):
    """Acting assignments in force on `day` (today)."""
    day = day or timezone.localdate()
    return PenugasanPlt.objects.filter(mulai__lte=day, selesai__gte=day,
                                       pegawai__aktif=True, jabatan__aktif=True)


def _heads_of(unit_ids, *, walk, pegawai_id):
    """unit id -> who heads it: the holder of its head post, or, while the post is vacant,
    whoever acts in it (Plt). Acting officials are looked up only for the vacant posts
    the walk up from the person meets before a holder (none, most of the time)."""
    rows = Pegawai.objects.filter(
        aktif=True, jabatan__kepala_unit=True, jabatan__aktif=True,
        jabatan__unit_id__in=unit_ids, unit_id=F("jabatan__unit_id"),
    ).values_list("jabatan__unit_id", "id")
    heads = dict(rows)
    gaps = []
    for unit_id in reversed(walk):
        if heads.get(unit_id) not in (None, pegawai_id):
            break
        gaps.append(unit_id)
    if gaps:
        for unit_id, acting_id in penugasan_aktif().filter(
                jabatan__kepala_unit=True, jabatan__unit_id__in=gaps).values_list(
                "jabatan__unit_id", "pegawai_id"):
            heads.setdefault(unit_id, acting_id)
    return heads


def atasan_for(pegawai):
    """The person's supervisor today, or None (the head of the instansi has none)."""
    override = pegawai.atasan_override if pegawai.atasan_override_id else None
    override_id = override.id if override is not None and override.aktif else None
    if override_id:
        return override
    if pegawai.unit_id is None:
        return None
    chain = pegawai.unit.ancestor_ids()
    is_head = holds_head_post(pegawai)
    atasan_id = resolve_atasan_id(
        pegawai_id=pegawai.id, unit_chain=chain, is_head=is_head,
        override_id=None, heads=_heads_of(chain, walk=chain[:-1] if is_head else chain,
                                          pegawai_id=pegawai.id),
    )
    if atasan_id is None:
        return None
    return Pegawai.objects.select_related("jabatan", "unit").get(pk=atasan_id)


def atasan_map(pegawai_ids):
    """pegawai id -> their atasan's id today (or None), for many people at once: the rule
    of atasan_for on three queries (digests, dashboards)."""
    people = Pegawai.objects.filter(pk__in=pegawai_ids).values(
        "id", "unit_id", "unit__path", "jabatan__kepala_unit", "jabatan__aktif",
        "jabatan__unit_id", "atasan_override_id", "atasan_override__aktif")
    heads = dict(Pegawai.objects.filter(
        aktif=True, jabatan__kepala_unit=True, jabatan__aktif=True,
        unit_id=F("jabatan__unit_id")).values_list("jabatan__unit_id", "id"))
    for unit_id, acting_id in penugasan_aktif().filter(jabatan__kepala_unit=True) \
            .values_list("jabatan__unit_id", "pegawai_id"):
        heads.setdefault(unit_id, acting_id)  # a Plt fills a vacant head post
    result = {}
    for p in people:
        if p["atasan_override_id"] and p["atasan_override__aktif"]:
            result[p["id"]] = p["atasan_override_id"]
            continue
        if p["unit_id"] is None:
            result[p["id"]] = None
            continue
        chain = [int(i) for i in p["unit__path"].strip("/").split("/") if i]
        is_head = bool(p["jabatan__kepala_unit"] and p["jabatan__aktif"]
                       and p["jabatan__unit_id"] == p["unit_id"])
        result[p["id"]] = resolve_atasan_id(pegawai_id=p["id"], unit_chain=chain,
                                            is_head=is_head, override_id=None, heads=heads)
    return result


class SupervisorCycle(Exception):
    def __init__(self, chain):
        super().__init__(" -> ".join(str(p) for p in chain))
        self.chain = chain


def atasan_chain(pegawai, *, limit=50):
    """The chain of supervisors upwards. Raises SupervisorCycle if it returns to someone."""
    chain, seen, current = [], {pegawai.pk}, pegawai
    while len(chain) < limit:
        current = atasan_for(current)
        if current is None:
            return chain
        chain.append(current)
        if current.pk in seen:
            raise SupervisorCycle([pegawai, *chain])
        seen.add(current.pk)
    raise SupervisorCycle([pegawai, *chain])


def _team_of_head_post(atasan, unit):
    """Whom `atasan` supervises as the head of `unit` (held or acted in): everyone in the
    subtree whose rule resolves to them, with vacant head posts below filled by acting
    officials as in atasan_for."""
    rows = list(
        Pegawai.objects.filter(aktif=True, unit__path__startswith=unit.path)
        .filter(Q(atasan_override__isnull=True) | Q(atasan_override__aktif=False))
        .exclude(pk=atasan.pk)
        .values("id", "unit_id", "unit__path", "jabatan__kepala_unit",
                "jabatan__aktif", "jabatan__unit_id")
    )
    heads = {
        r["unit_id"]: r["id"] for r in rows
        if r["jabatan__kepala_unit"] and r["jabatan__aktif"]
        and r["jabatan__unit_id"] == r["unit_id"]
    }
    for unit_id, acting_id in penugasan_aktif().filter(
            jabatan__kepala_unit=True, jabatan__unit__path__startswith=unit.path).values_list(
            "jabatan__unit_id", "pegawai_id"):
        heads.setdefault(unit_id, acting_id)
    holder = heads.get(unit.id)  # a Plh's team is the post's, not the holder they replace
    heads[unit.id] = atasan.id
    found = set()
    for r in rows:
        is_head = heads.get(r["unit_id"]) == r["id"]
        chain = [int(x) for x in r["unit__path"].strip("/").split("/")]
        if r["id"] != holder and resolve_atasan_id(
                pegawai_id=r["id"], unit_chain=chain, is_head=is_head, override_id=None,
                heads=heads) == atasan.id:
            found.add(r["id"])
    return found


def bawahan_for(atasan):
    """Everyone whose atasan_for() is `atasan`, computed for a whole subtree at once; and
    while `atasan` acts in a head post (Plt/Plh), the team of that post too."""
    ids = set(
        Pegawai.objects.filter(atasan_override=atasan, aktif=True).values_list("id", flat=True)
    )
    if holds_head_post(atasan):
        ids |= _team_of_head_post(atasan, atasan.unit)
    for penugasan in penugasan_aktif().filter(pegawai=atasan, jabatan__kepala_unit=True
                                              ).select_related("jabatan__unit"):
        ids |= _team_of_head_post(atasan, penugasan.jabatan.unit)
    return Pegawai.objects.filter(pk__in=ids).select_related("jabatan", "unit").order_by("nama")


BAWAHAN_CACHE_SECONDS = 60


def cached(key, compute, seconds=BAWAHAN_CACHE_SECONDS):
    """`compute()` cached for `seconds`; with the cache down, computed directly."""
    try:
        return cache.get_or_set(key, compute, seconds)
    except Exception:  # noqa: BLE001 - Redis down: answer from the database
        logger.warning("cache unavailable; %s computed directly", key)
        return compute()


def bawahan_ids(atasan):
    """Ids of the people `atasan` supervises, cached briefly: the nav asks on every page
    and the pending badge every few seconds, while the org chart changes rarely (a move
    shows within a minute)."""
    return cached(f"bawahan:{atasan.pk}",
                  lambda: list(bawahan_for(atasan).values_list("pk", flat=True)))


def jejak(scope, unit):
    """The units from `scope` down to `unit` (a breadcrumb), in one query."""
    return list(UnitKerja.objects.filter(pk__in=unit.ancestor_ids(), path__startswith=scope.path)
                .order_by("path"))


def units_in_scope(scope):
    return UnitKerja.objects.filter(path__startswith=scope.path)


def opd_choices(scope):
    return units_in_scope(scope).filter(jenis__in=UnitKerja.OPD_KINDS, aktif=True)


def unit_list(*, scope, q=""):
    qs = units_in_scope(scope).select_related("parent").annotate(
        jumlah_pegawai=Count("pegawai_set", filter=Q(pegawai_set__aktif=True))
    ).order_by("path")
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(kode__icontains=q))
    return qs


def jabatan_list(*, scope, q="", unit=None):
    qs = Jabatan.objects.filter(unit__path__startswith=scope.path).select_related("unit")
    if unit is not None:
        qs = qs.filter(unit=unit)
    if q:
        qs = qs.filter(Q(nama__icontains=q) | Q(kode__icontains=q))
    return qs


def pegawai_list(*, scope, q="", unit=None, aktif=None):
    qs = Pegawai.objects.filter(unit__path__startswith=scope.path).select_related(
        "jabatan", "unit"
    )
    if unit is not None:
        qs = qs.filter(unit__path__startswith=unit.path)
    if aktif is not None:
        qs = qs.filter(aktif=aktif)
    if q:
        digits = "".join(ch for ch in q if ch.isdigit())
        cond = Q(nama__icontains=q)
        if digits:
            cond |= Q(nip__startswith=digits)
        qs = qs.filter(cond)
    return qs


def scope_summary(scope):
    units = units_in_scope(scope)
    people = Pegawai.objects.filter(unit__path__startswith=scope.path)
    return {
        "unit": units.count(),
        "opd": units.filter(jenis__in=UnitKerja.OPD_KINDS).count(),
        "pegawai": people.filter(aktif=True).count(),
        "tanpa_password": people.filter(aktif=True, password__startswith="!").count(),
    }


def audit_tentang(pegawai, where=None):
    """The audit entries about a person's own records: their account, and every object an
    app declares as theirs (AppConfig.audit_milik: model -> path to the owner), filtered
    by `where`. One UNION of indexed lookups (target_type, target_id), newest first."""
    from django.apps import apps
    from django.db.models import CharField
    from django.db.models.functions import Cast

    base = AuditLog.objects.filter(where or Q()).order_by()  # SQLite: none inside a UNION
    parts = [base.filter(target_type="ekinerja.pegawai", target_id=str(pegawai.pk))]
    for config in apps.get_app_configs():
        for model_name, owner in getattr(config, "audit_milik", {}).items():
            model = config.get_model(model_name)
            ids = model.objects.filter(**{owner: pegawai.pk}).annotate(
                key=Cast("pk", CharField())).values("key")
            parts.append(base.filter(target_type=model._meta.label_lower, target_id__in=ids))
    first, *rest = parts
    return first.union(*rest, all=True).order_by("-waktu", "-id")


def audit_list(*, scope, action="", actor_nip="", target_type="", date_from=None, date_to=None,
               pegawai=None):
    """Audit rows an admin may see: the Admin BKD of the instansi sees every row, an
    Admin OPD the rows whose actor works in their OPD. `pegawai`: only the entries
    about that person's records."""
    where = Q()
    if scope.parent_id is not None:
        in_scope = Pegawai.objects.filter(unit__path__startswith=scope.path).values("nip")
        where &= Q(actor_nip__in=in_scope)
    if action:
        where &= Q(action=action)
    if actor_nip:
        where &= Q(actor_nip__startswith=actor_nip)
    if target_type:
        where &= Q(target_type=target_type)
    if date_from:
        where &= Q(waktu__date__gte=date_from)
    if date_to:
        where &= Q(waktu__date__lte=date_to)
    if pegawai is not None:
        return audit_tentang(pegawai, where)
    return AuditLog.objects.filter(where)


# --- the core's own pages ---------------------------------------------------------------


def rantai_audit_kepala():
    """The head of the audit chain (its one row), or None before the first seal."""
    return RantaiAudit.objects.filter(pk=1).first()


def pemeriksaan_audit_list(limit=20):
    """The latest checks of the audit chain, newest first, with who asked."""
    return PemeriksaanAudit.objects.select_related("oleh")[:limit]


def hari_libur_list(limit=200):
    """The calendar's holidays, latest first."""
    return HariLibur.objects.order_by("-tanggal")[:limit]


def ekspor_unit_choices(scope):
    """The units an admin exports: their scope and the OPDs in it, in tree order."""
    ids = [scope.pk, *opd_choices(scope).values_list("pk", flat=True)]
    return UnitKerja.objects.filter(pk__in=ids).order_by("path")


def ekspor_list(pegawai, limit=20):
    """The exports a person asked for, latest first (only they download them)."""
    return Ekspor.objects.filter(diminta_oleh=pegawai).select_related("unit")[:limit]


def notifikasi_list(pegawai):
    """A person's notifications, newest first."""
    return Notifikasi.objects.filter(penerima=pegawai)


def penugasan_plt_list(*, scope, limit=200):
    """Acting assignments for the posts of a scope, current and recent first."""
    return (PenugasanPlt.objects.filter(jabatan__unit__path__startswith=scope.path)
            .select_related("pegawai", "jabatan__unit").order_by("-selesai", "-mulai")[:limit])


def kunci_kiriman(kunci, pegawai):
    """The record of a form submission already made with this key by this person, or
    None (a form sent twice creates once)."""
    return KunciKiriman.objects.filter(kunci=kunci, pegawai=pegawai).first()


def siasn_tarik_list(limit=20):
    from .models import SiasnTarik

    return SiasnTarik.objects.select_related("diminta_oleh", "diterapkan_oleh")[:limit]
