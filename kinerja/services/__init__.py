"""Writes of performance plans. Atomic, validated, audited; transitions are conditional
updates so a double click or two supervisors at once give one result.

One module per part: `periode` (years and periods), `indikator` (the indicator library),
`skp` (the SKP's content and its approval), `rencana` (the quarters' action plans),
`template` (SKP templates and BKD's configuration rows), `aktivitas` (daily activities and
their evidence), `progres` and `skp_impor` (a person's import of BKN's Progres Harian and
SKP form). Every name callers
use is here, so `from kinerja.services import x` and `services.x` keep working; a test that
patches a service's collaborator patches it in the module that uses it."""

from .aktivitas import (
    AKTIVITAS_FIELDS,
    aktivitas_copy_day,
    aktivitas_delete,
    aktivitas_save,
    aktivitas_submit,
    bukti_add,
    bukti_delete,
    month_cutoff,
)
from .indikator import VERSI_FIELDS, indikator_create, indikator_update, indikator_versi_current
from .periode import periode_lock, periode_unlock, tahun_kinerja_create
from .progres import progres_check, progres_impor_apply, progres_impor_upload
from .rencana import RENCANA_FIELDS, check_rencana_aksi, rencana_aksi_delete, rencana_aksi_save
from .skp import (
    CENT,
    iki_delete,
    iki_save,
    perilaku_save,
    rhk_delete,
    rhk_save,
    skp_approve,
    skp_content,
    skp_create,
    skp_lampiran_save,
    skp_problems,
    skp_return,
    skp_revise,
    skp_submit,
    split_target,
    target_periode_nilai,
    targets_save,
)
from .skp_impor import skp_impor_apply, skp_impor_check, skp_impor_upload
from .template import (
    config_delete,
    config_save,
    template_apply,
    template_apply_plan,
    template_weights_ok,
)

__all__ = [
    "AKTIVITAS_FIELDS",
    "CENT",
    "VERSI_FIELDS",
    "aktivitas_copy_day",
    "aktivitas_delete",
    "aktivitas_save",
    "aktivitas_submit",
    "bukti_add",
    "bukti_delete",
    "config_delete",
    "config_save",
    "iki_delete",
    "iki_save",
    "indikator_create",
    "indikator_update",
    "indikator_versi_current",
    "month_cutoff",
    "RENCANA_FIELDS",
    "progres_check",
    "progres_impor_apply",
    "progres_impor_upload",
    "check_rencana_aksi",
    "perilaku_save",
    "periode_lock",
    "periode_unlock",
    "rencana_aksi_delete",
    "rencana_aksi_save",
    "rhk_delete",
    "rhk_save",
    "skp_approve",
    "skp_content",
    "skp_create",
    "skp_impor_apply",
    "skp_impor_check",
    "skp_impor_upload",
    "skp_lampiran_save",
    "skp_problems",
    "skp_return",
    "skp_revise",
    "skp_submit",
    "split_target",
    "target_periode_nilai",
    "tahun_kinerja_create",
    "targets_save",
    "template_apply",
    "template_apply_plan",
    "template_weights_ok",
]
