#!/usr/bin/env python3
"""Writes tests/data/ledger-merged.xlsx: a ledger laid out as reviewers receive it, with a title
merged across the columns, a header of two rows (a heading merged over the area columns, the
columns before it merged down both rows), a street merged down its communities' rows and a
totals row. The same rows as plain CSV are tests/data/ledger-merged.csv.

Also tests/data/ledger-seed-layout.xlsx: the ledger's header exactly as the seed draws it (附件 of
北碚民发〔2020〕77号): 综合服务设施总建筑面积（m²）, which names the total, merged over the six
rooms and 合计, the other headings merged down both rows. The same workbook as Excel saves it as
CSV (a merged cell's text in its first cell, the others blank) is ledger-seed-layout.csv, and its
rows under a header of one row ledger-seed-layout-flat.csv."""
import zipfile
from xml.sax.saxutils import escape

PARTS = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
}


def cell(ref, v):
    if isinstance(v, str):
        return f'<c r="{ref}" t="inlineStr"><is><t>{escape(v)}</t></is></c>'
    return f'<c r="{ref}"><v>{v}</v></c>'


def write(path, rows, merges):
    """A workbook of one worksheet, 台账: `rows` maps a row number to its cells by column letter."""
    sheet = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
             '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>']
    for r, cells in rows.items():
        sheet.append(f'<row r="{r}">' + "".join(cell(f"{c}{r}", v) for c, v in sorted(cells.items())) + "</row>")
    sheet.append(f'</sheetData><mergeCells count="{len(merges)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merges) + "</mergeCells></worksheet>")
    files = dict(PARTS, **{"xl/worksheets/sheet1.xml": "".join(sheet)})
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, text in files.items():
            info = zipfile.ZipInfo(name, date_time=(2026, 12, 3, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, text)


rows = {
    1: {"A": "北碚区城乡社区综合服务设施统计台账"},
    2: {"A": "所在街道（乡镇）", "B": "社区名称", "C": "社区类型", "D": "辖区户籍人口总户数（户）",
        "E": "综合服务设施面积（m²）", "G": "达标年度"},
    3: {"E": "便民服务中心", "F": "警务室"},
    4: {"A": "天生街道", "B": "朝阳社区", "C": "城市社区", "D": 3800, "E": 1250, "G": 2020},
    5: {"B": "丽园社区", "C": "城市社区", "D": 2000, "E": 599.99, "G": 2021},
    6: {"A": "合计", "D": 5800, "E": 1849.99},
}
merges = ["A1:G1", "A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:F2", "G2:G3", "A4:A5", "A6:C6"]
write("tests/data/ledger-merged.xlsx", rows, merges)
with open("tests/data/ledger-merged.csv", "w", encoding="utf-8", newline="") as f:
    f.write("所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,警务室,达标年度\r\n"
            "天生街道,朝阳社区,城市社区,3800,1250,,2020\r\n"
            "天生街道,丽园社区,城市社区,2000,599.99,,2021\r\n")

# The seed's own header: 序号 … 辖区户籍人口总户数（户） merged down rows 2–3, the total's heading
# merged across F–L over the six rooms and 合计, then 每百户…, 达标年度, 备注 merged down.
cols = "ABCDEFGHIJKLMNOP"
top = ["序号", "所在街道（乡镇）", "社区名称", "社区类型", "辖区户籍人口总户数（户）", "综合服务设施总建筑面积（m²）",
       "", "", "", "", "", "", "每百户居民拥有综合服务设施面积（m²）", "达标年度", "备注"]
rooms = ["便民服务中心", "警务室", "日间照料中心（养老服务站）", "卫生服务站", "文化活动室", "菜店（平价超市）", "合计"]
data = [
    [1, "天生街道", "朝阳社区", "城市社区", 3800, 1250, "", "", "", "", "", 1200, 32.89, 2020, "均设在便民服务中心内"],
    [2, "天生街道", "丽园社区", "城市社区", 2000, 599.99, 0, 0, 0, 0, 0, 599.99, 30, 2020, ""],
    [3, "歇马街道", "大磨滩村", "农村社区", 860, 320, 20, 80, 40, 60, 30, 550, 63.95, 2019, ""],
]
seed = {1: {"A": "重庆市北碚区城乡社区综合服务设施统计台帐"},
        2: {c: v for c, v in zip(cols, top) if v},
        3: {c: v for c, v in zip(cols[5:], rooms)}}
for r, row in enumerate(data, start=4):
    seed[r] = {c: v for c, v in zip(cols, row) if v != ""}
seed_merges = ["A1:O1", "F2:L2"] + [f"{c}2:{c}3" for c in "ABCDEMNO"]
write("tests/data/ledger-seed-layout.xlsx", seed, seed_merges)

with open("tests/data/ledger-seed-layout.csv", "w", encoding="utf-8", newline="") as f:
    f.write("重庆市北碚区城乡社区综合服务设施统计台帐" + "," * 14 + "\r\n")
    f.write(",".join(top) + "\r\n")
    f.write(",,,,," + ",".join(rooms) + ",,,\r\n")
    for row in data:
        f.write(",".join(str(v) for v in row) + "\r\n")
with open("tests/data/ledger-seed-layout-flat.csv", "w", encoding="utf-8", newline="") as f:
    f.write(",".join(top[:5] + rooms[:6] + ["综合服务设施总建筑面积（m²）"] + top[12:]) + "\r\n")
    for row in data:
        f.write(",".join(str(v) for v in row) + "\r\n")
