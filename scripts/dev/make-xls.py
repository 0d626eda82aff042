#!/usr/bin/env python3
"""Writes the Excel 97–2003 (.xls) workbooks of the tests with xlwt (`pip install xlwt`), the same
sheets as the .xlsx ones, so that both kinds must read alike:
- tests/data/ledger-merged.xls: ledger-merged.xlsx's rows and merged regions (make-merged-xlsx.py);
- tests/data/ledger-sheets.xls: ledger-sheets.xlsx's three worksheets (make-sheets-xlsx.py);
- tests/data/xls-kinds.xls: what else a cell holds: a date, the values formulas gave (xlwt saves
  none, so they are written into its records here: a number, an error; a formula with no value
  saved reads as blank), a true/false, numbers kept as RK (integers, hundredths), and more shared
  strings than one record holds (they go on in CONTINUE records);
- tests/data/xls-1904.xls: a date in the 1904 date system (old Mac Excel);
- tests/data/xls-far-cell.xls: one value at IV65536, Excel 97's last cell (calamine reserved the
  whole rectangle, 16.7 million cells, for it);
- tests/data/xls-far-column.xls: a cell moved to column 40000, which no worksheet has;
- tests/data/xls-loop.xls: ledger-merged.xls with its directory's sector chain looping back on
  itself (calamine follows it without a bound, and never ends).
And the fuzzer's seeds, fuzz/corpus/xls_read/*.biff: bare Workbook streams, which the target wraps
in a compound file.
"""
import io
import struct
import xlwt

OUT = "tests/data/"


def book():
    return xlwt.Workbook(encoding="utf-8")


def fill(ws, rows, merges=()):
    merged = {}
    for r0, r1, c0, c1 in merges:
        merged[(r0, c0)] = (r1, c1)
    for r, cells in rows.items():
        for c, v in cells.items():
            if (r, c) in merged:
                r1, c1 = merged.pop((r, c))
                ws.write_merge(r, r1, c, c1, v)
            else:
                ws.write(r, c, v)
    for (r0, c0), (r1, c1) in merged.items():
        ws.merge(r0, r1, c0, c1)


# ledger-merged.xlsx, rows and columns from 0.
wb = book()
ws = wb.add_sheet("台账")
rows = {
    0: {0: "北碚区城乡社区综合服务设施统计台账"},
    1: {0: "所在街道（乡镇）", 1: "社区名称", 2: "社区类型", 3: "辖区户籍人口总户数（户）", 4: "综合服务设施面积（m²）", 6: "达标年度"},
    2: {4: "便民服务中心", 5: "警务室"},
    3: {0: "天生街道", 1: "朝阳社区", 2: "城市社区", 3: 3800, 4: 1250, 6: 2020},
    4: {1: "丽园社区", 2: "城市社区", 3: 2000, 4: 599.99, 6: 2021},
    5: {0: "合计", 3: 5800, 4: 1849.99},
}
merges = [(0, 0, 0, 6), (1, 2, 0, 0), (1, 2, 1, 1), (1, 2, 2, 2), (1, 2, 3, 3), (1, 1, 4, 5), (1, 2, 6, 6), (3, 4, 0, 0), (5, 5, 0, 2)]
fill(ws, rows, merges)
wb.save(OUT + "ledger-merged.xls")

# ledger-sheets.xlsx
HEADER = ["所在街道（乡镇）", "社区名称", "社区类型", "辖区户籍人口总户数（户）", "便民服务中心", "达标年度"]
sheets = [
    ("填表说明", [["填表说明"], ["1. 城市社区、农村社区分别填写。"], ["2. 面积单位为平方米。"]]),
    ("城市社区", [HEADER, ["天生街道", "朝阳社区", "城市社区", 3800, 1250, 2020], ["天生街道", "丽园社区", "城市社区", 2000, 599.99, 2021]]),
    ("农村社区", [HEADER, ["静观镇", "素心村", "农村社区", 900, 200, 2020], ["静观镇", "花园村", "农村社区", 1000, 250, "二〇二一"]]),
]
wb = book()
for name, rs in sheets:
    ws = wb.add_sheet(name)
    for r, cells in enumerate(rs):
        for c, v in enumerate(cells):
            ws.write(r, c, v)
wb.save(OUT + "ledger-sheets.xls")

# Kinds of cell.
import datetime
wb = book()
ws = wb.add_sheet("台账")
date = xlwt.easyxf(num_format_str="yyyy-mm-dd")
ws.write(0, 0, "社区名称")
ws.write(0, 1, "建成日期")
ws.write(0, 2, "公式数")
ws.write(0, 3, "未算公式")
ws.write(0, 4, "是否")
ws.write(0, 5, "错误")
ws.write(0, 6, "整数")
ws.write(0, 7, "百分位")
ws.write(1, 0, "朝阳社区")
ws.write(1, 1, datetime.date(2020, 12, 31), date)
ws.write(1, 2, xlwt.Formula("2*3"))
ws.write(1, 3, xlwt.Formula("A1"))
ws.write(1, 4, True)
ws.write(1, 5, xlwt.Formula("1/0"))
ws.write(1, 6, 3800)
ws.write(1, 7, 599.99)
# Enough distinct strings that the shared strings go on in CONTINUE records.
for i in range(2, 1202):
    ws.write(i, 0, "社区名称很长的一个社区第%04d号" % i)


def save_patched(wb, path, patch):
    data = bytearray(wb.get_biff_data())
    patch(data)
    buf = io.BytesIO()
    xlwt.CompoundDoc.XlsDoc().save(buf, bytes(data))
    open(path, "wb").write(buf.getvalue())


def formula_values(data):
    # A FORMULA record (0x0006): row, column, XF, then the 8 bytes of the value it last gave.
    def value_at(row, col):
        at = 0
        while True:
            at = data.find(struct.pack("<H", 0x0006), at)
            assert at >= 0
            if struct.unpack_from("<HH", data, at + 4) == (row, col):
                return at + 10
            at += 2
    struct.pack_into("<d", data, value_at(1, 2), 6.0)
    # An error: type 2, code 0x07 (#DIV/0!), then 0xFFFF.
    data[value_at(1, 5):value_at(1, 5) + 8] = bytes([2, 0, 7, 0, 0, 0, 0xFF, 0xFF])


save_patched(wb, OUT + "xls-kinds.xls", formula_values)

wb = book()
wb.dates_1904 = True
ws = wb.add_sheet("台账")
ws.write(0, 0, "建成日期")
ws.write(1, 0, datetime.date(2020, 12, 31), date)
wb.save(OUT + "xls-1904.xls")

wb = book()
ws = wb.add_sheet("台账")
ws.write(0, 0, "社区名称")
ws.write(1, 0, "朝阳社区")
ws.write(65535, 255, "x")
wb.save(OUT + "xls-far-cell.xls")

# A NUMBER record (0x0203) whose column is moved to 40000.
wb = book()
ws = wb.add_sheet("台账")
ws.write(0, 0, "社区名称")
ws.write(1, 0, 12345.678)


def far_column(data):
    at = data.find(struct.pack("<HHHH", 0x0203, 14, 1, 0))
    assert at > 0
    struct.pack_into("<H", data, at + 6, 40000)


save_patched(wb, OUT + "xls-far-column.xls", far_column)

# ledger-merged.xls with the workbook stream's chain looping back to its first sector.
raw = bytearray(open(OUT + "ledger-merged.xls", "rb").read())
shift = struct.unpack_from("<H", raw, 0x1E)[0]
size = 1 << shift
first_fat = struct.unpack_from("<I", raw, 0x4C)[0]
fat_at = (first_fat + 1) * size
# The directory's chain (which states no length: it ends where its chain ends) made to name its
# own first sector as the next.
dir_start = struct.unpack_from("<I", raw, 0x30)[0]
struct.pack_into("<I", raw, fat_at + 4 * dir_start, dir_start)
open(OUT + "xls-loop.xls", "wb").write(bytes(raw))


# Seeds for fuzz/xls_read: Workbook streams as they are (the target wraps them).
def seed(name, wb):
    open(f"fuzz/corpus/xls_read/{name}.biff", "wb").write(wb.get_biff_data())


wb = book()
ws = wb.add_sheet("台账")
for r, row in enumerate([["社区名称", "辖区户籍人口总户数（户）", "便民服务中心", "达标年度"], ["朝阳社区", 3800, 1250.5, 2020], ["丽园社区", 2000, 599.99, "2021"]]):
    for c, v in enumerate(row):
        ws.write(r, c, v)
ws.write_merge(4, 5, 0, 1, "合计")
ws.write(6, 0, datetime.date(2020, 1, 2), date)
ws.write(6, 1, xlwt.Formula("B2*2"))
ws.write(6, 2, True)
seed("ledger", wb)
wb.add_sheet("第二")
for i in range(400):
    ws.write(10 + i, 0, "村%d" % i)
seed("ledger-sst", wb)
