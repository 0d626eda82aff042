#!/usr/bin/env python3
"""Writes three small workbooks that a rectangle-of-cells reader cannot take (tests/cli.rs reads
them; xlsx/src/lib.rs says why):
- tests/data/xlsx-stray-cell.xlsx: a two-row ledger and one stray cell at XFD1048576 (as a
  rectangle, 17 billion cells from 2 KB);
- tests/data/xlsx-wide-rows.xlsx: 10,000 rows, each with a cell in column XFD (160 MB as CSV);
- tests/data/xlsx-merges-overlap.xlsx: 10,000 merged regions, each over the whole sheet;
- tests/data/xlsx-far-row.xlsx, tests/data/xlsx-far-column.xlsx: a two-row ledger and one cell at A200000000, beyond Excel's last
  row (a damaged reference, or one calamine wrapped: D27777777777 becomes row 2,007,974,000): a
  line for every row down to it would be 200 MB of text; and a cell in column XFE, one beyond
  the last (a damaged reference such as CjjjjD1 would be column 40,396,672);
- tests/data/xlsx-sst-count.xlsx, tests/data/xlsx-shared-strings.xlsx: a ledger whose text is in
  shared strings that state uniqueCount 10^15 (calamine reserves room for that many: the command
  line aborted asking for 24 PB), and the same stating its true count, 3;
- tests/data/xlsx-lying-size.xlsx: a two-row ledger whose worksheet, padded with 100,000 spaces
  between its elements, states an unpacked size of 1,000 bytes (the reader counts what a part
  really unpacks to; tests/xlsx.rs checks it against small limits)."""
import struct
import zipfile
from xml.sax.saxutils import escape

def cell(ref, v):
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'

def write(path, rows, merges, pad=0):
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, cells in rows:
        sheet.append(f'<row r="{r}">' + "".join(cell(f"{c}{r}", v) for c, v in cells) + "</row>")
    sheet.append(" " * pad + "</sheetData>")
    if merges:
        sheet.append(f'<mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells>")
    sheet.append("</worksheet>")
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": "".join(sheet),
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)

header = [("A", "社区名称"), ("B", "辖区户籍人口总户数（户）"), ("C", "便民服务中心")]
write("tests/data/xlsx-stray-cell.xlsx",
      [(1, header), (2, [("A", "朝阳社区"), ("B", 100), ("C", -5)]), (1048576, [("XFD", 1)])], [])
write("tests/data/xlsx-wide-rows.xlsx", [(1, header)] + [(r, [("A", "社区"), ("XFD", 1)]) for r in range(2, 10002)], [])
write("tests/data/xlsx-merges-overlap.xlsx",
      [(1, header), (2, [("A", "朝阳社区"), ("B", 100), ("C", 30)])], ["A1:XFD1048576"] * 10000)
write("tests/data/xlsx-far-row.xlsx",
      [(1, header), (2, [("A", "朝阳社区"), ("B", 100), ("C", 30)]), (200_000_000, [("A", 1)])], [])
write("tests/data/xlsx-far-column.xlsx",
      [(1, header), (2, [("A", "朝阳社区"), ("B", 100), ("C", 30), ("XFE", 1)])], [])

path = "tests/data/xlsx-lying-size.xlsx"
write(path, [(1, header), (2, [("A", "朝阳社区"), ("B", 100), ("C", 30)])], [], pad=100_000)
data = bytearray(open(path, "rb").read())
name = b"xl/worksheets/sheet1.xml"
# The part's unpacked size, in its local header (offset 22) and its central directory entry
# (offset 24), both followed by the name's length and then the name.
for sig, at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
    i = data.find(sig)
    while i >= 0:
        if data[i + name_at:i + name_at + len(name)] == name:
            struct.pack_into("<I", data, i + at, 1000)
        i = data.find(sig, i + 4)
open(path, "wb").write(bytes(data))

def write_shared(path, unique_count):
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/></Types>',
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c></row><row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2"><v>100</v></c></row></sheetData></worksheet>',
        "xl/sharedStrings.xml": f'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="3" uniqueCount="{unique_count}"><si><t>社区名称</t></si><si><t>辖区户籍人口总户数（户）</t></si><si><t>朝阳社区</t></si></sst>',
    }
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)

write_shared("tests/data/xlsx-sst-count.xlsx", 10**15)
write_shared("tests/data/xlsx-shared-strings.xlsx", 3)
