#!/usr/bin/env python3
"""Writes tests/data/ledger-sheets.xlsx: a workbook as a district may send it, a sheet of
instructions first, then the urban and the rural communities on sheets of their own (the notice
asks for them to be filled in separately). And tests/data/ledger-sheets-no-type.xlsx: the same
without a 社区类型 column, as the notice's own table has none (each worksheet's name says it)."""
import zipfile
from xml.sax.saxutils import escape

HEADER = ["所在街道（乡镇）", "社区名称", "社区类型", "辖区户籍人口总户数（户）", "便民服务中心", "达标年度"]
sheets = [
    ("填表说明", [["填表说明"], ["1. 城市社区、农村社区分别填写。"], ["2. 面积单位为平方米。"]]),
    ("城市社区", [HEADER, ["天生街道", "朝阳社区", "城市社区", 3800, 1250, 2020], ["天生街道", "丽园社区", "城市社区", 2000, 599.99, 2021]]),
    ("农村社区", [HEADER, ["静观镇", "素心村", "农村社区", 900, 200, 2020], ["静观镇", "花园村", "农村社区", 1000, 250, "二〇二一"]]),
]

def col(i):
    return "ABCDEFGHIJ"[i]

def cell(ref, v):
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'

def sheet_xml(rows):
    out = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
           '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, cells in enumerate(rows, start=1):
        out.append(f'<row r="{r}">' + "".join(cell(f"{col(c)}{r}", v) for c, v in enumerate(cells)) + "</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)

def write(path, sheets):
    n = len(sheets)
    files = {
        "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        + "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>' for i in range(1, n + 1))
        + "</Types>",
        "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
        + "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>' for i, (name, _) in enumerate(sheets, start=1))
        + "</sheets></workbook>",
        "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        + "".join(f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet{i}.xml"/>' for i in range(1, n + 1))
        + "</Relationships>",
    }
    for i, (_, rows) in enumerate(sheets, start=1):
        files[f"xl/worksheets/sheet{i}.xml"] = sheet_xml(rows)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 4, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


write("tests/data/ledger-sheets.xlsx", sheets)
TYPE = HEADER.index("社区类型")
write("tests/data/ledger-sheets-no-type.xlsx",
      [(name, rows if name == "填表说明" else [r[:TYPE] + r[TYPE + 1:] for r in rows]) for name, rows in sheets])
