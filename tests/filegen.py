"""Resume files made in the test run (reportlab PDFs, python-docx DOCX, encoded TXT): no binaries in git."""
from __future__ import annotations

import io
from typing import Sequence

from docx import Document
from reportlab.lib.pagesizes import A4
from reportlab.pdfgen import canvas

PAGE_WIDTH, PAGE_HEIGHT = A4


def make_pdf(
    text: str, *, font: str = "Helvetica", size: int = 10, leading: int = 13, creation_date=None
) -> bytes:
    """A single-column PDF with one text line per line of `text`, new pages as needed; `creation_date`
    (a datetime) is written as the file's CreationDate and ModDate."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    if creation_date is not None:
        stamp = creation_date.strftime("D:%Y%m%d%H%M%S")
        pdf._doc.info._dateFormatter = lambda *_: stamp
    y = PAGE_HEIGHT - 60
    for line in text.splitlines():
        if y < 60:
            pdf.showPage()
            y = PAGE_HEIGHT - 60
        pdf.setFont(font, size)
        pdf.drawString(50, y, line)
        y -= leading
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_docx(paragraphs: list[str], *, table: list[list[str]] | None = None, modified=None) -> bytes:
    """A DOCX with the given paragraphs, then an optional table (one row per list); `modified` (a
    datetime) is written in its core properties."""
    doc = Document()
    if modified is not None:
        doc.core_properties.modified = modified
        doc.core_properties.created = modified
    for para in paragraphs:
        doc.add_paragraph(para)
    if table:
        grid = doc.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def make_txt(text: str, *, encoding: str = "utf-8") -> bytes:
    return text.encode(encoding)


def sample_resume(name: str = "Ada Lovelace", *, ml: bool = True, email: str | None = None) -> str:
    """A small, realistic resume written for tests (not taken from any real person)."""
    email = email or name.lower().replace(" ", ".") + "@example.com"
    if ml:
        skills = "Python, PyTorch, TensorFlow, scikit-learn, pandas, NumPy, SQL, Docker, Spark"
        role = (
            "Machine Learning Engineer\nNorthwind Analytics\nJan 2019 - Present\n"
            "Built and deployed deep learning models for demand forecasting with PyTorch and Docker.\n"
            "Designed feature engineering pipelines in pandas and Spark; served real-time inference APIs.\n"
        )
        degree = "M.Sc. in Computer Science, University of Edinburgh, 2018"
    else:
        skills = "Customer service, Sales, Negotiation, Microsoft Excel, Cold calling"
        role = (
            "Sales Associate\nContoso Retail\nMar 2016 - Dec 2020\n"
            "Handled customer accounts and exceeded quarterly sales targets.\n"
        )
        degree = "Bachelor of Arts in History, University of Leeds, 2015"
    return (
        f"{name}\n{email} | +44 20 7946 0958 | github.com/{name.split()[0].lower()}\n\n"
        f"Summary\nDependable professional with five years of experience.\n\n"
        f"Skills\n{skills}\n\n"
        f"Experience\n{role}\n"
        f"Education\n{degree}\n"
    )


# --- Files for the documents core: layouts that trip text extraction, hostile packages -----------------


def make_pdf_words(
    lines: list[str],
    *,
    word_gap_em: float = 0.18,
    per_char: bool = False,
    char_space: float = 0.0,
    font: str = "Helvetica",
    size: int = 10,
) -> bytes:
    """A PDF whose words are each drawn by their own text object at computed x positions.

    The content stream holds no space characters: the only word boundary is a gap of `word_gap_em`, the way
    many real resumes are typeset and where pdfium's own text glues words ("astrongwork ethicand").
    `per_char` draws every character separately too; `char_space` sets the PDF character spacing (Tc, in
    points; negative is tight tracking), which character boxes do not show.
    """
    from reportlab.pdfbase.pdfmetrics import stringWidth

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    y = PAGE_HEIGHT - 60
    for line in lines:
        x = 50.0
        for word in line.split():
            for piece in word if per_char else [word]:
                text = pdf.beginText(x, y)
                text.setFont(font, size)
                text.setCharSpace(char_space)
                text.textOut(piece)
                pdf.drawText(text)
                x += stringWidth(piece, font, size) + char_space * len(piece)
            x += word_gap_em * size
        y -= size * 1.4
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_pdf_rows(rows: list[str | tuple[str, str]], *, size: int = 10) -> bytes:
    """A single-column page; a (left, right) row puts `right` flush with the right margin, as resumes set dates."""
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica", size)
    y = PAGE_HEIGHT - 60
    for row in rows:
        left, right = (row, "") if isinstance(row, str) else row
        pdf.drawString(50, y, left)
        if right:
            pdf.drawRightString(PAGE_WIDTH - 50, y, right)
        y -= size * 1.4
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_two_column_pdf(
    left: list[str], right: list[str], *, header: Sequence[str] = (), size: int = 10, interleaved: bool = True
) -> bytes:
    """A page with full-width `header` lines, then two columns of lines.

    With `interleaved` the content stream alternates left line 1, right line 1, left line 2, ... so reading
    the stream in order mixes the columns line by line; only the layout says which text belongs together.
    """
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    pdf.setFont("Helvetica", size)
    leading = size * 1.4
    y = PAGE_HEIGHT - 60
    for line in header:
        pdf.drawString(50, y, line)
        y -= leading
    y -= leading
    right_x = PAGE_WIDTH / 2 + 20
    rows = max(len(left), len(right))
    order = (
        [(side, row) for row in range(rows) for side in (0, 1)]
        if interleaved
        else [(side, row) for side in (0, 1) for row in range(rows)]
    )
    for side, row in order:
        column = left if side == 0 else right
        if row < len(column):
            pdf.drawString(50 if side == 0 else right_x, y - row * leading, column[row])
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_scanned_pdf(pages: int = 1, *, text_pages: dict[int, str] | None = None) -> bytes:
    """A PDF whose pages are images only (as a scanner makes them); `text_pages` maps page index to text."""
    from PIL import Image, ImageDraw
    from reportlab.lib.utils import ImageReader

    image = Image.new("L", (400, 560), color=255)
    draw = ImageDraw.Draw(image)
    for row in range(20, 540, 24):
        draw.rectangle((30, row, 360, row + 10), fill=40)  # dark bars where a scan has lines of print
    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4)
    for index in range(pages):
        if text_pages and index in text_pages:
            pdf.setFont("Helvetica", 10)
            pdf.drawString(50, PAGE_HEIGHT - 60, text_pages[index])
        else:
            pdf.drawImage(ImageReader(image), 50, 100, width=PAGE_WIDTH - 100, height=PAGE_HEIGHT - 200)
        pdf.showPage()
    pdf.save()
    return buf.getvalue()


def make_encrypted_pdf(text: str, *, password: str = "secret") -> bytes:
    """A PDF that needs a user password to open."""
    from reportlab.lib import pdfencrypt

    buf = io.BytesIO()
    pdf = canvas.Canvas(buf, pagesize=A4, encrypt=pdfencrypt.StandardEncryption(password, canPrint=0))
    pdf.drawString(50, PAGE_HEIGHT - 60, text)
    pdf.showPage()
    pdf.save()
    return buf.getvalue()


_TEXT_BOX_XML = (
    '<w:r xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
    ' xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'
    ' xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape"'
    ' xmlns:v="urn:schemas-microsoft-com:vml">'
    "<mc:AlternateContent><mc:Choice Requires=\"wps\"><w:drawing><wps:wsp><wps:txbx><w:txbxContent>"
    "{paragraphs}"
    "</w:txbxContent></wps:txbx></wps:wsp></w:drawing></mc:Choice>"
    "<mc:Fallback><w:pict><v:shape><v:textbox><w:txbxContent>{paragraphs}</w:txbxContent></v:textbox>"
    "</v:shape></w:pict></mc:Fallback></mc:AlternateContent></w:r>"
)


def make_docx_layout(
    *,
    header: str = "",
    before: Sequence[str] = (),
    table: list[list[str]] | None = None,
    text_box: Sequence[str] = (),
    after: Sequence[str] = (),
    footer: str = "",
) -> bytes:
    """A DOCX with a header, paragraphs, a table, a paragraph anchoring a text box, more paragraphs, a footer.

    The text box is written the way Word writes one: a DrawingML box with a VML fallback holding the
    same text, so a reader that takes both reads it twice.
    """
    from docx.oxml import parse_xml
    from xml.sax.saxutils import escape

    doc = Document()
    if header:
        doc.sections[0].header.paragraphs[0].text = header
    if footer:
        doc.sections[0].footer.paragraphs[0].text = footer
    for text in before:
        doc.add_paragraph(text)
    if table:
        grid = doc.add_table(rows=len(table), cols=max(len(r) for r in table))
        for r, row in enumerate(table):
            for c, cell in enumerate(row):
                grid.cell(r, c).text = cell
    if text_box:
        anchor = doc.add_paragraph("See the box:")
        paragraphs = "".join(f"<w:p><w:r><w:t>{escape(line)}</w:t></w:r></w:p>" for line in text_box)
        anchor._p.append(parse_xml(_TEXT_BOX_XML.format(paragraphs=paragraphs)))
    for text in after:
        doc.add_paragraph(text)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def rezip(
    data: bytes,
    *,
    add: dict[str, bytes] | None = None,
    replace: dict[str, bytes] | None = None,
    drop: tuple[str, ...] = (),
    symlinks: tuple[str, ...] = (),
) -> bytes:
    """A copy of a zip (DOCX) with entries added, replaced or dropped; `symlinks` are added as symlink entries."""
    import zipfile

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            if info.filename in drop:
                continue
            body = (replace or {}).get(info.filename, source.read(info))
            target.writestr(info.filename, body)
        for name, body in (add or {}).items():
            target.writestr(name, body)
        for name in symlinks:
            info = zipfile.ZipInfo(name)
            info.create_system = 3  # Unix, so the mode bits in external_attr mean what they say
            info.external_attr = (0o120777 << 16)
            target.writestr(info, "/etc/passwd")
    return out.getvalue()
