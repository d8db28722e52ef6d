"""The SIASN pull: what SIASN says of each of our active people against what we hold (name
and titles, golongan, unit, position, supervisor), as a report an Admin BKD reads and
applies in one transaction with the audit trail (docs/bkn.md).

The worker asks SIASN for the units once (ref-unor: each unit's head, `PemimpinPnsId`,
and parent, `DiatasanId`) and for each person's main record (data-utama). A unit is ours
when its `kode_siasn` is SIASN's unit id; a person's supervisor in SIASN is the head of
their unit, or for the head, the head of the unit above. People SIASN does not know are
reported as missing. SIASN publishes no list of an instansi's people, so people new in
SIASN come in through the people import, not here. A person with an explicit supervisor
(`atasan_override`, an admin's decision SIASN cannot express) keeps it: only the org
chart's supervisor is compared.
"""

import datetime as dt
import logging
import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .antrean import antre_setelah_commit
from .audit import audit_record, seal_on_commit, snapshot
from .golongan import golongan_valid
from .middleware import current_ip
from .models import AuditLog, Jabatan, Pegawai, SiasnTarik, UnitKerja
from .selectors import atasan_map
from .services import riwayat_jabatan_catat
from .siasn import SiasnClient, SiasnError

logger = logging.getLogger(__name__)
FIELDS = ["nama", "gelar_depan", "gelar_belakang", "golongan", "unit", "jabatan",
          "atasan_override", "siasn_id"]


def _norm(text):
    return " ".join(str(text or "").split()).casefold()


def _tanggal(text):
    """SIASN's dates are DD-MM-YYYY; None for anything else."""
    try:
        return dt.datetime.strptime(str(text or ""), "%d-%m-%Y").date()
    except ValueError:
        return None


def _orang(person):
    return f"{person.nama} ({person.nip})" if person else "-"


@transaction.atomic
def siasn_tarik_minta(*, actor):
    """An Admin BKD asks for a pull; the worker runs it."""
    tarik = SiasnTarik.objects.create(diminta_oleh=actor)
    audit_record(actor=actor, action="siasn.tarik", target=tarik, after={})
    antre_setelah_commit("ekinerja.tasks.siasn_tarik_jalankan", tarik.pk, gagal=lambda: (
        SiasnTarik.objects.filter(pk=tarik.pk).update(
            status=SiasnTarik.Status.GAGAL,
            pesan=_("The task queue is unavailable; try later."))))
    return tarik


def siasn_tarik_jalankan(tarik_id, *, client=None):
    """Run a pull (claimed once: a redelivered task does nothing)."""
    if SiasnTarik.objects.filter(pk=tarik_id, status=SiasnTarik.Status.ANTRE).update(
            status=SiasnTarik.Status.BERJALAN) != 1:
        return False
    started = time.monotonic()
    try:
        client = client or SiasnClient.from_settings()
        laporan = bandingkan(client)
    except SiasnError as exc:
        SiasnTarik.objects.filter(pk=tarik_id).update(
            status=SiasnTarik.Status.GAGAL, pesan=exc.pesan, selesai_pada=timezone.now())
        return False
    laporan["ringkasan"]["detik"] = round(time.monotonic() - started, 1)
    SiasnTarik.objects.filter(pk=tarik_id).update(
        status=SiasnTarik.Status.SELESAI, selesai_pada=timezone.now(), **laporan)
    return True


def bandingkan(client):
    """The report: {"ringkasan", "perbedaan", "siasn_id"} (reads only)."""
    units = {u["Id"]: u for u in client.unor() if u.get("Id")}
    ours = {u.kode_siasn: u for u in UnitKerja.objects.exclude(kode_siasn="")}
    people = list(Pegawai.objects.filter(aktif=True).select_related("unit", "jabatan")
                  .order_by("nip"))
    atasan = atasan_map([p.pk for p in people])
    by_pk = {p.pk: p for p in people}
    pulled, missing = {}, []
    for person in people:
        data = client.pns(person.nip)
        if data is None:
            missing.append(person)
        else:
            pulled[person.nip] = data
    nip_of_pns = {data.get("id"): nip for nip, data in pulled.items() if data.get("id")}

    def siasn_atasan(data):
        unit = units.get(data.get("unorId"))
        if unit is None:
            return None
        head = unit.get("PemimpinPnsId")
        if head == data.get("id"):  # the head's supervisor heads the unit above
            head = units.get(unit.get("DiatasanId"), {}).get("PemimpinPnsId")
        return nip_of_pns.get(head)

    local_by_nip = {p.nip: p for p in people}
    perbedaan, unknown = [], {}
    for person in people:
        data = pulled.get(person.nip)
        if data is None:
            continue
        beda, siasn = {}, {"id": data.get("id", "")}
        for field, key in (("nama", "nama"), ("gelar_depan", "gelarDepan"),
                           ("gelar_belakang", "gelarBelakang"), ("golongan", "golRuangAkhir")):
            value = " ".join(str(data.get(key) or "").split())
            if key in data and _norm(getattr(person, field)) != _norm(value):
                beda[field] = [getattr(person, field), value]
                siasn[field] = value
        unit = ours.get(data.get("unorId"))
        if data.get("unorId") and unit is None:
            # A SIASN unit without our id for it: said once for the whole pull, not on
            # each of its people (a first pull before the ids are set would list everyone).
            unknown[data["unorId"]] = data.get("unorNama") or data["unorId"]
        elif unit is not None and unit.pk != person.unit_id:
            beda["unit"] = [person.unit.nama if person.unit_id else "-", unit.nama]
            siasn["unit_id"] = unit.pk
        if data.get("jabatanNama") and _norm(data["jabatanNama"]) != _norm(
                person.jabatan.nama if person.jabatan_id else ""):
            beda["jabatan"] = [person.jabatan.nama if person.jabatan_id else "-",
                               data["jabatanNama"]]
            siasn["jabatan_nama"] = data["jabatanNama"]
            siasn["unit_id"] = unit.pk if unit else person.unit_id
            tmt = _tanggal(data.get("tmtJabatan"))
            if tmt is not None:
                siasn["tmt_jabatan"] = tmt.isoformat()
        # An explicit supervisor here (an admin's decision, e.g. for fungsional staff) is
        # something SIASN cannot express: only the org chart is compared with SIASN.
        head_nip = None if person.atasan_override_id else siasn_atasan(data)
        current = by_pk.get(atasan.get(person.pk))
        if head_nip and head_nip != (current.nip if current else None):
            head = local_by_nip[head_nip]
            beda["atasan"] = [_orang(current), _orang(head)]
            siasn["atasan_id"] = head.pk
        if beda:
            perbedaan.append({"nip": person.nip, "nama": person.nama_lengkap,
                              "jenis": "berubah", "beda": beda, "siasn": siasn})
    for person in missing:
        perbedaan.append({"nip": person.nip, "nama": person.nama_lengkap, "jenis": "hilang",
                          "beda": {}, "siasn": {}})
    changed = sum(1 for item in perbedaan if item["jenis"] == "berubah")
    return {"ringkasan": {"diperiksa": len(people), "sama": len(pulled) - changed,
                          "berubah": changed, "hilang": len(missing),
                          "unit_tanpa_id": sorted(unknown.values())[:200]},
            "perbedaan": perbedaan,
            "siasn_id": {nip: data.get("id", "") for nip, data in pulled.items()}}


def siasn_tarik_malam(*, client=None):
    """The nightly pull (SIASN_TARIK_MALAM): pull, then apply as the system (the audit
    entries carry no actor). Returns the pull, or None when it is off."""
    if not settings.SIASN["BASE_URL"] or not settings.SIASN["TARIK_MALAM"]:
        return None
    tarik = SiasnTarik.objects.create()
    if siasn_tarik_jalankan(tarik.pk, client=client):
        tarik.refresh_from_db()
        siasn_tarik_terapkan(tarik=tarik, actor=None)
    tarik.refresh_from_db()
    return tarik


@transaction.atomic
def siasn_tarik_terapkan(*, tarik, actor):
    """Apply a pull's report (Admin BKD): names, titles and golongan as SIASN has them;
    the unit and position when ours has a position of SIASN's name in that unit; then,
    where the org chart still gives another supervisor than SIASN, an explicit one; and
    SIASN's id of everyone pulled. Every change audited (`actor` None: the nightly run);
    all or nothing. Returns the rows that could not be applied, each with its reason."""
    claimed = SiasnTarik.objects.filter(pk=tarik.pk, status=SiasnTarik.Status.SELESAI).update(
        status=SiasnTarik.Status.DITERAPKAN, diterapkan_oleh=actor,
        diterapkan_pada=timezone.now())
    if claimed != 1:
        raise ValidationError(_("This pull is not ready to apply, or was applied already."))
    tarik.refresh_from_db()
    changes = [item for item in tarik.perbedaan if item["jenis"] == "berubah"]
    people = {p.nip: p for p in Pegawai.objects.select_for_update().filter(
        nip__in=[item["nip"] for item in changes])}
    posts = {}
    for jabatan in Jabatan.objects.filter(aktif=True, unit_id__in={
            item["siasn"].get("unit_id") for item in changes} - {None}):
        posts.setdefault((jabatan.unit_id, _norm(jabatan.nama)), jabatan)
    held = dict(Pegawai.objects.filter(aktif=True, jabatan__in=list(posts.values()),
                                       jabatan__kepala_unit=True)
                .values_list("jabatan_id", "pk"))
    befores, skipped, moved = {}, [], {}
    for item in changes:
        person, siasn = people.get(item["nip"]), item["siasn"]
        if person is None:
            continue
        befores[person.nip] = snapshot(person, FIELDS)
        for field in ("nama", "gelar_depan", "gelar_belakang", "golongan"):
            if field == "golongan" and field in siasn and not golongan_valid(
                    person.jenis, siasn[field]):
                skipped.append({"nip": person.nip, "nama": item["nama"], "alasan": _(
                    "SIASN's golongan \"%(value)s\" is not one of a %(jenis)s.") % {
                    "value": siasn[field], "jenis": person.jenis}})
            elif field in siasn:
                setattr(person, field, siasn[field][:Pegawai._meta.get_field(field).max_length])
        if "unit" in item["beda"] or "jabatan" in item["beda"]:
            name = siasn.get("jabatan_nama") or (person.jabatan.nama if person.jabatan_id
                                                 else "")
            post = posts.get((siasn.get("unit_id"), _norm(name)))
            holder = held.get(post.pk) if post is not None and post.kepala_unit else None
            if holder is not None and holder != person.pk:
                skipped.append({"nip": person.nip, "nama": item["nama"], "alasan": _(
                    "The head post \"%(post)s\" is held by someone else here: end their "
                    "assignment first.") % {"post": post.nama}})
            elif post is None:
                skipped.append({"nip": person.nip, "nama": item["nama"], "alasan": _(
                    "No position \"%(post)s\" in SIASN's unit %(unit)s here: create it (or "
                    "set the unit's SIASN id), then pull again.") % {
                    "post": name, "unit": item["beda"].get("unit", ["", "-"])[1]}})
            else:
                held = {k: v for k, v in held.items() if v != person.pk}  # leaves its post
                if post.kepala_unit:
                    held[post.pk] = person.pk
                person.jabatan, person.unit_id = post, post.unit_id
                tmt = siasn.get("tmt_jabatan")
                moved[person.pk] = (post.pk, dt.date.fromisoformat(tmt) if tmt else None)
        person.save()
    riwayat_jabatan_catat(moved)
    # The supervisor after the moves: an explicit one only where the chart still differs.
    atasan = atasan_map([p.pk for p in people.values()])
    for item in changes:
        person, target = people.get(item["nip"]), item["siasn"].get("atasan_id")
        if person is not None and target and atasan.get(person.pk) != target \
                and target != person.pk:
            person.atasan_override_id = target
            person.save(update_fields=["atasan_override"])
    ids = [Pegawai(nip=nip, siasn_id=pns_id) for nip, pns_id in tarik.siasn_id.items()]
    by_nip = dict(Pegawai.objects.filter(nip__in=tarik.siasn_id).values_list("nip", "pk"))
    for row in ids:
        row.pk = by_nip.get(row.nip)
    Pegawai.objects.bulk_update([r for r in ids if r.pk], ["siasn_id"], batch_size=1000)
    ip = current_ip.get()
    entries = AuditLog.objects.bulk_create([
        AuditLog(actor=actor, actor_nip=getattr(actor, "nip", ""), action="pegawai.siasn_update",
                 target_type="ekinerja.pegawai", target_id=str(person.pk),
                 target_repr=str(person)[:255], before=befores[person.nip],
                 after=snapshot(person, FIELDS), ip=ip)
        for person in people.values() if person.nip in befores], batch_size=2000)
    seal_on_commit([e.pk for e in entries])
    not_applied = {row["nip"] for row in skipped}
    tarik.ringkasan = {**tarik.ringkasan, "diterapkan": len(befores) - len(not_applied),
                       "tidak_diterapkan": skipped}
    tarik.save(update_fields=["ringkasan"])
    audit_record(actor=actor, action="siasn.terapkan", target=tarik,
                 after={"berubah": len(befores), "tidak_diterapkan": len(skipped)})
    return skipped
