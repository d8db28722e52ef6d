from django.conf import settings

from .access import admin_scope, is_admin_bkd
from .selectors import bawahan_ids


def roles(request):
    """What the navigation may show. Cheap: the admin scope is a column on the user, and
    whether someone supervises anyone comes from the cache (one round trip)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    scope = admin_scope(user)
    return {"nav_admin": scope is not None, "nav_scope": scope, "nav_bkd": is_admin_bkd(user),
            "nav_atasan": bool(user.unit_id and bawahan_ids(user)),
            # Admin BKD validates for heads of OPD, whose appraiser has no account.
            "nav_validasi": bool(user.unit_id and bawahan_ids(user)) or is_admin_bkd(user),
            "badge_poll_seconds": settings.BADGE_POLL_SECONDS}
