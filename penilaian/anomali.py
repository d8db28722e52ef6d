"""What the validation queue marks for a closer look, and bulk approval leaves out.

Overlapping activities cannot exist (kinerja.services.aktivitas_save and, on PostgreSQL,
an exclusion constraint refuse them), so they are not checked here.
"""

from collections import defaultdict

from django.conf import settings
from django.db.models import Sum
from django.utils.translation import gettext as _

from kinerja.models import Aktivitas


def anomali_for(items):
    """{activity id: [reason, ...]} for activities (with `iki`, `uraian_tugas` and
    `bukti` loaded): a day of the person past ANOMALI_MENIT_HARI, evidence missing where
    the IKI requires it, minutes far from the catalogue's standard for the output. One
    query for the day totals."""
    items = list(items)
    days = defaultdict(int)
    if items:
        for row in (Aktivitas.objects.filter(pegawai_id__in={a.pegawai_id for a in items},
                                             tanggal__in={a.tanggal for a in items})
                    .exclude(status=Aktivitas.Status.DITOLAK)
                    .values("pegawai_id", "tanggal").annotate(menit=Sum("menit"))):
            days[row["pegawai_id"], row["tanggal"]] = row["menit"]
    limit, share = settings.ANOMALI_MENIT_HARI, settings.ANOMALI_SELISIH_STANDAR_PERSEN
    found = {}
    for a in items:
        reasons = []
        total = days[a.pegawai_id, a.tanggal]
        if total > limit:
            reasons.append(_("a long day: %(total)s minutes (more than %(limit)s)")
                           % {"total": total, "limit": limit})
        if a.iki_id and a.iki.wajib_bukti and not a.bukti.all():
            reasons.append(_("no evidence, though its IKI requires it"))
        if a.uraian_tugas_id:
            standard = a.uraian_tugas.menit_standar * max(a.output, 1)
            if abs(a.menit - standard) * 100 > share * standard:
                reasons.append(_("%(menit)s minutes against a standard of %(standard)s for "
                                 "this output") % {"menit": a.menit,
                                                   "standard": int(standard)})
        if reasons:
            found[a.pk] = reasons
    return found
