"""Import of units, positions and people from CSV or XLSX (the shape of a SIMPEG export),
and of whatever other apps register here (training records: pelatihan.impor).

A file is read and every row checked against the database *and* the rest of the file
(duplicates, references to rows further down, supervisor cycles) before anything is
written. The dry run returns one error list per bad row; applying imports every row or
none, and re-importing the same file updates by key (kode, NIP) without duplicates.
Columns are documented in docs/impor.md; samples live in static/contoh/.
"""

import csv
import datetime as dt
import io
import re
import zipfile
from dataclasses import dataclass, field

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from .audit import audit_record, seal_on_commit, snapshot
from .golongan import golongan_valid, normalize_golongan
from .middleware import current_ip
from .models import AuditLog, ImporData, Jabatan, Pegawai, RiwayatJabatan, UnitKerja
from .nip import nip_errors, normalize_nip
from .selectors import resolve_atasan_id
from .services import (
    JABATAN_FIELDS,
    PEGAWAI_FIELDS,
    riwayat_jabatan_catat,
    unit_kerja_save,
    unit_parent_error,
)

COLUMNS = {
    ImporData.Jenis.UNIT: {
        "required": ["kode", "nama", "jenis", "kode_induk"],
        "optional": ["hari_kerja", "kode_siasn", "aktif"],
    },
    ImporData.Jenis.JABATAN: {
        "required": ["kode", "nama", "jenis", "kelas_jabatan", "kode_unit"],
        "optional": ["jenjang", "kepala_unit", "aktif"],
    },
    ImporData.Jenis.PEGAWAI: {
        "required": ["nip", "nama", "jenis", "golongan", "kode_jabatan"],
        "optional": ["gelar_depan", "gelar_belakang", "kode_unit", "nip_atasan", "email",
                     "aktif", "tmt_jabatan"],
    },
}

MAX_ROWS = 50_000
MAX_ERRORS_KEPT = 500
SAMPLE_ROWS = 30

_TRUE = {"1", "ya", "y", "true", "aktif", "yes"}
_FALSE = {"0", "tidak", "t", "false", "nonaktif", "no", "n"}

UNIT_ALIASES = {
    "sub unit": "sub_unit", "subunit": "sub_unit", "seksi": "sub_unit", "subbidang": "sub_unit",
    "subbagian": "sub_unit", "sub bidang": "sub_unit", "sub bagian": "sub_unit",
    "upt": "sub_unit", "uptd": "sub_unit", "pemerintah provinsi": "instansi",
}


@dataclass
class Baris:
    nomor: int
    data: dict
    kunci: str = ""
    aksi: str = ""
    errors: list = field(default_factory=list)


@dataclass
class Hasil:
    rows: list = field(default_factory=list)
    file_errors: list = field(default_factory=list)

    @property
    def ok(self):
        return not self.file_errors and not any(r.errors for r in self.rows)

    def ringkasan(self):
        bad = [r for r in self.rows if r.errors]
        return {
            "baris": len(self.rows),
            "baru": sum(r.aksi == "create" for r in self.rows if not r.errors),
            "diubah": sum(r.aksi == "update" for r in self.rows if not r.errors),
            "sama": sum(r.aksi == "unchanged" for r in self.rows if not r.errors),
            "salah": len(bad),
            "file_errors": self.file_errors,
            "errors": [{"nomor": r.nomor, "kunci": r.kunci, "pesan": r.errors}
                       for r in bad[:MAX_ERRORS_KEPT]],
            "contoh": [{"nomor": r.nomor, "kunci": r.kunci, "aksi": r.aksi, "data": r.data}
                       for r in self.rows if not r.errors and r.aksi != "unchanged"
                       ][:SAMPLE_ROWS],
        }


# --- reading ----------------------------------------------------------------------------


def _cell(value):
    if value is None:
        return ""
    if isinstance(value, float):
        if value.is_integer() and abs(value) < 2**53:
            return str(int(value))
        return repr(value)
    return str(value).strip()


def _read_csv(content):
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(_("The CSV file is not UTF-8 text. Save it as \"CSV UTF-8\".")) \
            from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    return list(csv.reader(io.StringIO(text), dialect))


def _read_xlsx(content):
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValidationError(_("The file is not a valid XLSX workbook.")) from None
    try:
        sheet = book.worksheets[0]
        rows = []
        for row in sheet.iter_rows(values_only=True):
            rows.append([_numeric_guard(v) for v in row])
            if len(rows) > MAX_ROWS + 1:
                break
        return rows
    finally:
        book.close()


def _numeric_guard(value):
    # An 18-digit NIP typed into a number cell has already lost its last digits in Excel
    # (a double holds 15-16): say so instead of importing a wrong NIP.
    if isinstance(value, float) and abs(value) >= 1e15:
        return "#ANGKA"
    if isinstance(value, int) and abs(value) >= 2**53:
        return "#ANGKA"
    return _cell(value)


def _header(value):
    # "Tanggal (YYYY-MM-DD)" -> "tanggal", "Kegiatan Harian" -> "kegiatan_harian"
    text = re.sub(r"\(.*?\)", "", _cell(value)).strip().lower()
    return "_".join(text.split())


def read_table(*, nama_file, content, jenis=None, spec=None):
    """Header row and data rows as dicts keyed by normalised column name; the columns are
    those registered for `jenis`, or `spec` ({"required": [...], "optional": [...]})."""
    name = nama_file.lower()
    if name.endswith(".csv"):
        table = _read_csv(content)
    elif name.endswith(".xlsx"):
        if not content.startswith(b"PK"):
            raise ValidationError(_("The file is not a valid XLSX workbook."))
        table = _read_xlsx(content)
    else:
        raise ValidationError(_("Only .csv and .xlsx files can be imported."))
    table = [row for row in table if any(_cell(v) for v in row)]
    if not table:
        raise ValidationError(_("The file is empty."))
    header = [_header(h) for h in table[0]]
    spec = spec or COLUMNS[jenis]
    missing = [c for c in spec["required"] if c not in header]
    if missing:
        raise ValidationError(_("Missing column(s): %(cols)s. Required: %(req)s.") % {
            "cols": ", ".join(missing), "req": ", ".join(spec["required"])})
    if len(table) - 1 > MAX_ROWS:
        raise ValidationError(_("The file has more than %(n)s rows; split it.") % {"n": MAX_ROWS})
    if len(table) == 1:
        raise ValidationError(_("The file has a header but no data rows."))
    known = set(spec["required"]) | set(spec["optional"])
    rows = []
    for number, values in enumerate(table[1:], start=2):
        data = {h: _cell(values[i]) if i < len(values) else ""
                for i, h in enumerate(header) if h in known}
        rows.append(Baris(nomor=number, data=data))
    return rows


def _bool(value, default, errors, column):
    if value == "":
        return default
    low = value.lower()
    if low in _TRUE:
        return True
    if low in _FALSE:
        return False
    errors.append(_("Column %(col)s: \"%(val)s\" is not ya/tidak.") % {"col": column,
                                                                         "val": value})
    return default


def _choice(value, choices, errors, column, aliases=None):
    key = " ".join(value.lower().replace("_", " ").split())
    key = (aliases or {}).get(key, key).replace(" ", "_")
    if key in choices:
        return key
    errors.append(_("Column %(col)s: \"%(val)s\" is not one of %(allowed)s.") % {
        "col": column, "val": value, "allowed": ", ".join(choices)})
    return None


def column_text(row, column, max_length, errors, required=True):
    value = row.data.get(column, "")
    if required and not value:
        errors.append(_("Column %(col)s is empty.") % {"col": column})
    elif len(value) > max_length:
        errors.append(_("Column %(col)s is longer than %(n)s characters.") % {
            "col": column, "n": max_length})
    return value


DATE_FORMATS = ("%Y-%m-%d", "%d-%m-%Y", "%d/%m/%Y")


def column_date(value, column, errors):
    """A date cell: YYYY-MM-DD, DD-MM-YYYY, DD/MM/YYYY or an XLSX date; None and an error
    when it is none of them."""
    text = value[:10] if len(value) >= 10 and value[4:5] == "-" else value  # XLSX datetime
    for fmt in DATE_FORMATS:
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    errors.append(_("Column %(col)s: \"%(val)s\" is not a date (YYYY-MM-DD or DD-MM-YYYY).")
                  % {"col": column, "val": value})
    return None


def column_tanggal(row, column, errors, *, required=True):
    """A row's date column: None with "empty" when required and missing, else column_date."""
    value = row.data.get(column, "")
    if not value:
        if required:
            errors.append(_("Column %(col)s is empty.") % {"col": column})
        return None
    return column_date(value, column, errors)


def column_time(value, column, errors):
    """A time cell: HH:MM, H:MM, HH.MM or HH:MM:SS (an XLSX time); None and an error else."""
    match = re.fullmatch(r"(\d{1,2})[:.](\d{2})(?::\d{2})?", value.strip())
    if match and int(match[1]) < 24 and int(match[2]) < 60:
        return dt.time(int(match[1]), int(match[2]))
    errors.append(_("Column %(col)s: \"%(val)s\" is not a time (HH:MM).")
                  % {"col": column, "val": value})
    return None


def orang_per_nip(rows):
    """The people the rows' `nip` column names, {nip: {id, nip, unit__path}} in one query;
    the column normalised in place (a NIP Excel stored as a number stays "#ANGKA")."""
    for row in rows:
        if row.data["nip"] != "#ANGKA":
            row.data["nip"] = normalize_nip(row.data["nip"])
    return {p["nip"]: p for p in Pegawai.objects.filter(
        nip__in={r.data["nip"] for r in rows}).values("id", "nip", "unit__path")}


def column_pegawai(nip, people, errors, scope):
    """The registered person in `scope` a row's NIP names, or None with the reason."""
    person = people.get(nip)
    if nip == "#ANGKA":
        errors.append(_("The NIP was stored as a number and lost digits; format the column "
                        "as text."))
    elif person is None:
        errors.append(_("NIP %(nip)s is not a registered employee.") % {"nip": nip or "-"})
    elif not (person["unit__path"] or "").startswith(scope.path):
        errors.append(_("NIP %(nip)s belongs to an employee outside your scope.")
                      % {"nip": nip})
    else:
        return person
    return None


def mark_duplicates(rows, label):
    seen = {}
    for row in rows:
        if not row.kunci:
            continue
        if row.kunci in seen:
            row.errors.append(_("Duplicate %(label)s %(key)s (also on row %(row)s).") % {
                "label": label, "key": row.kunci, "row": seen[row.kunci]})
        else:
            seen[row.kunci] = row.nomor


def _in_scope(scope, path):
    return path.startswith(scope.path)


# --- units ------------------------------------------------------------------------------


class _FileUnit:
    """A unit as it will be after the import, for the parent rules."""

    def __init__(self, jenis, path):
        self.jenis, self.path = jenis, path


def _check_units(rows, scope):
    existing = {u.kode: u for u in UnitKerja.objects.all()}
    by_kode = {}
    for row in rows:
        errors = row.errors
        row.kunci = column_text(row, "kode", 30, errors)
        column_text(row, "nama", 200, errors)
        row.data["jenis"] = _choice(row.data["jenis"], UnitKerja.Jenis.values, errors, "jenis",
                                    UNIT_ALIASES) or ""
        hari = row.data.get("hari_kerja", "") or "5"
        if hari not in ("5", "6"):
            errors.append(_("Column hari_kerja must be 5 or 6."))
        row.data["hari_kerja"] = hari
        if "kode_siasn" in row.data:  # a file without the column leaves the ids as they are
            column_text(row, "kode_siasn", 64, errors, required=False)
        row.data["aktif"] = _bool(row.data.get("aktif", ""), True, errors, "aktif")
        by_kode.setdefault(row.kunci, row)
    mark_duplicates(rows, _("code"))

    # Resolve parents through the file first, then the database; detect cycles.
    def parent_of(row, trail=()):
        kode_induk = row.data["kode_induk"]
        if not kode_induk:
            return None
        if kode_induk in trail or kode_induk == row.kunci:
            raise ValidationError(_("Parent units form a cycle: %(chain)s.") % {
                "chain": " -> ".join([*trail, row.kunci, kode_induk])})
        if kode_induk in by_kode:
            parent_row = by_kode[kode_induk]
            grand = parent_of(parent_row, (*trail, row.kunci))
            return _FileUnit(parent_row.data["jenis"], (grand.path if grand else "/") + "f/")
        if kode_induk in existing:
            return existing[kode_induk]
        raise ValidationError(_("Parent unit %(code)s does not exist.") % {"code": kode_induk})

    for row in rows:
        if row.errors:
            continue
        try:
            parent = parent_of(row)
        except ValidationError as exc:
            row.errors.extend(exc.messages)
            continue
        error = unit_parent_error(row.data["jenis"], parent)
        if error:
            row.errors.append(error)
        current = existing.get(row.kunci)
        if current is not None and not _in_scope(scope, current.path):
            row.errors.append(_("Unit %(code)s is outside your scope.") % {"code": row.kunci})
        elif parent is not None and isinstance(parent, UnitKerja) and \
                not _in_scope(scope, parent.path):
            row.errors.append(_("Parent unit %(code)s is outside your scope.")
                              % {"code": row.data["kode_induk"]})
        elif parent is None and current is None and scope.parent_id is not None:
            row.errors.append(_("Only the Admin BKD can create a government (instansi)."))
        if current is None:
            row.aksi = "create"
        else:
            same = (current.nama == row.data["nama"] and current.jenis == row.data["jenis"]
                    and (current.parent.kode if current.parent_id else "")
                    == row.data["kode_induk"]
                    and str(current.hari_kerja) == row.data["hari_kerja"]
                    and ("kode_siasn" not in row.data or current.kode_siasn
                         == row.data["kode_siasn"])
                    and current.aktif == row.data["aktif"])
            row.aksi = "unchanged" if same else "update"


def _apply_units(rows, actor):
    # Parents before children: insert in order of depth within the file.
    by_kode = {r.kunci: r for r in rows}

    def depth(row, seen=0):
        parent = by_kode.get(row.data["kode_induk"])
        return 0 if parent is None or seen > len(rows) else 1 + depth(parent, seen + 1)

    existing = {u.kode: u for u in UnitKerja.objects.all()}
    for row in sorted(rows, key=depth):
        if row.aksi == "unchanged":
            continue
        unit = existing.get(row.kunci) or UnitKerja(kode=row.kunci)
        unit.nama = row.data["nama"]
        unit.jenis = row.data["jenis"]
        unit.parent = existing.get(row.data["kode_induk"]) if row.data["kode_induk"] else None
        unit.hari_kerja = int(row.data["hari_kerja"])
        unit.kode_siasn = row.data.get("kode_siasn", unit.kode_siasn)
        unit.aktif = row.data["aktif"]
        existing[row.kunci] = unit_kerja_save(unit=unit, actor=actor)


# --- positions --------------------------------------------------------------------------


def _check_jabatan(rows, scope):
    units = {u.kode: u for u in UnitKerja.objects.all()}
    existing = {j.kode: j for j in Jabatan.objects.select_related("unit")}
    heads = {j.unit_id: j.kode for j in existing.values() if j.kepala_unit and j.aktif}
    for row in rows:
        errors = row.errors
        row.kunci = column_text(row, "kode", 40, errors)
        column_text(row, "nama", 200, errors)
        row.data["jenis"] = _choice(row.data["jenis"], Jabatan.Jenis.values, errors,
                                    "jenis") or ""
        jenjang = row.data.get("jenjang", "")
        if row.data["jenis"] == Jabatan.Jenis.FUNGSIONAL:
            if not jenjang:
                errors.append(_("A fungsional position needs column jenjang."))
            else:
                row.data["jenjang"] = _choice(jenjang, Jabatan.Jenjang.values, errors,
                                              "jenjang") or ""
        else:
            row.data["jenjang"] = ""
        kelas = row.data["kelas_jabatan"]
        if not kelas.isdigit() or not 1 <= int(kelas) <= 17:
            errors.append(_("Column kelas_jabatan must be a number from 1 to 17."))
        row.data["kepala_unit"] = _bool(row.data.get("kepala_unit", ""), False, errors,
                                        "kepala_unit")
        row.data["aktif"] = _bool(row.data.get("aktif", ""), True, errors, "aktif")
        unit = units.get(row.data["kode_unit"])
        if unit is None:
            errors.append(_("Unit %(code)s does not exist.") % {"code": row.data["kode_unit"]})
        elif not _in_scope(scope, unit.path):
            errors.append(_("Unit %(code)s is outside your scope.")
                          % {"code": row.data["kode_unit"]})
        current = existing.get(row.kunci)
        if current is not None and not _in_scope(scope, current.unit.path):
            errors.append(_("Position %(code)s is outside your scope.") % {"code": row.kunci})
        if errors:
            continue
        if row.data["kepala_unit"] and row.data["aktif"]:
            other = heads.get(unit.id)
            if other and other != row.kunci:
                errors.append(_("Unit %(unit)s already has a head post (%(other)s).")
                              % {"unit": unit.kode, "other": other})
            heads[unit.id] = row.kunci
        row.unit = unit
        if current is None:
            row.aksi = "create"
        else:
            same = all(str(getattr(current, f)) == str(row.data[f]) for f in
                       ("nama", "jenis", "jenjang", "kelas_jabatan", "kepala_unit", "aktif")) \
                and current.unit_id == unit.id
            row.aksi = "unchanged" if same else "update"
    mark_duplicates(rows, _("code"))


def _apply_jabatan(rows, actor):
    existing = {j.kode: j for j in Jabatan.objects.all()}
    create, update = [], []
    for row in rows:
        if row.aksi == "unchanged":
            continue
        jabatan = existing.get(row.kunci) or Jabatan(kode=row.kunci)
        jabatan.nama = row.data["nama"]
        jabatan.jenis = row.data["jenis"]
        jabatan.jenjang = row.data["jenjang"]
        jabatan.kelas_jabatan = int(row.data["kelas_jabatan"])
        jabatan.unit = row.unit
        jabatan.kepala_unit = row.data["kepala_unit"]
        jabatan.aktif = row.data["aktif"]
        (update if jabatan.pk else create).append(jabatan)
    # Head flags are released before they are given, so that a swap within the file does
    # not trip the one-head-per-unit constraint halfway through.
    released = [j for j in update if not j.kepala_unit]
    Jabatan.objects.bulk_update(released, JABATAN_FIELDS[1:], batch_size=1000)
    Jabatan.objects.bulk_update([j for j in update if j.kepala_unit], JABATAN_FIELDS[1:],
                                batch_size=1000)
    Jabatan.objects.bulk_create(create, batch_size=1000)
    audit_bulk(actor, "jabatan", create, update, JABATAN_FIELDS)


# --- people -----------------------------------------------------------------------------


def _check_pegawai(rows, scope):
    jabatan_by_kode = {j.kode: j for j in Jabatan.objects.select_related("unit")}
    people = {
        p["nip"]: p for p in Pegawai.objects.values(
            "id", "nip", "nama", "gelar_depan", "gelar_belakang", "jenis", "golongan",
            "jabatan_id", "unit_id", "unit__path", "atasan_override__nip", "email", "aktif")
    }
    units_by_kode = dict(UnitKerja.objects.values_list("kode", "id"))
    tmt_now = dict(RiwayatJabatan.objects.filter(selesai__isnull=True).values_list(
        "pegawai__nip", "mulai"))
    for row in rows:
        errors = row.errors
        raw_nip = row.data["nip"]
        row.kunci = normalize_nip(raw_nip)
        jenis = row.data["jenis"].upper()
        if jenis not in Pegawai.Jenis.values:
            errors.append(_("Column jenis must be PNS, CPNS or PPPK."))
        row.data["jenis"] = jenis
        if raw_nip == "#ANGKA":
            errors.append(_("The NIP was stored as a number and lost digits; format the "
                            "column as text."))
        else:
            errors.extend(nip_errors(raw_nip, jenis=jenis if jenis == "PPPK" else "PNS"))
        column_text(row, "nama", 150, errors)
        column_text(row, "gelar_depan", 40, errors, required=False)
        column_text(row, "gelar_belakang", 80, errors, required=False)
        email = column_text(row, "email", 254, errors, required=False)
        if email and ("@" not in email or " " in email):
            errors.append(_("Column email is not an e-mail address."))
        golongan = normalize_golongan(row.data["golongan"])
        row.data["golongan"] = golongan
        if jenis in Pegawai.Jenis.values and not golongan_valid(jenis, golongan):
            errors.append(_("Golongan %(gol)s does not exist for %(jenis)s.") % {
                "gol": row.data["golongan"] or "-", "jenis": jenis})
        row.data["aktif"] = _bool(row.data.get("aktif", ""), True, errors, "aktif")
        jabatan = jabatan_by_kode.get(row.data["kode_jabatan"])
        if jabatan is None:
            errors.append(_("Position %(code)s does not exist.")
                          % {"code": row.data["kode_jabatan"]})
        else:
            if not _in_scope(scope, jabatan.unit.path):
                errors.append(_("Position %(code)s is outside your scope.")
                              % {"code": jabatan.kode})
            kode_unit = row.data.get("kode_unit", "")
            if kode_unit and units_by_kode.get(kode_unit) != jabatan.unit_id:
                errors.append(_("Position %(pos)s does not belong to unit %(unit)s.")
                              % {"pos": jabatan.kode, "unit": kode_unit})
        row.jabatan = jabatan
        tmt = row.data.get("tmt_jabatan", "")
        row.tmt = column_date(tmt, "tmt_jabatan", errors) if tmt else None
        if row.tmt is not None and row.tmt > timezone.localdate():
            errors.append(_("Column tmt_jabatan is in the future."))
        row.data["nip_atasan"] = normalize_nip(row.data.get("nip_atasan", ""))
        current = people.get(row.kunci)
        if current is not None and current["unit__path"] and \
                not _in_scope(scope, current["unit__path"]):
            errors.append(_("NIP %(nip)s belongs to an employee outside your scope.")
                          % {"nip": row.kunci})
        if current is None:
            row.aksi = "create"
        elif jabatan is not None:
            same = all(str(current[f]) == str(row.data.get(f, "")) for f in
                       ("nama", "gelar_depan", "gelar_belakang", "jenis", "golongan", "email",
                        "aktif")) and current["jabatan_id"] == jabatan.id and \
                (current["atasan_override__nip"] or "") == row.data["nip_atasan"] and \
                row.tmt in (None, tmt_now.get(row.kunci))
            row.aksi = "unchanged" if same else "update"
    mark_duplicates(rows, "NIP")
    _check_org_chart(rows, people, jabatan_by_kode, scope)


def _check_org_chart(rows, people, jabatan_by_kode, scope):
    """Head posts held once, supervisors that exist, and no supervisor cycles, on the
    org chart as it will be after the import (people keyed by NIP)."""
    jabatan_by_id = {j.id: j for j in jabatan_by_kode.values()}
    state = {}
    for nip, p in people.items():
        jab = jabatan_by_id.get(p["jabatan_id"])
        state[nip] = {"jabatan": jab, "override": p["atasan_override__nip"] or "",
                      "aktif": p["aktif"], "row": None, "path": p["unit__path"] or ""}
    for row in rows:
        if row.jabatan is None or not row.kunci:
            continue
        state[row.kunci] = {"jabatan": row.jabatan, "override": row.data["nip_atasan"],
                            "aktif": row.data["aktif"], "row": row,
                            "path": row.jabatan.unit.path}
    heads = {}
    for nip, s in state.items():
        jab = s["jabatan"]
        if s["aktif"] and jab is not None and jab.kepala_unit and jab.aktif:
            if jab.unit_id in heads and heads[jab.unit_id] != nip:
                for holder in (nip, heads[jab.unit_id]):
                    if state[holder]["row"] is not None:
                        state[holder]["row"].errors.append(
                            _("Head post %(pos)s would be held by two people (%(a)s, %(b)s).")
                            % {"pos": jab.kode, "a": heads[jab.unit_id], "b": nip})
            heads[jab.unit_id] = nip
    for row in rows:
        override = row.data.get("nip_atasan")
        if override and override not in state:
            row.errors.append(_("Supervisor NIP %(nip)s does not exist.") % {"nip": override})
        elif override and override == row.kunci:
            row.errors.append(_("An employee cannot be their own supervisor."))
        elif override and override != (people.get(row.kunci) or {}).get(
                "atasan_override__nip") and not _in_scope(scope, state[override]["path"]):
            row.errors.append(_("Supervisor NIP %(nip)s is outside your scope; only the Admin "
                                "BKD can choose a supervisor there.") % {"nip": override})

    def atasan_of(nip):
        s = state[nip]
        override = s["override"] if s["override"] in state and \
            state[s["override"]]["aktif"] else None
        jab = s["jabatan"]
        if jab is None:
            return override
        chain = [int(x) for x in jab.unit.path.strip("/").split("/")]
        return resolve_atasan_id(pegawai_id=nip, unit_chain=chain,
                                 is_head=heads.get(jab.unit_id) == nip,
                                 override_id=override, heads=heads)

    done = set()
    for start in state:
        trail, nip = [], start
        while nip and nip not in done and nip not in trail:
            trail.append(nip)
            nip = atasan_of(nip)
        if nip in trail:
            cycle = trail[trail.index(nip):] + [nip]
            for member in cycle[:-1]:
                row = state[member]["row"]
                if row is not None:
                    row.errors.append(_("Supervisor cycle: %(chain)s.")
                                      % {"chain": " -> ".join(cycle)})
        done.update(trail)


def _apply_pegawai(rows, actor):
    existing = {p.nip: p for p in Pegawai.objects.all()}
    create, update = [], []
    # New people get no usable password until an admin issues one; hashing 12,000
    # passwords would take over an hour of CPU (performance.md: ~0.4 s each).
    for row in rows:
        if row.aksi == "unchanged":
            continue
        p = existing.get(row.kunci) or Pegawai(nip=row.kunci, password=make_password(None))
        for f in ("nama", "gelar_depan", "gelar_belakang", "jenis", "golongan", "email",
                  "aktif"):
            setattr(p, f, row.data.get(f, ""))
        p.jabatan = row.jabatan
        p.unit_id = row.jabatan.unit_id
        (update if p.pk else create).append(p)
    fields = [f for f in PEGAWAI_FIELDS if f not in ("nip", "atasan_override", "admin_scope")]
    Pegawai.objects.bulk_update(update, fields, batch_size=1000)
    Pegawai.objects.bulk_create(create, batch_size=1000)
    ids = dict(Pegawai.objects.filter(nip__in=[r.kunci for r in rows]).values_list("nip", "id"))
    overrides = {r.data["nip_atasan"] for r in rows if r.data["nip_atasan"]}
    ids.update(Pegawai.objects.filter(nip__in=overrides).values_list("nip", "id"))
    changed = []
    for row in rows:
        if row.aksi == "unchanged":
            continue
        p = existing.get(row.kunci)
        target = ids.get(row.data["nip_atasan"]) if row.data["nip_atasan"] else None
        if p is None:
            p = Pegawai(pk=ids[row.kunci], nip=row.kunci)
        p.atasan_override_id = target
        changed.append(p)
    Pegawai.objects.bulk_update(changed, ["atasan_override"], batch_size=1000)
    riwayat_jabatan_catat({ids[r.kunci]: (r.jabatan.pk, r.tmt) for r in rows
                           if r.aksi != "unchanged"})
    for p in create:
        p.pk = ids[p.nip]
    audit_bulk(actor, "pegawai", create, update, [f for f in PEGAWAI_FIELDS
                                                  if f != "atasan_override"])


def terapkan_per_orang(rows, actor, *, model, kind, fields, audit_fields, baru=None,
                       isi=None):
    """The apply of an import of per-person records checked into `row.target` (and
    `row.match_id` for an update): each row not unchanged is written in bulk, updating its
    match or making a new record (`baru(row)`, by default `model(pegawai_id=...)`); `isi`
    sets what every written record also carries; audited. Returns (created, updated)."""
    todo = [r for r in rows if r.aksi != "unchanged"]
    existing = model.objects.in_bulk([r.match_id for r in todo if r.match_id])
    create, update = [], []
    for row in todo:
        record = existing.get(row.match_id) or (baru(row) if baru else
                                                model(pegawai_id=row.pegawai_id))
        for name, value in {**row.target, **(isi or {})}.items():
            setattr(record, name, value)
        (update if record.pk else create).append(record)
    model.objects.bulk_update(update, fields, batch_size=1000)
    model.objects.bulk_create(create, batch_size=1000)
    audit_bulk(actor, kind, create, update, audit_fields)
    return create, update


def audit_bulk(actor, kind, create, update, fields):
    ip = current_ip.get()
    entries = [
        AuditLog(actor=actor, actor_nip=actor.nip, action=f"{kind}.{verb}",
                 target_type=obj._meta.label_lower, target_id=str(obj.pk),
                 target_repr=str(obj)[:255], after=snapshot(obj, fields), ip=ip)
        for verb, objs in (("import_create", create), ("import_update", update))
        for obj in objs
    ]
    AuditLog.objects.bulk_create(entries, batch_size=2000)
    seal_on_commit([e.pk for e in entries])


# --- entry points -----------------------------------------------------------------------

CHECKS = {
    ImporData.Jenis.UNIT: (_check_units, _apply_units),
    ImporData.Jenis.JABATAN: (_check_jabatan, _apply_jabatan),
    ImporData.Jenis.PEGAWAI: (_check_pegawai, _apply_pegawai),
}


def register(jenis, *, required, optional, check, apply):
    """An app adds a kind of import (called from its AppConfig.ready): check(rows, scope)
    fills each row's kunci, aksi and errors without writing; apply(rows, actor) writes the
    checked rows inside impor_apply's transaction."""
    COLUMNS[jenis] = {"required": required, "optional": optional}
    CHECKS[jenis] = (check, apply)


def impor_check(*, jenis, nama_file, content, scope, actor=None):
    """The dry run: parse and validate every row; writes nothing."""
    hasil = Hasil()
    try:
        hasil.rows = read_table(nama_file=nama_file, content=content, jenis=jenis)
    except ValidationError as exc:
        hasil.file_errors = exc.messages
        return hasil
    CHECKS[jenis][0](hasil.rows, scope)
    if actor is not None:
        for row in hasil.rows:  # an admin never makes themself someone's supervisor
            if row.data.get("nip_atasan") and row.data["nip_atasan"] == actor.nip:
                row.errors.append(_("You cannot make yourself this employee's supervisor; "
                                    "ask another admin."))
    return hasil


def impor_purge_old(*, days=30):
    """Uploaded files hold personal data: keep them only while they may still be applied
    or looked at. Returns how many were deleted."""
    cutoff = timezone.now() - dt.timedelta(days=days)
    deleted, _per_model = ImporData.objects.filter(dibuat__lt=cutoff).delete()
    return deleted


@transaction.atomic
def impor_upload(*, jenis, nama_file, content, actor, scope):
    """Store the file and its dry-run result for the preview page."""
    hasil = impor_check(jenis=jenis, nama_file=nama_file, content=content, scope=scope,
                        actor=actor)
    impor = ImporData.objects.create(
        jenis=jenis, nama_file=nama_file[:255], isi=content, ringkasan=hasil.ringkasan(),
        diunggah_oleh=actor, scope=scope,
    )
    return impor


@transaction.atomic
def impor_terapkan(*, impor, actor, jalankan, tambahan=None):
    """Apply a previewed import, once: `jalankan()` checks the rows against the data as it
    is now and writes them, returning the Hasil; any bad row undoes everything. The
    summary (with `tambahan`) is kept and the apply audited."""
    claimed = ImporData.objects.filter(pk=impor.pk, status=ImporData.Status.PRATINJAU).update(
        status=ImporData.Status.DITERAPKAN)
    if claimed != 1:
        raise ValidationError(_("This import has already been applied."))
    hasil = jalankan()
    if not hasil.ok:
        raise ValidationError(_("The file has errors; nothing was imported. Fix them and "
                                "upload it again."))
    impor.status = ImporData.Status.DITERAPKAN
    impor.ringkasan = {**hasil.ringkasan(), **(tambahan or {})}
    impor.save(update_fields=["ringkasan"])
    audit_record(actor=actor, action="impor.apply", target=impor, after={
        "jenis": impor.jenis, "file": impor.nama_file,
        **{k: impor.ringkasan[k] for k in ("baris", "baru", "diubah", "sama")}})
    return impor


def impor_baca_jalankan(*, nama_file, content, spec, jalankan, coba):
    """For a person's own imports, which check each row by writing it through its services
    in a savepoint: the file read and `jalankan(rows)` run; with `coba` (the dry run)
    everything rolled back."""
    hasil = Hasil()
    try:
        hasil.rows = read_table(nama_file=nama_file, content=content, spec=spec)
    except ValidationError as exc:
        hasil.file_errors = exc.messages
        return hasil
    with transaction.atomic():
        jalankan(hasil.rows)
        if coba:
            transaction.set_rollback(True)
    return hasil


@transaction.atomic
def impor_apply(*, impor, actor):
    """Apply a previewed import: all rows or none. Re-validated against the data as it is
    now, since it may have changed since the preview."""

    def jalankan():
        hasil = impor_check(jenis=impor.jenis, nama_file=impor.nama_file,
                            content=bytes(impor.isi), scope=impor.scope, actor=actor)
        if hasil.ok:
            CHECKS[impor.jenis][1](hasil.rows, actor)
        return hasil

    return impor_terapkan(impor=impor, actor=actor, jalankan=jalankan)
