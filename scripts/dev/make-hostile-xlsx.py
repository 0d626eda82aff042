#!/usr/bin/env python3
"""Writes three small workbooks that a rectangle-of-cells reader cannot take (tests/cli.rs reads
them; xlsx/src/lib.rs says why):
- tests/data/xlsx-stray-cell.xlsx: a two-row ledger and one stray cell at XFD1048576 (as a
  rectangle, 17 billion cells from 2 KB);
- tests/data/xlsx-wide-rows.xlsx: 10,000 rows, each with a cell in column XFD (160 MB as CSV);
- tests/data/xlsx-merges-overlap.xlsx: 10,000 merged regions, each over the whole sheet."""
import zipfile
from xml.sax.saxutils import escape

def cell(ref, v):
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'

def write(path, rows, merges):
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, cells in rows:
        sheet.append(f'<row r="{r}">' + "".join(cell(f"{c}{r}", v) for c, v in cells) + "</row>")
    sheet.append("</sheetData>")
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
