"""Reading a PDF response back in tests: its text and the links on its pages."""

import io

from pypdf import PdfReader


def read_pdf(response):
    assert response.status_code == 200, response.content[:500]
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "\n".join(page.extract_text() for page in reader.pages)
    links = [a.get_object()["/A"]["/URI"] for page in reader.pages
             for a in page.get("/Annots", []) if "/A" in a.get_object()]
    return text, links
