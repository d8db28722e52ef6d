"""The one audit helper: every service that changes state calls audit_record()."""

import datetime as dt
import decimal

from .middleware import current_ip
from .models import AuditLog


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
    return AuditLog.objects.create(
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


def audit_changes(before, after):
    """Only the fields that changed, as (before, after) dicts."""
    keys = [k for k in after if before.get(k) != after.get(k)]
    return {k: before.get(k) for k in keys}, {k: after[k] for k in keys}
