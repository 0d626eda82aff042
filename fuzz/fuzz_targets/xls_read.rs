//! Any bytes as the `Workbook` stream of an Excel 97–2003 workbook: the input is wrapped in a
//! valid compound file (one allocation sector, one directory sector, the stream's sectors) so
//! that what is explored is the reading of the BIFF records (shared strings across CONTINUE
//! records, cells, formulas' values, merged regions, worksheets' offsets) rather than the
//! container. Bytes that start like a compound file are tried as they are too, for the
//! container's own reading (chains, the directory, small streams). Every sheet's CSV must then
//! load as a ledger.
#![no_main]
use libfuzzer_sys::fuzz_target;

thread_local! {
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

const END: u32 = 0xFFFF_FFFE;
const FREE: u32 = 0xFFFF_FFFF;

/// A compound file of 512-byte sectors holding `stream` as its `Workbook`.
fn compound(stream: &[u8]) -> Vec<u8> {
    // At least 4096 bytes, so it is not a small stream; at most what one allocation sector maps.
    let mut data = stream.to_vec();
    data.truncate(126 * 512);
    let size = data.len().max(4096);
    data.resize(size.div_ceil(512) * 512, 0);
    let n = data.len() / 512;
    let mut out = vec![0u8; 512];
    out[..8].copy_from_slice(&community_forms_xlsx::xls::SIGNATURE);
    let put = |out: &mut Vec<u8>, at: usize, v: &[u8]| out[at..at + v.len()].copy_from_slice(v);
    put(&mut out, 0x18, &0x3Eu16.to_le_bytes());
    put(&mut out, 0x1A, &3u16.to_le_bytes());
    put(&mut out, 0x1C, &0xFFFEu16.to_le_bytes());
    put(&mut out, 0x1E, &9u16.to_le_bytes());
    put(&mut out, 0x20, &6u16.to_le_bytes());
    put(&mut out, 0x2C, &1u32.to_le_bytes());
    put(&mut out, 0x30, &1u32.to_le_bytes());
    put(&mut out, 0x38, &4096u32.to_le_bytes());
    put(&mut out, 0x3C, &END.to_le_bytes());
    put(&mut out, 0x44, &END.to_le_bytes());
    for i in 0..109 {
        put(&mut out, 0x4C + i * 4, &(if i == 0 { 0 } else { FREE }).to_le_bytes());
    }
    // Sector 0: the allocation table.
    let mut fat = vec![FREE; 128];
    fat[0] = 0xFFFF_FFFD;
    fat[1] = END;
    for i in 0..n {
        fat[2 + i] = if i + 1 == n { END } else { (3 + i) as u32 };
    }
    out.extend(fat.iter().flat_map(|v| v.to_le_bytes()));
    // Sector 1: the directory.
    let mut dir = vec![0u8; 512];
    let entry = |dir: &mut Vec<u8>, i: usize, name: &str, kind: u8, start: u32, len: u32| {
        let at = i * 128;
        for (k, u) in name.encode_utf16().enumerate() {
            dir[at + k * 2..at + k * 2 + 2].copy_from_slice(&u.to_le_bytes());
        }
        let name_len = ((name.encode_utf16().count() + 1) * 2) as u16;
        dir[at + 0x40..at + 0x42].copy_from_slice(&name_len.to_le_bytes());
        dir[at + 0x42] = kind;
        for off in [0x44, 0x48, 0x4C] {
            dir[at + off..at + off + 4].copy_from_slice(&FREE.to_le_bytes());
        }
        dir[at + 0x74..at + 0x78].copy_from_slice(&start.to_le_bytes());
        dir[at + 0x78..at + 0x7C].copy_from_slice(&len.to_le_bytes());
    };
    entry(&mut dir, 0, "Root Entry", 5, END, 0);
    entry(&mut dir, 1, "Workbook", 2, 2, size as u32);
    out.extend_from_slice(&dir);
    out.extend_from_slice(&data);
    out
}

fn check(bytes: &[u8], reg: &community_forms::Registry) {
    let Ok(sheets) = community_forms_xlsx::all_sheets_csv(bytes) else { return };
    let Ok(form) = reg.get("facility-ledger") else { return };
    let Some(table) = form.main_table() else { return };
    for csv in sheets.iter().skip(1).step_by(2) {
        let mut s = community_forms::Session::new(form.clone(), community_forms::Locale::ZhCn);
        let mut loader = community_forms::csv::Loader::default();
        let _ = loader.push(csv, true, &form, table, &mut s);
        s.finish_bulk();
        let _ = community_forms::engine::json::result_json(&s, false);
    }
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    check(&compound(data), reg);
    if community_forms_xlsx::is_xls(data) {
        check(data, reg);
    }
}));
