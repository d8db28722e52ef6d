"""Who may see or act on an SKP, built on the core's answer about people."""

from django.http import Http404

from ekinerja.access import may_view_pegawai
from ekinerja.selectors import atasan_for

from .selectors import skp_detail


def get_skp_for_user(user, pk):
    """The SKP if the user may see it (owner, current atasan, admin in scope), else 404."""
    skp = skp_detail(pk)
    if skp is None or not may_view_pegawai(user, skp.pegawai):
        raise Http404
    return skp


def is_owner(user, skp):
    return user.pk == skp.pegawai_id


def is_approver(user, skp):
    atasan = atasan_for(skp.pegawai)
    return atasan is not None and atasan.pk == user.pk
