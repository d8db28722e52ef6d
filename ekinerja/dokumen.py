"""Official documents as PDF: an A4 page in the government's layout (letterhead, identity
of the employee and the evaluator, the content, signature blocks) and a QR code that
opens the verification page of this very copy.

Each PDF handed out is recorded (`Dokumen`) with the SHA-256 of its bytes, so the
verification page can say whether an uploaded copy is the one issued, and with a hash of
its content, so that a document whose content has since changed shows as superseded
while a second download of unchanged content does not. Rendering is pure Python
(ReportLab, its QR widget included).
"""

import hashlib
import io
import json
import uuid
from xml.sax.saxutils import escape

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.http import HttpResponse
from django.urls import reverse
from django.utils import formats, timezone
from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import cm
from reportlab.platypus import Flowable, Paragraph, SimpleDocTemplate, Spacer, Table, TableStyle

from .audit import audit_record
from .models import Dokumen

QR_SIZE = 2.6 * cm


def styles():
    base = getSampleStyleSheet()
    return {
        "judul": ParagraphStyle("judul", parent=base["Title"], fontSize=13, leading=16,
                                spaceAfter=2),
        "sub": ParagraphStyle("sub", parent=base["Normal"], alignment=1, fontSize=9),
        "h": ParagraphStyle("h", parent=base["Heading4"], fontSize=10, spaceBefore=8,
                            spaceAfter=3),
        "p": ParagraphStyle("p", parent=base["Normal"], fontSize=8.5, leading=10.5),
        "kecil": ParagraphStyle("kecil", parent=base["Normal"], fontSize=7, leading=8.5),
    }


def teks(value, style):
    """A paragraph of user text: escaped, since ReportLab reads a little markup."""
    return Paragraph(escape(str(value if value is not None else "")).replace("\n", "<br/>"),
                     style)


def tabel(rows, widths, *, header=True, style=None):
    """A ruled table of text cells (wrapped as paragraphs)."""
    p = style or styles()["p"]
    data = [[cell if isinstance(cell, Flowable) else teks(cell, p) for cell in row]
            for row in rows]
    table = Table(data, colWidths=widths, repeatRows=1 if header else 0)
    commands = [("GRID", (0, 0), (-1, -1), 0.4, colors.grey),
                ("VALIGN", (0, 0), (-1, -1), "TOP")]
    if header:
        commands.append(("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#e9ecef")))
    table.setStyle(TableStyle(commands))
    return table


def angka(value, places=2):
    """A number as the page shows it in the active language (47,20 in Indonesian; a whole
    number without decimals)."""
    from decimal import Decimal

    if value is None or value == "":
        return "-"
    value = Decimal(str(value))
    if value == value.to_integral_value():
        return formats.number_format(int(value), use_l10n=True)
    return formats.number_format(value, decimal_pos=places, use_l10n=True)


def identitas(kiri, kanan):
    """The two identity columns: (title, [(label, value), ...]) each."""
    s = styles()
    rows = [[teks(kiri[0], s["h"]), teks(kanan[0], s["h"])]]
    for (la, va), (lb, vb) in zip(kiri[1], kanan[1], strict=True):
        rows.append([teks(f"{la}: {va}", s["p"]), teks(f"{lb}: {vb}", s["p"])])
    table = Table(rows, colWidths=[8.6 * cm, 8.6 * cm])
    table.setStyle(TableStyle([("BOX", (0, 0), (0, -1), 0.4, colors.grey),
                               ("BOX", (1, 0), (1, -1), 0.4, colors.grey),
                               ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


def tanda_tangan(kiri, kanan, tanggal):
    """Signature blocks: (role, name, NIP) left and right, with the place and date; `kiri`
    None: one signature, on the right."""
    s = styles()
    tempat = f"Jambi, {formats.date_format(tanggal, 'j F Y')}"
    cells = [[]] if kiri is None else []
    for n, (peran, nama, nip) in enumerate((kiri, kanan) if kiri is not None else (kanan,),
                                           start=0 if kiri is not None else 1):
        cells.append([teks(tempat if n == 1 else "", s["p"]), teks(peran, s["p"]),
                      Spacer(1, 1.6 * cm), teks(nama, s["p"]), teks(f"NIP {nip}", s["p"])])
    table = Table([[cells[0], cells[1]]], colWidths=[8.6 * cm, 8.6 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return table


class Qr(Flowable):
    """A QR code of a URL, with the same URL as a link on it."""

    def __init__(self, url, size=QR_SIZE):
        super().__init__()
        self.url, self.width, self.height = url, size, size

    def draw(self):
        widget = QrCodeWidget(self.url)
        x0, y0, x1, y1 = widget.getBounds()
        size = self.width
        drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0,
                                                 size / (y1 - y0), 0, 0])
        drawing.add(widget)
        drawing.drawOn(self.canv, 0, 0)
        self.canv.linkURL(self.url, (0, 0, size, size), relative=1)


def _verification_block(url, token):
    s = styles()
    text = teks(f"Pindai kode QR atau buka {url} untuk memeriksa keaslian dokumen ini. "
                f"Token: {token}", s["kecil"])
    table = Table([[Qr(url), text]], colWidths=[QR_SIZE + 0.4 * cm, 14 * cm])
    table.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "MIDDLE")]))
    return table


def _render(*, judul, sub, isi, url, token):
    buffer = io.BytesIO()
    doc = SimpleDocTemplate(buffer, pagesize=A4, leftMargin=1.8 * cm, rightMargin=1.8 * cm,
                            topMargin=1.5 * cm, bottomMargin=1.5 * cm, title=judul,
                            author="e-kinerja Pemerintah Provinsi Jambi")
    s = styles()
    story = [teks("PEMERINTAH PROVINSI JAMBI", s["sub"]), teks(judul, s["judul"]),
             teks(sub, s["sub"]), Spacer(1, 0.3 * cm), *isi, Spacer(1, 0.5 * cm),
             _verification_block(url, token)]
    doc.build(story)
    return buffer.getvalue()


def content_hash(data):
    return hashlib.sha256(json.dumps(data, sort_keys=True, default=str).encode()).hexdigest()


def dokumen_terbitkan(*, jenis, pegawai, objek, actor, judul, sub, data, isi, situs):
    """The official copy of an object as it is now. `data`: what the document says (its
    hash tells whether the content changed since an earlier copy); `isi`: the flowables
    built from it; `situs`: the address the QR code points to. The same content gives the
    same copy (the stored file, one record); changed content issues a new copy and
    supersedes the earlier ones. Returns (Dokumen, PDF bytes)."""
    isi_hash = content_hash(data)
    current = _salinan_berlaku(jenis, objek, isi_hash)
    if current is not None:
        return current, salinan_bytes(current)
    token = uuid.uuid4()
    url = situs + reverse("dokumen_verifikasi", args=[token])
    pdf = _render(judul=judul, sub=sub, isi=isi, url=url, token=token)
    dokumen = Dokumen(token=token, jenis=jenis, judul=judul[:200], pegawai=pegawai,
                      objek=objek, sha256=hashlib.sha256(pdf).hexdigest(), isi_hash=isi_hash,
                      ukuran=len(pdf), dibuat_oleh=actor)
    dokumen.berkas.save("dokumen.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            Dokumen.objects.filter(jenis=jenis, objek=objek, digantikan__isnull=True).filter(
                ~Q(isi_hash=isi_hash) | Q(berkas="")).update(digantikan=timezone.now())
            dokumen.save()
            audit_record(actor=actor, action="dokumen.terbit", target=dokumen,
                         after={"jenis": jenis, "objek": objek, "sha256": dokumen.sha256})
    except IntegrityError:  # the same content issued by another request at this moment
        dokumen.berkas.delete(save=False)
        current = _salinan_berlaku(jenis, objek, isi_hash)
        return current, salinan_bytes(current)
    return dokumen, pdf


def _salinan_berlaku(jenis, objek, isi_hash):
    return (Dokumen.objects.filter(jenis=jenis, objek=objek, isi_hash=isi_hash,
                                   digantikan__isnull=True).exclude(berkas="").first())


def salinan_berlaku(jenis, objek):
    """The copy of an object in force (the latest, not superseded), or None."""
    return (Dokumen.objects.filter(jenis=jenis, objek=objek, digantikan__isnull=True)
            .exclude(berkas="").order_by("-dibuat").first())


def salinan_bytes(dokumen):
    with dokumen.berkas.open("rb") as handle:
        return handle.read()


def pdf_response(pdf, filename):
    """A PDF download (private: not cached by proxies)."""
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "private, no-store"
    return response


def periksa_salinan(dokumen, content):
    """Whether an uploaded file is exactly the copy issued under this token."""
    return hashlib.sha256(content).hexdigest() == dokumen.sha256
