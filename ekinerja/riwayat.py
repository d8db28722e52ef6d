"""The history of a person's own records (/riwayat/) as sentences people read: who did what
to which record, and what changed "from X to Y", with names instead of NIPs and labels
instead of codes. The raw entries and their seals stay on the BKD audit pages."""

from dataclasses import dataclass, field

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Pegawai

# What the last part of an action code means (aktivitas.approve -> approved ...).
KATA_KERJA = {
    "create": gettext_lazy("%(actor)s created %(what)s"),
    "update": gettext_lazy("%(actor)s changed %(what)s"),
    "delete": gettext_lazy("%(actor)s deleted %(what)s"),
    "submit": gettext_lazy("%(actor)s submitted %(what)s"),
    "approve": gettext_lazy("%(actor)s approved %(what)s"),
    "reject": gettext_lazy("%(actor)s rejected %(what)s"),
    "return": gettext_lazy("%(actor)s returned %(what)s for revision"),
    "undo": gettext_lazy("%(actor)s undid the validation of %(what)s"),
    "revise": gettext_lazy("%(actor)s started a revision of %(what)s"),
    "eskalasi": gettext_lazy("%(what)s was escalated to the supervisor's supervisor"),
    "final": gettext_lazy("%(actor)s finalised %(what)s"),
    "akui": gettext_lazy("%(actor)s acknowledged %(what)s"),
    "decide": gettext_lazy("%(actor)s decided %(what)s"),
    "terbit": gettext_lazy("%(actor)s issued %(what)s"),
    "catat": gettext_lazy("%(actor)s recorded %(what)s"),
    "verifikasi": gettext_lazy("%(actor)s verified %(what)s"),
    "tolak": gettext_lazy("%(actor)s rejected %(what)s"),
    "add": gettext_lazy("%(actor)s added evidence to %(what)s"),
    "lampiran": gettext_lazy("%(actor)s changed the attachment of %(what)s"),
    "perilaku": gettext_lazy("%(actor)s changed the behaviour expectations of %(what)s"),
    "targets": gettext_lazy("%(actor)s changed the period targets of %(what)s"),
    "apply": gettext_lazy("%(actor)s applied a template to %(what)s"),
    "manual": gettext_lazy("%(actor)s entered the realisation of %(what)s"),
    "reset_password": gettext_lazy("%(actor)s issued a temporary password for %(what)s"),
    "change_password": gettext_lazy("%(actor)s changed the password of %(what)s"),
    "mfa_aktif": gettext_lazy("%(actor)s added an authenticator app for %(what)s"),
    "mfa_pemulihan": gettext_lazy("%(actor)s made new recovery codes for %(what)s"),
    "mfa_hapus": gettext_lazy("%(actor)s removed an authenticator app of %(what)s"),
    "mfa_reset": gettext_lazy("%(actor)s reset the two-step verification of %(what)s"),
    "rencana_simpan": gettext_lazy("%(actor)s saved %(what)s"),
}
UMUM = gettext_lazy("%(actor)s changed %(what)s")
# Keys of before/after that say how, not what (shown elsewhere, or internal).
TERSEMBUNYI = {"kapasitas", "sha256", "objek", "jenis"}


@dataclass
class Baris:
    waktu: object
    kalimat: str
    perubahan: list = field(default_factory=list)


def _model(target_type):
    try:
        return apps.get_model(target_type)
    except (LookupError, ValueError):
        return None


def _label(model, key):
    if model is not None:
        try:
            return str(model._meta.get_field(key).verbose_name)
        except FieldDoesNotExist:
            pass
    return key.replace("_", " ")


def _related(entries):
    """The records that foreign-key values in the entries point to, one query per kind:
    {(model label, pk as text): text}."""
    wanted = {}
    for e in entries:
        model = _model(e.target_type)
        if model is None:
            continue
        for data in (e.before, e.after):
            if not isinstance(data, dict):
                continue
            for key, value in data.items():
                try:
                    field_ = model._meta.get_field(key)
                except FieldDoesNotExist:
                    continue
                if field_.is_relation and field_.many_to_one and value not in (None, ""):
                    wanted.setdefault(field_.related_model, set()).add(str(value))
    found = {}
    for related, pks in wanted.items():
        for pk, obj in related.objects.in_bulk([pk for pk in pks if pk.isdigit()]).items():
            found[(related._meta.label_lower, str(pk))] = str(obj)
    return found


def _nilai(value, names):
    if value is None or value == "":
        return "–"
    if value is True:
        return _("yes")
    if value is False:
        return _("no")
    if isinstance(value, list | tuple):
        return ", ".join(_nilai(v, names) for v in value) or "–"
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_nilai(v, names)}" for k, v in value.items())
    text = str(value)
    return names.get(text, text)  # a NIP becomes the person's name


def _perubahan(entry, model, names, related):
    before, after = entry.before or {}, entry.after or {}
    if not isinstance(before, dict) or not isinstance(after, dict):
        return []

    def show(key, value):
        if key == "nip":
            return str(value)
        try:
            field_ = model._meta.get_field(key) if model is not None else None
        except FieldDoesNotExist:
            field_ = None
        if field_ is not None and field_.is_relation and value not in (None, ""):
            return related.get((field_.related_model._meta.label_lower, str(value)),
                               str(value))
        if field_ is not None and field_.choices and value not in (None, ""):
            return str(dict(field_.flatchoices).get(value, value))
        return _nilai(value, names)

    lines = []
    for key in [*before, *(k for k in after if k not in before)]:
        if key in TERSEMBUNYI or before.get(key) == after.get(key):
            continue
        label = _label(model, key)
        if key in before and key in after:
            lines.append(_("%(field)s from %(old)s to %(new)s") % {
                "field": label, "old": show(key, before[key]), "new": show(key, after[key])})
        elif key in after:
            lines.append(f"{label}: {show(key, after[key])}")
    return lines


def riwayat_baris(entries, *, viewer):
    """The entries of one page as sentences; a query for the actors' names."""
    entries = list(entries)
    nips = {e.actor_nip for e in entries if e.actor_nip}
    for e in entries:
        for data in (e.before, e.after):
            if isinstance(data, dict):
                nips.update(v for v in data.values() if isinstance(v, str) and len(v) == 18
                            and v.isdigit())
    people = Pegawai.objects.filter(nip__in=nips).only("nip", "nama", "gelar_depan",
                                                       "gelar_belakang")
    names = {p.nip: p.nama_lengkap for p in people}
    related = _related(entries)
    rows = []
    for e in entries:
        model = _model(e.target_type)
        kind = str(model._meta.verbose_name) if model is not None else _("record")
        actor = (_("You") if e.actor_nip and e.actor_nip == viewer.nip
                 else names.get(e.actor_nip) or (_("The system") if not e.actor_nip
                                                 else e.actor_nip))
        verb = KATA_KERJA.get(e.action.rsplit(".", 1)[-1], UMUM)
        kalimat = str(verb) % {"actor": actor, "what": f"{kind} “{e.target_repr}”"}
        rows.append(Baris(waktu=e.waktu, kalimat=kalimat[:1].upper() + kalimat[1:],
                          perubahan=_perubahan(e, model, names, related)))
    return rows
