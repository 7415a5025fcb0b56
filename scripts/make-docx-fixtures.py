#!/usr/bin/env python3
"""Writes the Word-file fixtures of crates/newsroom/tests/fixtures/docx/ the way real files come:
flat OpenDocument sources (`*.fodt`, written here into a temporary folder) converted to `.docx` by
LibreOffice (`soffice --headless --convert-to docx`), which writes Word's XML as Word does.

Run by hand when a fixture changes (needs libreoffice-writer-nogui and python3-pil):
    python3 scripts/make-docx-fixtures.py
The tests use the committed .docx files; CI does not need LibreOffice.
"""
import base64
import io
import pathlib
import shutil
import subprocess
import sys
import tempfile

from PIL import Image, ImageDraw

OUT = pathlib.Path(__file__).resolve().parent.parent / "crates/newsroom/tests/fixtures/docx"

HEAD = """<?xml version="1.0" encoding="UTF-8"?>
<office:document xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"
 xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0"
 xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"
 xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0"
 xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0"
 xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0"
 xmlns:xlink="http://www.w3.org/1999/xlink"
 xmlns:dc="http://purl.org/dc/elements/1.1/"
 xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0"
 office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text">
 <office:font-face-decls>
  <style:font-face style:name="Times New Roman" svg:font-family="'Times New Roman'"/>
  <style:font-face style:name=".VnTime" svg:font-family=".VnTime"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph"><style:text-properties style:font-name="Times New Roman" fo:font-size="13pt" fo:language="vi" fo:country="VN"/></style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Standard" style:class="chapter"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="20pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Standard" style:default-outline-level="2" style:class="text"><style:text-properties fo:font-size="15pt" fo:font-weight="bold"/></style:style>
  <style:style style:name="Caption" style:family="paragraph" style:parent-style-name="Standard" style:class="extra"><style:paragraph-properties fo:text-align="center"/><style:text-properties fo:font-size="11pt" fo:font-style="italic"/></style:style>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="T1" style:family="text"><style:text-properties fo:font-weight="bold"/></style:style>
  <style:style style:name="T2" style:family="text"><style:text-properties fo:font-style="italic"/></style:style>
  <style:style style:name="T3" style:family="text"><style:text-properties style:font-name=".VnTime"/></style:style>
  <style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard"><style:text-properties fo:font-weight="bold"/></style:style>
  <text:list-style style:name="L1"><text:list-level-style-bullet text:level="1" text:bullet-char="•"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-bullet></text:list-style>
  <text:list-style style:name="L2"><text:list-level-style-number text:level="1" style:num-suffix="." style:num-format="1"><style:list-level-properties text:list-level-position-and-space-mode="label-alignment"><style:list-level-label-alignment text:label-followed-by="listtab" fo:text-indent="-0.635cm" fo:margin-left="1.27cm"/></style:list-level-properties></text:list-level-style-number></text:list-style>
 </office:automatic-styles>
"""


def jpeg(width, height, colour, credit):
    """A photo-like JPEG with an XMP packet naming its credit (photoshop:Credit)."""
    im = Image.new("RGB", (width, height), colour)
    d = ImageDraw.Draw(im)
    for i in range(0, width, 40):
        d.line([(i, 0), (width - i, height)], fill=(255 - colour[0], 120, colour[2] // 2), width=9)
    buf = io.BytesIO()
    im.save(buf, "JPEG", quality=88)
    data = buf.getvalue()
    xmp = (
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description xmlns:photoshop="http://ns.adobe.com/photoshop/1.0/" '
        f'photoshop:Credit="{credit}"/></rdf:RDF></x:xmpmeta>'
    ).encode("utf-8")
    payload = b"http://ns.adobe.com/xap/1.0/\0" + xmp
    seg = b"\xff\xe1" + (len(payload) + 2).to_bytes(2, "big") + payload
    return data[:2] + seg + data[2:]


def frame(name, data, desc=None):
    b64 = base64.b64encode(data).decode()
    d = f"<svg:desc>{desc}</svg:desc>" if desc else ""
    return (
        f'<draw:frame draw:name="{name}" text:anchor-type="as-char" svg:width="15cm" svg:height="10cm">'
        f'<draw:image><office:binary-data>{b64}</office:binary-data></draw:image>{d}</draw:frame>'
    )


def doc(body):
    return HEAD + " <office:body><office:text>\n" + body + "\n </office:text></office:body></office:document>\n"


# 1. Vietnamese text with bold, italic, a heading, lists and a link.
BAI_VIET = doc("""
  <text:p text:style-name="Title">Hải Phòng đẩy mạnh chuyển đổi số trong cải cách hành chính</text:p>
  <text:p text:style-name="P1">(Haiphong.gov.vn) - Sáng 28/11, Ủy ban nhân dân thành phố tổ chức hội nghị sơ kết công tác chuyển đổi số năm 2026.</text:p>
  <text:p text:style-name="Standard">Phát biểu tại hội nghị, đồng chí Phó Chủ tịch <text:span text:style-name="T1">Ủy ban nhân dân thành phố</text:span> nhấn mạnh: <text:span text:style-name="T2">“Người dân phải là trung tâm của chuyển đổi số”</text:span>.</text:p>
  <text:h text:style-name="Heading_20_2" text:outline-level="2">Kết quả nổi bật</text:h>
  <text:list text:style-name="L1">
   <text:list-item><text:p>Tỷ lệ hồ sơ trực tuyến toàn trình đạt 82%;</text:p></text:list-item>
   <text:list-item><text:p>100% xã, phường kết nối mạng truyền số liệu chuyên dùng;</text:p></text:list-item>
   <text:list-item><text:p>Cổng dịch vụ công được đánh giá <text:span text:style-name="T1">tốt</text:span>.</text:p></text:list-item>
  </text:list>
  <text:p text:style-name="Standard">Nhiệm vụ năm 2027:</text:p>
  <text:list text:style-name="L2">
   <text:list-item><text:p>Hoàn thiện kho dữ liệu dùng chung;</text:p></text:list-item>
   <text:list-item><text:p>Đào tạo kỹ năng số cho cán bộ cơ sở.</text:p></text:list-item>
  </text:list>
  <text:p text:style-name="Standard">Chi tiết xem tại <text:a xlink:type="simple" xlink:href="https://haiphong.gov.vn/chuyen-doi-so">Cổng thông tin điện tử thành phố</text:a>.</text:p>
""")

# 2. Two pictures with captions (Caption style; one with Word alt text) and a table.
ANH = doc(f"""
  <text:p text:style-name="Title">Kiểm tra công tác thu gom rác thải tại quận Lê Chân</text:p>
  <text:p text:style-name="Standard">Chiều 2/12, đoàn kiểm tra của Sở Nông nghiệp và Môi trường làm việc tại bãi rác Tràng Cát.</text:p>
  <text:p text:style-name="Standard">{frame("Anh1", jpeg(1200, 800, (40, 90, 160), "Nguyễn Văn A - Cổng TTĐT"))}</text:p>
  <text:p text:style-name="Caption">Đoàn kiểm tra làm việc tại bãi rác Tràng Cát</text:p>
  <text:p text:style-name="Standard">Theo báo cáo, lượng rác thu gom mỗi ngày như sau:</text:p>
  <table:table table:name="Bang1">
   <table:table-column table:number-columns-repeated="2"/>
   <table:table-row><table:table-cell office:value-type="string"><text:p>Quận</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>Tấn/ngày</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>Lê Chân</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>320</text:p></table:table-cell></table:table-row>
   <table:table-row><table:table-cell office:value-type="string"><text:p>Ngô Quyền</text:p></table:table-cell><table:table-cell office:value-type="string"><text:p>280</text:p></table:table-cell></table:table-row>
  </table:table>
  <text:p text:style-name="Standard">{frame("Anh2", jpeg(900, 1200, (150, 60, 40), "Trần Thị B"), "Công nhân phân loại rác trên băng chuyền")}</text:p>
  <text:p text:style-name="Caption">Dây chuyền phân loại rác mới</text:p>
  <text:p text:style-name="Standard">Đoàn đề nghị quận hoàn thành việc cải tạo trước ngày 31/12.</text:p>
""")

# 3. A TCVN3 run in .VnTime, a tracked change and a comment.
SUA = doc("""
  <text:tracked-changes>
   <text:changed-region text:id="ct1"><text:insertion><office:change-info><dc:creator>Biên tập viên</dc:creator><dc:date>2026-11-30T09:00:00</dc:date></office:change-info></text:insertion></text:changed-region>
   <text:changed-region text:id="ct2"><text:deletion><office:change-info><dc:creator>Biên tập viên</dc:creator><dc:date>2026-11-30T09:01:00</dc:date></office:change-info><text:p>hôm qua</text:p></text:deletion></text:changed-region>
  </text:tracked-changes>
  <text:p text:style-name="Title">Sở Tài nguyên và Môi trường công bố kết quả quan trắc</text:p>
  <text:p text:style-name="Standard">Đoàn làm việc <text:change text:change-id="ct2"/><text:change-start text:change-id="ct1"/>chiều nay<text:change-end text:change-id="ct1"/> tại trụ sở Sở.<office:annotation><dc:creator>Trưởng ban</dc:creator><dc:date>2026-11-30T09:05:00</dc:date><text:p>Kiểm tra lại ngày.</text:p></office:annotation></text:p>
  <text:p text:style-name="Standard">Trích văn bản cũ: <text:span text:style-name="T3">S\u00eb T\u00b5i nguy\u00aan v\u00b5 M\u00abi tr\u00ad\u00eang th\u00b5nh ph\u00e8 H\u00b6i Ph\u00dfng</text:span>.</text:p>
""")

FIXTURES = {"bai-viet.fodt": BAI_VIET, "anh-chu-thich.fodt": ANH, "sua-doi-vntime.fodt": SUA}


def main():
    soffice = shutil.which("soffice")
    if not soffice:
        sys.exit("soffice not found: apt-get install libreoffice-writer-nogui")
    OUT.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as profile, tempfile.TemporaryDirectory() as srcdir:
        for name, text in FIXTURES.items():
            src = pathlib.Path(srcdir) / name
            src.write_text(text, encoding="utf-8")
            subprocess.run(
                [soffice, f"-env:UserInstallation=file://{profile}", "--headless",
                 "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(OUT), str(src)],
                check=True, stdout=subprocess.DEVNULL,
            )
            print(OUT / src.with_suffix(".docx").name)


if __name__ == "__main__":
    main()
