"""Writes of the appraisal's daily judgement and scores. Atomic, validated, audited;
transitions are conditional updates so two validators at once give one result.

One module per part: `validasi` (approve, reject, return, approve many, undo),
`realisasi` (realisation entered by hand), `hitung` (the scores of a period and a year,
the recompute queued after a validation, the unit roll-up), `pengingat` (the digest and
the cut-off reminders), `eskalasi` (escalation at the cut-off and closing periods),
`tugas` (recompute jobs). Every name callers use is here, so `from penilaian.services
import x` and `services.x` keep working; a test that patches a service's collaborator or
a module global (`COALESCE_SECONDS`, `cache`, `timezone`) patches it in the module that
uses it (e.g. `penilaian.services.hitung`), not here. The evaluation, the curve and the
IKM keep their own modules (`penilaian.evaluasi`, `penilaian.kurva`, `penilaian.ikm`).
Nothing here imports `penilaian.tasks`: jobs are queued by task name."""

from .eskalasi import aktivitas_eskalasi, eskalasi_penerima, periode_close_due
from .hitung import (
    aturan_for,
    bagian_instansi,
    hari_wajib,
    pegawai_bagian,
    skor_hitung,
    skor_hitung_tahun,
    skor_recompute_later,
    skor_unit_hitung,
    terlambat_q,
)
from .pengingat import notifikasi_batas_lapor, notifikasi_batas_validasi, notifikasi_menunggu
from .realisasi import realisasi_manual_save
from .tugas import (
    tugas_hitung_create,
    tugas_hitung_jalankan,
    tugas_malam_create,
    tugas_malam_selesai,
)
from .validasi import (
    UNDOABLE,
    aktivitas_approve,
    aktivitas_approve_bulk,
    aktivitas_reject,
    aktivitas_return,
    aktivitas_undo,
)

__all__ = [
    "UNDOABLE",
    "aktivitas_approve",
    "aktivitas_approve_bulk",
    "aktivitas_eskalasi",
    "aktivitas_reject",
    "aktivitas_return",
    "aktivitas_undo",
    "aturan_for",
    "bagian_instansi",
    "eskalasi_penerima",
    "hari_wajib",
    "notifikasi_batas_lapor",
    "notifikasi_batas_validasi",
    "notifikasi_menunggu",
    "pegawai_bagian",
    "periode_close_due",
    "realisasi_manual_save",
    "skor_hitung",
    "skor_hitung_tahun",
    "skor_recompute_later",
    "skor_unit_hitung",
    "terlambat_q",
    "tugas_hitung_create",
    "tugas_hitung_jalankan",
    "tugas_malam_create",
    "tugas_malam_selesai",
]
