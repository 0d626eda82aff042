//! Any bytes as the parts of a workbook: the input, split at `\0\0`, is the first worksheet's
//! XML, then its shared strings, then its workbook part, packed into a valid archive (stored, with
//! the right checksums) so that what is explored is the reading of the sheet (cells, merged
//! regions, shared strings, the CSV written) rather than the archive's checksums. The CSV must then
//! load as a ledger. Bytes that are not an archive are tried as they are too.
#![no_main]
use libfuzzer_sys::fuzz_target;

thread_local! {
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

fn crc32(data: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in data {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 { (crc >> 1) ^ 0xEDB8_8320 } else { crc >> 1 };
        }
    }
    !crc
}

/// A stored (uncompressed) zip archive of the parts.
fn archive(parts: &[(&str, &[u8])]) -> Vec<u8> {
    let mut out = Vec::new();
    let mut central = Vec::new();
    for (name, data) in parts {
        let offset = out.len() as u32;
        let (crc, len) = (crc32(data), data.len() as u32);
        let header = |sig: u32, central_entry: bool, out: &mut Vec<u8>| {
            out.extend_from_slice(&sig.to_le_bytes());
            if central_entry {
                out.extend_from_slice(&20u16.to_le_bytes()); // made by
            }
            out.extend_from_slice(&20u16.to_le_bytes()); // needed
            out.extend_from_slice(&0u16.to_le_bytes()); // flags
            out.extend_from_slice(&0u16.to_le_bytes()); // stored
            out.extend_from_slice(&0u32.to_le_bytes()); // time, date
            out.extend_from_slice(&crc.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&len.to_le_bytes());
            out.extend_from_slice(&(name.len() as u16).to_le_bytes());
            out.extend_from_slice(&0u16.to_le_bytes()); // extra
            if central_entry {
                out.extend_from_slice(&[0; 6]); // comment, disk, internal attributes
                out.extend_from_slice(&0u32.to_le_bytes()); // external attributes
                out.extend_from_slice(&offset.to_le_bytes());
            }
            out.extend_from_slice(name.as_bytes());
        };
        header(0x0403_4b50, false, &mut out);
        out.extend_from_slice(data);
        header(0x0201_4b50, true, &mut central);
    }
    let (at, size, n) = (out.len() as u32, central.len() as u32, parts.len() as u16);
    out.extend_from_slice(&central);
    out.extend_from_slice(&0x0605_4b50u32.to_le_bytes());
    out.extend_from_slice(&[0; 4]);
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&n.to_le_bytes());
    out.extend_from_slice(&size.to_le_bytes());
    out.extend_from_slice(&at.to_le_bytes());
    out.extend_from_slice(&0u16.to_le_bytes());
    out
}

const TYPES: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>"#;
const RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>"#;
const WORKBOOK: &str = r#"<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="台账" sheetId="1" r:id="rId1"/></sheets></workbook>"#;
const WORKBOOK_RELS: &str = r#"<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/><Relationship Id="rId2" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>"#;

fn check(bytes: &[u8], reg: &community_forms::Registry) {
    let Ok(csv) = community_forms_xlsx::first_sheet_csv(bytes) else { return };
    let Ok(form) = reg.get("facility-ledger") else { return };
    let Some(table) = form.main_table() else { return };
    let mut s = community_forms::Session::new(form.clone(), community_forms::Locale::ZhCn);
    let mut loader = community_forms::csv::Loader::default();
    let _ = loader.push(&csv, true, &form, table, &mut s);
    s.finish_bulk();
    let _ = community_forms::engine::json::result_json(&s, false);
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    let mut pieces: Vec<&[u8]> = Vec::with_capacity(3);
    let mut rest = data;
    while pieces.len() < 2 {
        match rest.windows(2).position(|w| w == [0, 0]) {
            Some(i) => {
                pieces.push(&rest[..i]);
                rest = &rest[i + 2..];
            }
            None => break,
        }
    }
    pieces.push(rest);
    let sheet = pieces.first().copied().unwrap_or_default();
    let strings = pieces.get(1).copied().unwrap_or_default();
    let workbook = pieces.get(2).copied().filter(|w| !w.is_empty()).unwrap_or(WORKBOOK.as_bytes());
    let mut list: Vec<(&str, &[u8])> = vec![
        ("[Content_Types].xml", TYPES.as_bytes()),
        ("_rels/.rels", RELS.as_bytes()),
        ("xl/workbook.xml", workbook),
        ("xl/_rels/workbook.xml.rels", WORKBOOK_RELS.as_bytes()),
        ("xl/worksheets/sheet1.xml", sheet),
    ];
    if !strings.is_empty() {
        list.push(("xl/sharedStrings.xml", strings));
    }
    check(&archive(&list), reg);
    check(data, reg);
}));
