//! Any bytes as the `Workbook` stream of an Excel 97–2003 workbook: the input is wrapped in a
//! valid compound file (`compound_file`: the allocation table, the directory, the stream) so
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
    check(&community_forms_xlsx::xls::compound_file(data), reg);
    if community_forms_xlsx::is_xls(data) {
        check(data, reg);
    }
}));
