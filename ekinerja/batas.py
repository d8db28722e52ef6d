"""Limits per client address, counted in the cache: the public pages (the survey, document
verification) and failed logins across NIPs (password spraying). The cache is an aid,
never a gate: when Redis is down or hung a hit cannot be counted, so it is let through
with a logged warning, and the other defences still hold (one survey answer per device and
day, a database constraint; the lockout per NIP and address, kept in the database)."""

import logging

from django.core.cache import cache

from .middleware import client_ip

logger = logging.getLogger(__name__)


def _key(request, ruang):
    return f"batas:{ruang}:{client_ip(request)}"


def batas_hitung(request, *, ruang, detik=3600):
    """Count one more for the client in `ruang` (a name per limit) for `detik` seconds;
    the count so far, or None when it cannot be counted."""
    key = _key(request, ruang)
    try:
        cache.add(key, 0, timeout=detik)
        try:
            return cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.set(key, 1, timeout=detik)
            return 1
    except Exception:  # noqa: BLE001 - Redis down or hung: let it through, say so
        logger.warning("rate limit %s not counted: the cache is unavailable", ruang,
                       exc_info=True)
        return None


def batas_jumlah(request, *, ruang):
    """The client's count in `ruang` (0 when it cannot be read)."""
    try:
        return cache.get(_key(request, ruang)) or 0
    except Exception:  # noqa: BLE001
        logger.warning("rate limit %s not read: the cache is unavailable", ruang,
                       exc_info=True)
        return 0


def batas_terlampaui(request, *, ruang, batas, detik=3600):
    """Count this request; True once the client made more than `batas` within `detik`."""
    count = batas_hitung(request, ruang=ruang, detik=detik)
    return count is not None and count > batas
