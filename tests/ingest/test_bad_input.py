"""Bad input (issue 9, reading part): every case gets one clear error that names the file, says what
is wrong and, where there is one, how to fix it. Each bad file is generated here."""

from __future__ import annotations

import os
import random
import re
import time
import zipfile
from pathlib import Path

import pytest

from kg.errors import DecodeError, EmptyDocument, InputError, UnsupportedFormat
from kg.ingest.readers import discover, read_raw


def _error(path: Path, error_type: type[InputError] = InputError, **kwargs) -> InputError:
    with pytest.raises(error_type) as caught:
        read_raw(path, **kwargs)
    error = caught.value
    assert error.path == str(path)
    assert str(error).startswith(f"{path}: ")
    return error


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


# --- text -----------------------------------------------------------------------------------------


def test_empty_file(tmp_path):
    error = _error(_write(tmp_path / "empty.txt", b""), EmptyDocument)
    assert error.problem == "is empty (0 bytes)"


@pytest.mark.parametrize("content", [b" \n\t\r\n", "\u3000\u3000\n".encode(),
                                     "  \n".encode("utf-16")])
def test_whitespace_only(tmp_path, content):
    error = _error(_write(tmp_path / "blank.txt", content), EmptyDocument)
    assert error.problem == "holds only whitespace"


def test_invisible_characters_and_punctuation_only(tmp_path):
    error = _error(_write(tmp_path / "dots.txt", "\u200b。。。\ufeff,".encode()), EmptyDocument)
    assert "holds no words" in error.problem


def test_binary_garbage(tmp_path):
    generator = random.Random(7)
    garbage = bytes(generator.randrange(1, 256) for _ in range(4096))
    error = _error(_write(tmp_path / "garbage.txt", garbage))
    assert "binary file" in error.problem


def test_nul_bytes(tmp_path):
    error = _error(_write(tmp_path / "nul.txt", "一、总体要求".encode() + b"\x00\x00\x00\x01\x02" * 50))
    assert "NUL bytes" in error.problem


def test_bytes_valid_in_no_candidate_encoding(tmp_path):
    data = "一、总体要求。加强应急管理。".encode("gbk") + b"\xff\xfe\x80\xff" + "完善预案".encode("gbk")
    error = _error(_write(tmp_path / "bad.txt", data), DecodeError)
    assert error.problem == "could not decode as UTF-8/GB18030/Big5/UTF-16"
    assert "--encoding" in error.hint


def test_truncated_document_reads_what_is_there(tmp_path):
    path = _write(tmp_path / "cut.txt", "一、总体要求\n加强应急管理,完善".encode("gb18030"))
    assert read_raw(path).text.endswith("完善")


def test_oversized_text_file_is_refused_without_reading_it(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as file:
        file.truncate(50 * 1024 * 1024)  # sparse: 50 MB on paper, nothing on disk
    started = time.perf_counter()
    error = _error(path)
    assert time.perf_counter() - started < 0.5
    assert "50 MB" in error.problem
    assert error.hint == "split it into one file per plan"


# --- files that are not there or cannot be read ------------------------------------------------------


def test_unsupported_extension(tmp_path):
    path = _write(tmp_path / "table.xlsx", b"PK\x03\x04")
    error = _error(path, UnsupportedFormat)
    assert error.problem == "unsupported format .xlsx"
    assert discover([tmp_path]) == ([], [(path, "unsupported format .xlsx (copy its text into a .txt file)")])


def test_a_folder_is_not_a_document(tmp_path):
    folder = tmp_path / "plans.txt"
    folder.mkdir()
    assert _error(folder).problem == "is a folder, not a file"


def test_dangling_symlink(tmp_path):
    link = tmp_path / "gone.txt"
    os.symlink(tmp_path / "nowhere.txt", link)
    assert _error(link).problem == "is a broken link"
    assert discover([tmp_path]) == ([], [(link, "broken link")])


def test_missing_file(tmp_path):
    assert _error(tmp_path / "missing.txt").problem == "does not exist"


def test_file_without_read_permission(tmp_path):
    if os.geteuid() == 0:
        pytest.skip("root reads files whatever their permissions")
    path = _write(tmp_path / "secret.txt", "一、总体要求".encode())
    path.chmod(0)
    try:
        assert "permission denied" in _error(path).problem
        assert discover([path]) == ([], [(path, "permission denied")])
    finally:
        path.chmod(0o644)


def test_folder_with_a_symlink_loop(tmp_path):
    (tmp_path / "a" / "b").mkdir(parents=True)
    _write(tmp_path / "a" / "b" / "plan.txt", "一、总体要求".encode())
    os.symlink(tmp_path / "a", tmp_path / "a" / "b" / "back")
    files, skipped = discover([tmp_path])
    assert files == [tmp_path / "a" / "b" / "plan.txt"]
    assert skipped == []


# --- HTML ---------------------------------------------------------------------------------------------


def test_web_page_with_no_article(tmp_path):
    page = ("<html><head><title>首页</title><script>var text='很长的脚本文字内容,不是正文。';</script></head>"
            "<body><nav><a href='/'>首页</a><a href='/a'>政务公开</a></nav>"
            "<div class='menu'><a href='/b'>互动交流</a> <a href='/c'>办事服务</a></div>"
            "<iframe src='/x'></iframe></body></html>")
    error = _error(_write(tmp_path / "index.html", page.encode()), EmptyDocument)
    assert error.problem == "no article text found"
    assert "JavaScript" in error.hint


def test_empty_html(tmp_path):
    _error(_write(tmp_path / "e.html", b"<html><body>   </body></html>"), EmptyDocument)


def test_html_nested_too_deep_for_the_parser(tmp_path):
    page = "<html><body>" + "<div>" * 50_000 + "<p>一、总体要求。</p>" + "</div>" * 50_000 + "</body></html>"
    started = time.perf_counter()
    _error(_write(tmp_path / "deep.html", page.encode()))
    assert time.perf_counter() - started < 10


# --- PDF ----------------------------------------------------------------------------------------------


@pytest.fixture
def pdf_bytes(make_pdf) -> bytes:
    return make_pdf("plan.pdf", ["一、总体要求", "加强应急管理工作。"] * 30, lines_per_page=20).read_bytes()


def test_encrypted_pdf(tmp_path, pdf_bytes):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=_write(tmp_path / "plain.pdf", pdf_bytes))
    writer.encrypt(user_password="secret", owner_password="owner", algorithm="AES-256")
    path = tmp_path / "locked.pdf"
    writer.write(path)
    error = _error(path)
    assert error.problem == "is encrypted with a password"
    assert "qpdf --decrypt" in error.hint


def test_pdf_encrypted_only_against_editing_is_read(tmp_path, pdf_bytes):
    import pypdf

    writer = pypdf.PdfWriter(clone_from=_write(tmp_path / "plain.pdf", pdf_bytes))
    writer.encrypt(user_password="", owner_password="owner", algorithm="AES-128")
    path = tmp_path / "restricted.pdf"
    writer.write(path)
    assert read_raw(path).text.startswith("一、总体要求")


@pytest.mark.parametrize("share", [0.2, 0.6, 0.95])
def test_truncated_pdf(tmp_path, pdf_bytes, share):
    error = _error(_write(tmp_path / "cut.pdf", pdf_bytes[:int(len(pdf_bytes) * share)]))
    assert error.problem.startswith("is not a readable PDF")
    assert "damaged" in error.hint


def test_file_named_pdf_that_is_not_one(tmp_path):
    error = _error(_write(tmp_path / "fake.pdf", "一、总体要求".encode()))
    assert error.problem == "is not a PDF (no %PDF- header)"


def test_pdf_without_text_layer(tmp_path):
    from reportlab.pdfgen import canvas

    path = tmp_path / "scan.pdf"
    pdf = canvas.Canvas(str(path))
    for _ in range(2):
        pdf.line(50, 50, 400, 700)
        pdf.rect(100, 100, 200, 300, fill=1)
        pdf.showPage()
    pdf.save()
    error = _error(path)
    assert error.problem == "has no text layer"
    assert "run OCR first" in error.hint


# --- DOCX ---------------------------------------------------------------------------------------------


def test_docx_that_is_not_a_zip(tmp_path):
    error = _error(_write(tmp_path / "old.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512))
    assert error.problem == "is not a .docx (not a zip archive)"
    assert "save it as .docx" in error.hint


def test_zip_that_is_not_a_word_document(tmp_path):
    path = tmp_path / "other.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "不是Word文档")
    assert _error(path).problem.startswith("is not a Word document")


def _bomb(path: Path, megabytes: int) -> Path:
    """A zip with a small [Content_Types].xml and a word/document.xml of zeros, written in chunks."""
    with zipfile.ZipFile(path, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        with archive.open("word/document.xml", "w", force_zip64=True) as part:
            chunk = bytes(1024 * 1024)
            for _ in range(megabytes):
                part.write(chunk)
    return path


def test_zip_bomb_renamed_docx(tmp_path):
    path = _bomb(tmp_path / "bomb.docx", 200)
    assert path.stat().st_size < 1024 * 1024
    started = time.perf_counter()
    error = _error(path)
    assert time.perf_counter() - started < 1
    assert re.fullmatch(r"part word/document\.xml is compressed \d+ times \(a zip bomb\?\)", error.problem)


def test_zip_bomb_too_big_in_total(tmp_path):
    path = _bomb(tmp_path / "bomb.docx", 300)
    assert "would unpack to 300 MB" in _error(path).problem


def test_docx_with_an_xml_entity_payload(tmp_path, make_docx):
    path = make_docx("plan.docx", ["一、总体要求"])
    with zipfile.ZipFile(path) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    payload = (b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n')
    parts["word/document.xml"] = payload + parts["word/document.xml"].split(b"?>", 1)[1].replace(
        "一、总体要求".encode(), b"&xxe;")
    evil = tmp_path / "evil.docx"
    with zipfile.ZipFile(evil, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    error = _error(evil)
    assert error.problem == ("part word/document.xml declares a DOCTYPE, which Word never writes "
                             "(an XML entity attack?)")


def test_docx_with_a_utf16_doctype(tmp_path):
    path = tmp_path / "evil16.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]><Types/>'
                         .encode("utf-16"))
    assert "declares a DOCTYPE" in _error(path).problem
