"""The one form-page flow every app's edit views share."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from ..forms import add_service_errors
from ..selectors import kunci_kiriman
from ..services import kunci_kiriman_create, kunci_kiriman_tujuan


class SudahTerkirim(Exception):
    """This submission's one-time key was used before: it was saved already."""

    def __init__(self, tujuan):
        super().__init__(tujuan)
        self.tujuan = tujuan


def simpan_sekali(request, form, *, save, success, field_map=None):
    """Validate a POSTed form and save it through `save(form)` (a service) in one
    transaction with the form's one-time key (SekaliKirim), if it has one. Returns
    (True, what `save` returned), or (False, None) when the form or the service refused
    it (the errors are then on the form). Raises SudahTerkirim when the key was used
    before: the same submission sent twice (a double tap, a retried request, a phone's
    queue sent again) creates once."""
    if not form.is_valid():
        return False, None
    kunci = form.cleaned_data.get("kunci_kiriman")
    try:
        with transaction.atomic():
            if kunci is not None:
                entry = kunci_kiriman_create(kunci=kunci, pegawai=request.user)
            obj = save(form)
            if kunci is not None:
                kunci_kiriman_tujuan(entry=entry, tujuan=success(obj))
    except ValidationError as exc:
        add_service_errors(form, exc, field_map)
        return False, None
    except IntegrityError:
        sent = kunci_kiriman(kunci, request.user) if kunci is not None else None
        if sent is not None:
            raise SudahTerkirim(sent.tujuan) from None
        # A concurrent request (a double click, two admins) wrote the same key first.
        form.add_error(None, _("This data was just changed by another request. Reload "
                               "the page and check it before saving again."))
        return False, None
    return True, obj


def form_page(request, form, *, save, template, success, field_map=None, message=None,
              **context):
    """GET or invalid POST: render the form (400 when it has errors). Valid POST: call
    `save(form)` (a service); its ValidationError shows on the form, otherwise redirect
    to `success(obj)`."""
    if request.method == "POST":
        try:
            saved, obj = simpan_sekali(request, form, save=save, success=success,
                                       field_map=field_map)
        except SudahTerkirim as sent:
            messages.info(request, _("This was already saved (the form was sent twice)."))
            return redirect(sent.tujuan or request.get_full_path())
        if saved:
            messages.success(request, message(obj) if message else _("Saved."))
            return redirect(success(obj))
    return render(request, template, {"form": form, **context, **_error_focus(form)},
                  status=400 if form.errors else 200)


def _error_focus(form):
    """On a refused form, base.html shows an alert at the top (a phone shows the top of
    the page after the reload, the form may be far below) linking to the first field in
    error, which gets the focus (the browser scrolls to it; no script needed)."""
    if not form.errors:
        return {}
    first = next((name for name in form.fields if name in form.errors), None)
    if first is None:
        return {"galat_pertama": ""}
    form.fields[first].widget.attrs["autofocus"] = True
    return {"galat_pertama": form[first].id_for_label}


def form_errors_as_messages(request, form):
    """For a small form posted from a list page: its errors as messages, each with the
    field's label, to show after the redirect back."""
    for field, errors in form.errors.items():
        label = form.fields[field].label if field in form.fields else ""
        for error in errors:
            messages.error(request, f"{label}: {error}" if label else error)


def run_action(request, action, success):
    """Call a service for a POST action: its ValidationError becomes error messages,
    otherwise `success` (a text, or a function of the service's result) a success message.
    Returns the service's result, or None when it refused."""
    try:
        result = action()
    except ValidationError as exc:
        for text in exc.messages:
            messages.error(request, text)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result
