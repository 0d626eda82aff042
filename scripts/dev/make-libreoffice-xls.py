#!/usr/bin/env python3
"""Writes tests/data/*-libreoffice.xls and tests/data/xls-libreoffice-kinds.xls with LibreOffice
(`apt-get install libreoffice-calc`; the tests used 7.4.7), a second BIFF8 writer beside xlwt
(make-xls.py), whose files carry what xlwt's do not: the values formulas gave (a FORMULA record
with a STRING record after it for text), shared strings with their index (EXTSST), row blocks
(DBCELL, INDEX), a text longer than one record (its characters go on in CONTINUE records), and
small workbooks lying in the compound file's small-stream pieces.
- ledger-merged, ledger-sample, ledger-seed-layout, ledger-sheets: the .xlsx files converted;
- xls-libreoffice-kinds.xls: a formula's text, a division by zero, a formula's number, a
  true/false, a text of 10,001 characters and a date in a 年月日 format;
- and the other way, tests/data/xlsx-1904.xlsx: make-xls.py's xls-1904.xls (the 1904 date
  system) as LibreOffice saves it as .xlsx."""
import os
import shutil
import subprocess
import tempfile
import zipfile

tmp = tempfile.mkdtemp()
long = "社区" * 5000 + "尾"
head = "".join(f'<c r="{c}1" t="inlineStr"><is><t>{t}</t></is></c>' for c, t in zip("ABCDEF", ["公式文字", "除零", "公式数", "是否", "长文字", "日期"]))
row = ('<c r="A2" t="str"><f>"甲"&amp;"乙"</f></c><c r="B2"><f>1/0</f></c><c r="C2"><f>2*3</f></c>'
       f'<c r="D2" t="b"><v>1</v></c><c r="E2" t="inlineStr"><is><t>{long}</t></is></c><c r="F2" s="1"><v>44196</v></c>')
files = {
    "[Content_Types].xml": '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/><Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/></Types>',
    "_rels/.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/></Relationships>',
    "xl/worksheets/sheet1.xml": '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
    + f'<row r="1">{head}</row><row r="2">{row}</row></sheetData></worksheet>',
    "xl/styles.xml": '<?xml version="1.0" encoding="UTF-8"?><styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
    '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
    '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
    '<cellStyleXfs count="1"><xf/></cellStyleXfs><cellXfs count="2"><xf/><xf numFmtId="164" applyNumberFormat="1"/></cellXfs></styleSheet>',
}
with zipfile.ZipFile(f"{tmp}/xls-libreoffice-kinds.xlsx", "w", zipfile.ZIP_DEFLATED) as z:
    for name, text in files.items():
        z.writestr(name, text)
sources = [f"{tmp}/xls-libreoffice-kinds.xlsx"]
for name in ["ledger-merged", "ledger-sample", "ledger-seed-layout", "ledger-sheets"]:
    shutil.copy(f"tests/data/{name}.xlsx", f"{tmp}/{name}-libreoffice.xlsx")
    sources.append(f"{tmp}/{name}-libreoffice.xlsx")
subprocess.run(["soffice", "--headless", "--convert-to", "xls", "--outdir", "tests/data", *sources], check=True)
subprocess.run(["soffice", "--headless", "--convert-to", "xlsx", "--outdir", tmp, "tests/data/xls-1904.xls"], check=True)
shutil.copy(f"{tmp}/xls-1904.xlsx", "tests/data/xlsx-1904.xlsx")
shutil.rmtree(tmp)
