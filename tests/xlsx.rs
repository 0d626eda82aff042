//! What a workbook's parts unpack to is counted, not taken from the sizes the archive states
//! (`community_forms_xlsx::check_unpacked`; scripts/dev/make-hostile-xlsx.py writes the file).
//! calamine holds a worksheet's every text, and the shared strings, whole in memory: a part
//! that unpacks without bound could take the command line's memory, or trap the page's reader.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

use community_forms_xlsx::{all_sheets_csv, check_unpacked, first_sheet_csv, Book, MAX_PART, MAX_UNPACKED};

#[test]
fn a_part_is_measured_by_what_it_unpacks_to_not_by_its_stated_size() {
    // The worksheet states 1,000 bytes and unpacks to about 100,700.
    let bytes = std::fs::read("tests/data/xlsx-lying-size.xlsx").unwrap();
    assert_eq!(check_unpacked(&bytes, MAX_PART, MAX_UNPACKED), Ok(()));
    assert_eq!(
        check_unpacked(&bytes, 50_000, MAX_UNPACKED).map_err(|e| e.en),
        Err("the workbook is too large to read (a part of it unpacks to more than 50000 bytes)".to_string())
    );
    assert_eq!(
        check_unpacked(&bytes, 200_000, 100_000).map_err(|e| e.en),
        Err("the workbook is too large to read (its parts unpack to more than 100000 bytes)".to_string())
    );
    // Within the real limits it is read as the ledger it is.
    let csv = first_sheet_csv(&bytes).unwrap();
    assert!(csv.starts_with("社区名称,辖区户籍人口总户数（户）,便民服务中心\n朝阳社区,100,30\n"), "{csv}");
}

#[test]
fn what_is_not_an_archive_is_left_to_the_reader_to_report() {
    assert_eq!(check_unpacked(b"not a zip", 1, 1), Ok(()));
    assert!(first_sheet_csv(b"not a zip").unwrap_err().en.starts_with("not an .xlsx workbook"));
    // Every well-formed workbook of the tests is within the limits.
    for f in [
        "ledger-sample",
        "ledger-merged",
        "xlsx-stray-cell",
        "xlsx-wide-rows",
        "xlsx-merges-overlap",
        "xlsx-far-row",
        "xlsx-far-column",
    ] {
        let bytes = std::fs::read(format!("tests/data/{f}.xlsx")).unwrap();
        assert_eq!(check_unpacked(&bytes, MAX_PART, MAX_UNPACKED), Ok(()), "{f}");
    }
}

/// A cell far below Excel's last row (a damaged reference; calamine wraps one such as
/// D27777777777 to row 2,007,974,000) would need a line for every row down to it: the fuzzer's
/// find asked for 3.4 GB. The lines count towards the text's limit, and the sheet is refused.
#[test]
fn a_cell_far_below_the_last_row_or_beyond_the_last_column_is_refused() {
    let bytes = std::fs::read("tests/data/xlsx-far-row.xlsx").unwrap();
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the worksheet is too large to read (more than 128 MB as text)".to_string())
    );
    // Nor a row of 40 million columns (the fuzzer's find: CjjjjD1 took the ledger reader 18 s
    // and 1.9 GB): no worksheet has a column beyond XFD.
    let bytes = std::fs::read("tests/data/xlsx-far-column.xlsx").unwrap();
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the worksheet has a cell beyond column XFD, the last of a worksheet's 16384 columns (the workbook is \
             damaged)"
            .to_string())
    );
}

/// calamine reserves room for as many shared strings as the part states: a 1 KB workbook stating
/// 10^15 made the command line abort (24 PB asked for), and in wasm a reservation is real memory.
/// A count more than the part's size can hold is refused; the true count is read as ever.
#[test]
fn shared_strings_stating_more_strings_than_they_hold_are_refused() {
    let bytes = std::fs::read("tests/data/xlsx-sst-count.xlsx").unwrap();
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the workbook is damaged: its shared strings state 1000000000000000 strings, more than they can hold"
            .to_string())
    );
    let bytes = std::fs::read("tests/data/xlsx-shared-strings.xlsx").unwrap();
    assert_eq!(first_sheet_csv(&bytes).unwrap(), "社区名称,辖区户籍人口总户数（户）\n朝阳社区,100\n");
}

#[test]
fn every_worksheet_of_a_workbook_is_read_from_one_opening() {
    // scripts/dev/make-sheets-xlsx.py: instructions, then urban and rural communities.
    let bytes = std::fs::read("tests/data/ledger-sheets.xlsx").unwrap();
    let mut book = Book::open(&bytes).unwrap();
    assert_eq!(book.names(), ["填表说明", "城市社区", "农村社区"]);
    assert_eq!(book.sheet_csv(0).unwrap(), "填表说明\n1. 城市社区、农村社区分别填写。\n2. 面积单位为平方米。\n");
    let rural = book.sheet_csv(2).unwrap();
    assert!(rural.ends_with("静观镇,花园村,农村社区,1000,250,二〇二一\n"), "{rural}");
    assert!(book.sheet_csv(3).unwrap_err().en.contains("no worksheet 3"));
    assert_eq!(first_sheet_csv(&bytes).unwrap(), book.sheet_csv(0).unwrap());
    let all = all_sheets_csv(&bytes).unwrap();
    assert_eq!(all.len(), 6);
    assert_eq!((all[2].as_str(), all[5].as_str()), ("城市社区", rural.as_str()));
}

fn sheets_of(path: &str) -> Vec<String> {
    let bytes = std::fs::read(path).unwrap();
    let mut book = Book::open(&bytes).unwrap();
    (0..book.names().len()).map(|i| book.sheet_csv(i).unwrap()).collect()
}

/// An Excel 97–2003 workbook (.xls, scripts/dev/make-xls.py writes them with xlwt) reads as the
/// same sheets saved as .xlsx: names, cells, merged regions, rows at their worksheet rows.
#[test]
fn an_xls_workbook_reads_like_the_same_xlsx() {
    for name in ["ledger-merged", "ledger-sheets"] {
        let xls = std::fs::read(format!("tests/data/{name}.xls")).unwrap();
        let xlsx = std::fs::read(format!("tests/data/{name}.xlsx")).unwrap();
        assert_eq!(Book::open(&xls).unwrap().names(), Book::open(&xlsx).unwrap().names(), "{name}");
        assert_eq!(
            sheets_of(&format!("tests/data/{name}.xls")),
            sheets_of(&format!("tests/data/{name}.xlsx")),
            "{name}"
        );
        assert_eq!(all_sheets_csv(&xls).unwrap(), all_sheets_csv(&xlsx).unwrap(), "{name}");
    }
}

/// Written by another BIFF8 writer, LibreOffice (`soffice --headless --convert-to xls` of the
/// .xlsx files, LibreOffice 7.4): shared strings with their index (EXTSST), row blocks (DBCELL,
/// INDEX), and workbooks small enough to lie in the compound file's small-stream pieces.
#[test]
fn xls_workbooks_written_by_libreoffice_read_like_the_xlsx_they_were_made_from() {
    for name in ["ledger-merged", "ledger-sample", "ledger-seed-layout", "ledger-sheets"] {
        assert_eq!(
            sheets_of(&format!("tests/data/{name}-libreoffice.xls")),
            sheets_of(&format!("tests/data/{name}.xlsx")),
            "{name}"
        );
    }
}

/// What xlwt's files lack, from LibreOffice (scripts/dev/make-libreoffice-xls.py): the values
/// formulas gave, text among them (a STRING record after the FORMULA), an error; a text of
/// 10,001 characters, longer than one record holds (it goes on in CONTINUE records, its
/// characters' width said again in each); a date in a 年月日 format of the workbook's own.
#[test]
fn an_xls_workbook_written_by_libreoffice_gives_its_formulas_values_and_long_texts() {
    let sheet = &sheets_of("tests/data/xls-libreoffice-kinds.xls")[0];
    let mut lines = sheet.lines();
    assert_eq!(lines.next(), Some("公式文字,除零,公式数,是否,长文字,日期"));
    let row = lines.next().unwrap();
    assert!(row.starts_with("甲乙,#DIV/0!,6,是,社区社区"), "{}", &row[..60]);
    assert!(row.ends_with("社区尾,2020-12-31"), "{}", &row[row.len() - 40..]);
    assert_eq!(row.split(',').nth(4).unwrap().chars().count(), 10_001);
}

#[test]
fn an_xls_workbook_s_cells_of_every_kind() {
    let sheet = &sheets_of("tests/data/xls-kinds.xls")[0];
    let mut lines = sheet.lines();
    assert_eq!(lines.next(), Some("社区名称,建成日期,公式数,未算公式,是否,错误,整数,百分位"));
    assert_eq!(lines.next(), Some("朝阳社区,2020-12-31,6,,是,#DIV/0!,3800,599.99"));
    // 1,200 shared strings, more than one record holds: every one read, in order.
    let rest: Vec<&str> = lines.collect();
    assert_eq!(rest.len(), 1200);
    assert_eq!(rest[0], "社区名称很长的一个社区第0002号");
    assert_eq!(rest[1199], "社区名称很长的一个社区第1201号");
    // Dates of the 1904 date system, in an .xls and in the .xlsx LibreOffice made of it.
    assert_eq!(sheets_of("tests/data/xls-1904.xls")[0], "建成日期\n2020-12-31\n");
    assert_eq!(sheets_of("tests/data/xlsx-1904.xlsx")[0], "建成日期\n2020-12-31\n");
}

/// Cells a rectangle would make costly, and damaged files: refused or read within bounds, never
/// looped over or read past their end.
#[test]
fn a_damaged_or_far_reaching_xls_is_refused_or_read_within_bounds() {
    // One value at IV65536: 65,536 lines, not a rectangle of 16.7 million cells.
    let sheet = &sheets_of("tests/data/xls-far-cell.xls")[0];
    assert!(sheet.starts_with("社区名称\n朝阳社区\n\n"), "{}", &sheet[..40]);
    assert_eq!(sheet.lines().count(), 65_536);
    assert!(sheet.ends_with(&format!("{}x\n", ",".repeat(255))));
    let bytes = std::fs::read("tests/data/xls-far-column.xls").unwrap();
    assert!(first_sheet_csv(&bytes).unwrap_err().en.contains("beyond column XFD"));
    let bytes = std::fs::read("tests/data/xls-loop.xls").unwrap();
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the workbook is damaged (a chain of its sectors runs in a circle)".to_string())
    );
    assert_eq!(
        first_sheet_csv(&bytes).unwrap_err().zh,
        "工作簿已损坏，无法读取（扇区链首尾相接成环）。可在 Excel 或 WPS 中打开，另存为 .xlsx 工作簿后再核查。"
    );
    // Cut short anywhere: an error or what was there, never a panic.
    let whole = std::fs::read("tests/data/ledger-merged.xls").unwrap();
    for n in 0..whole.len() {
        let _ = all_sheets_csv(&whole[..n]);
    }
    assert!(first_sheet_csv(&whole[..600]).unwrap_err().en.contains("damaged"));
}

use community_forms_xlsx::xls::compound_file as compound;

fn biff(typ: u16, data: &[u8]) -> Vec<u8> {
    let mut r = typ.to_le_bytes().to_vec();
    r.extend_from_slice(&(data.len() as u16).to_le_bytes());
    r.extend_from_slice(data);
    r
}

/// The Workbook stream of a workbook of one worksheet, "A", holding `records` (between its BOF
/// and EOF).
fn one_sheet(records: &[Vec<u8>]) -> Vec<u8> {
    let globals_len = 8 + biff(0x0085, &[0; 9]).len() + 4;
    let globals = [
        biff(0x0809, &[0x00, 0x06, 0x05, 0x00]),
        biff(0x0085, &[&(globals_len as u32).to_le_bytes()[..], &[0, 0, 1, 0, b'A']].concat()),
        biff(0x000A, &[]),
    ]
    .concat();
    assert_eq!(globals.len(), globals_len);
    [globals, biff(0x0809, &[0x00, 0x06, 0x10, 0x00]), records.concat(), biff(0x000A, &[])].concat()
}

/// A file whose last sector is cut short where its workbook ends (some writers do not fill it)
/// reads as the whole one.
#[test]
fn an_xls_whose_last_sector_is_cut_short_reads_as_the_whole_one() {
    let numbers: Vec<Vec<u8>> = (0..300u16)
        .map(|r| biff(0x0203, &[&r.to_le_bytes()[..], &[0; 4], &f64::from(r).to_le_bytes()].concat()))
        .collect();
    let stream = one_sheet(&numbers);
    assert!(stream.len() > 4096 && stream.len() % 512 != 0);
    let whole = compound(&stream);
    let cut = &whole[..whole.len() - (512 - stream.len() % 512)];
    let expected: String = (0..300).map(|r| format!("{r}\n")).collect();
    assert_eq!(first_sheet_csv(&whole).unwrap(), expected);
    assert_eq!(first_sheet_csv(cut).unwrap(), expected);
}

/// Worksheets that a damaged file starts at one place (thousands of them over the same records)
/// would each walk those records: the walking is bounded over the whole workbook, and a few
/// thousand formats are looked up a step each.
#[test]
fn xls_worksheets_starting_inside_one_another_are_refused_not_walked_again_and_again() {
    let sheets = 2000usize;
    let bof = biff(0x0809, &[0x00, 0x06, 0x05, 0x00]);
    let mut globals = bof.clone();
    for i in 0..3000u16 {
        globals.extend(biff(0x041E, &[&i.to_le_bytes()[..], &[1, 0, 0, b'0']].concat()));
    }
    let sheet_at = globals.len() + sheets * biff(0x0085, &[0; 9]).len() + 4;
    for _ in 0..sheets {
        globals.extend(biff(0x0085, &[&(sheet_at as u32).to_le_bytes()[..], &[0, 0, 1, 0, b'A']].concat()));
    }
    globals.extend(biff(0x000A, &[]));
    assert_eq!(globals.len(), sheet_at);
    globals.extend(biff(0x0809, &[0x00, 0x06, 0x10, 0x00]));
    // One cell, then 20,000 records of nothing the reader keeps.
    globals.extend(biff(
        0x0203,
        &[&0u16.to_le_bytes()[..], &0u16.to_le_bytes(), &0u16.to_le_bytes(), &5.0f64.to_le_bytes()].concat(),
    ));
    for _ in 0..20_000 {
        globals.extend(biff(0x0001, &[]));
    }
    globals.extend(biff(0x000A, &[]));
    let bytes = compound(&globals);
    let mut book = Book::open(&bytes).unwrap();
    assert_eq!(book.names().len(), sheets);
    assert_eq!(book.sheet_csv(0).unwrap(), "5\n");
    assert_eq!(
        all_sheets_csv(&bytes).map_err(|e| e.en),
        Err("the workbook is damaged (its worksheets start inside one another)".to_string())
    );
}

/// The fuzzer's find (fuzz/xls_read, a 2.7 KB workbook stream): a merged region over 8,385
/// columns of the sheet's 4,099 rows, its first cell's text shown in every one of them, about
/// 446 MB of CSV. It took 0.7 s natively (21 s under the fuzzer) to write 128 MB of it before
/// the limit refused it; the sheet's size is now counted first (the cells its merged regions
/// cover, its cells blank or filled, and its text's least size: a line for each row, a comma
/// between cells and the first merged region's text in the cells it covers), and it is refused
/// before any is written.
#[test]
fn a_merged_region_whose_text_would_fill_gigabytes_is_refused_before_it_is_written() {
    let bytes = compound(&std::fs::read("tests/data/xls-wide-merge.biff").unwrap());
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the worksheet's merged cells cover more than 2000000 cells".to_string())
    );
    // Within that count, a text of 100 characters merged over 1,900 columns of 1,000 rows: 570 MB
    // of CSV, refused by the text's least size before any is written.
    let text: Vec<u8> = "社".repeat(100).encode_utf16().flat_map(u16::to_le_bytes).collect();
    let label = biff(0x0204, &[&[0u8; 6][..], &100u16.to_le_bytes(), &[1], &text].concat());
    let last = biff(0x0203, &[&999u16.to_le_bytes()[..], &[0; 4], &1.0f64.to_le_bytes()].concat());
    let region = biff(0x00E5, &[1u16, 0, 999, 0, 1899].iter().flat_map(|v| v.to_le_bytes()).collect::<Vec<u8>>());
    let bytes = compound(&one_sheet(&[label, last, region]));
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the worksheet is too large to read (more than 128 MB as text)".to_string())
    );
}

/// Merged regions over one another (which Excel never writes), within every count above: 400 of
/// them down column A of 1,000 rows and one over 1,500 columns, so that finding which shows in
/// each cell would take 600 million steps. Refused once looking through them has cost 200
/// million.
#[test]
fn merged_regions_over_one_another_are_refused_once_looking_through_them_costs_too_much() {
    let number = |r: u16, c: u16| {
        biff(0x0203, &[&r.to_le_bytes()[..], &c.to_le_bytes(), &0u16.to_le_bytes(), &1.0f64.to_le_bytes()].concat())
    };
    let mut regions = 401u16.to_le_bytes().to_vec();
    for i in 0..401u16 {
        let (last_col, first_col) = if i == 0 { (1499u16, 0u16) } else { (0, 0) };
        for v in [0u16, 999, first_col, last_col] {
            regions.extend_from_slice(&v.to_le_bytes());
        }
    }
    let bytes = compound(&one_sheet(&[number(0, 0), number(999, 0), biff(0x00E5, &regions)]));
    assert_eq!(
        first_sheet_csv(&bytes).map_err(|e| e.en),
        Err("the worksheet has too many merged cells over one another to read".to_string())
    );
}
