"""The one audit helper: every service that changes state calls audit_record().

The log is tamper-evident. When the transaction that wrote an entry commits, the entry is
sealed (audit_segel): it gets the next place in the chain, the previous entry's seal, and
its own seal, an HMAC (Django's salted_hmac, keyed by settings.AUDIT_KEY) over its content,
its place and the previous seal. audit_periksa walks the chain and names the first entry
that was changed, removed or slipped in. Nothing seals entries in the background: a row
inserted behind the application's back stays unsealed and the check reports it once it is
older than AUDIT_SEAL_GRACE. Admin BKD may seal such entries knowingly, after looking at
them (`manage.py audit_segel --semua`, itself audited).
"""

import datetime as dt
import decimal
import json
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import salted_hmac

from .middleware import current_ip
from .models import AuditLog, PemeriksaanAudit, RantaiAudit


def _jsonable(value):
    if isinstance(value, (dt.date, dt.datetime, dt.time)):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    return value


def snapshot(obj, fields):
    """The audited state of obj: field name -> JSON-safe value (foreign keys as ids)."""
    data = {}
    for name in fields:
        field = obj._meta.get_field(name)
        data[name] = _jsonable(getattr(obj, field.attname))
    return data


def audit_record(*, actor, action, target, before=None, after=None):
    entry = AuditLog.objects.create(
        actor=actor if actor is not None and actor.pk else None,
        actor_nip=getattr(actor, "nip", "") or "",
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:255],
        before=before,
        after=after,
        ip=current_ip.get(),
    )
    seal_on_commit([entry.pk])
    return entry


# --- the chain --------------------------------------------------------------------------

CONTENT = ["id", "waktu", "actor_id", "actor_nip", "action", "target_type", "target_id",
           "target_repr", "before", "after", "ip"]
SEAL = ["urutan", "hash_sebelum", "hash"]


def seal_on_commit(ids):
    """Seal these entries once the transaction that wrote them commits (at once outside a
    transaction): all entries of a transaction in one sealing. A failed seal is logged,
    not raised; the check then reports the entries as unsealed."""
    connection = transaction.get_connection()
    connection.__dict__.setdefault("_audit_belum_disegel", set()).update(ids)
    transaction.on_commit(partial(_seal_pending, connection), robust=True)


def _seal_pending(connection):
    # The first callback of a transaction seals what it wrote; the others find nothing.
    # Ids of a rolled-back transaction may linger here: they match no row and are ignored.
    pending = connection.__dict__.get("_audit_belum_disegel", set())
    ids = sorted(pending)
    pending.clear()
    if ids:
        audit_segel(ids=ids)


def seal_of(row):
    """The seal of an entry (a dict of CONTENT and SEAL values, as stored)."""
    waktu = row["waktu"]
    if isinstance(waktu, dt.datetime):
        waktu = waktu.astimezone(dt.UTC).isoformat()
    content = {k: row[k] for k in CONTENT}
    content.update(waktu=waktu, urutan=row["urutan"], hash_sebelum=row["hash_sebelum"])
    message = json.dumps(content, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                         default=str)
    return salted_hmac("ekinerja.audit", message, secret=settings.AUDIT_KEY,
                       algorithm="sha256").hexdigest()


def audit_segel(*, ids=None, semua=False, model=AuditLog, head_model=RantaiAudit):
    """Give unsealed entries their places in the chain, in the order of their ids: the
    given ones, or with `semua` every unsealed one (when the chain is introduced, or
    knowingly, after a seal was lost). Returns how many were sealed. The head row is
    locked: one sealing at a time."""
    with transaction.atomic():
        connection = transaction.get_connection()
        if connection.vendor == "postgresql":
            # The entries are already durable; a seal lost in a crash shows in the check
            # as unsealed. So the seal's commit need not wait for the disk.
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL synchronous_commit TO OFF")
        head, _created = head_model.objects.select_for_update().get_or_create(pk=1)
        rows = model.objects.filter(urutan__isnull=True)
        if not semua:
            rows = rows.filter(pk__in=ids or [])
        sealed = []
        for row in rows.order_by("id").values(*CONTENT):
            row.update(urutan=head.urutan + 1, hash_sebelum=head.hash)
            row["hash"] = seal_of(row)
            head.urutan, head.hash = row["urutan"], row["hash"]
            sealed.append(model(**{k: row[k] for k in ["id", *SEAL]}))
        if sealed:
            model.objects.bulk_update(sealed, SEAL, batch_size=1000)
            head.save()
    return len(sealed)


def audit_periksa(*, actor=None):
    """Walk the whole chain in order and record what it found: the first entry whose
    content or seal no longer matches (changed), whose place or previous seal does not
    follow (entries removed before it), an end that is not the head (entries removed at
    the end, or added), and entries left unsealed past the grace (inserted outside the
    application). Memory stays flat: the entries are read in chunks."""
    head = RantaiAudit.objects.filter(pk=1).first() or RantaiAudit(urutan=0, hash="")
    expected, previous, count, broken = 1, "", 0, None
    rows = AuditLog.objects.filter(urutan__isnull=False).order_by("urutan").values(
        *CONTENT, *SEAL)
    for row in rows.iterator(chunk_size=5000):
        count += 1
        if row["urutan"] != expected or row["hash_sebelum"] != previous:
            broken = _finding(row, "hilang")
        elif seal_of(row) != row["hash"]:
            broken = _finding(row, "diubah")
        if broken:
            break
        expected, previous = row["urutan"] + 1, row["hash"]
    if broken is None and (head.urutan != expected - 1 or head.hash != previous):
        broken = {"id": None, "urutan": expected - 1, "alasan": "ujung"}
    late = AuditLog.objects.filter(urutan__isnull=True,
                                   waktu__lt=timezone.now() - settings.AUDIT_SEAL_GRACE)
    first_unsealed = late.order_by("id").values("id", "waktu", "action").first()
    if broken is None and first_unsealed is not None:
        broken = {"id": first_unsealed["id"], "urutan": None, "alasan": "tanpa_segel",
                  "action": first_unsealed["action"]}
    hasil = {"diperiksa": count, "kepala": head.hash, "urutan_kepala": head.urutan,
             "rusak": broken, "tanpa_segel": late.count()}
    return PemeriksaanAudit.objects.create(oleh=actor, utuh=broken is None, hasil=hasil)


def _finding(row, alasan):
    return {"id": row["id"], "urutan": row["urutan"], "alasan": alasan,
            "action": row["action"]}


def audit_changes(before, after):
    """Only the fields that changed, as (before, after) dicts."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
