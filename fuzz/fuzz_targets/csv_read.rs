//! Any bytes as a ledger CSV: read whole and in pieces (the two must agree), mapped to the main
//! table, evaluated, and loaded row by row through the bulk path (which must agree with the
//! values-document path on validity).
#![no_main]
use libfuzzer_sys::fuzz_target;
use std::borrow::Cow;

thread_local! {
    // Compiling the built-in specs once, not per input, keeps executions per second high.
    static REG: community_forms::Registry = community_forms::Registry::builtin();
}

fuzz_target!(|data: &[u8]| REG.with(|reg| {
    let text = String::from_utf8_lossy(data);
    let delim = community_forms::csv::detect_delimiter(text.trim_start_matches('\u{FEFF}'));
    let whole = community_forms::csv::parse(&text, delim);
    // The same text in pieces (split at byte offsets derived from the input, on char boundaries).
    let cut = data.first().map_or(7, |b| usize::from(*b % 13) + 1);
    let mut stream = community_forms::csv::Stream::new();
    let mut got: Vec<Vec<String>> = Vec::new();
    // A blank line is a record of no fields, which `parse` leaves out.
    let mut each = |r: &[Cow<'_, str>]| {
        if !r.is_empty() {
            got.push(r.iter().map(|c| c.to_string()).collect())
        }
    };
    let mut rest: &str = &text;
    let mut streamed = Ok(());
    while !rest.is_empty() && streamed.is_ok() {
        let mut at = cut.min(rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        let (piece, tail) = rest.split_at(at);
        streamed = stream.push(piece, false, &mut each);
        rest = tail;
    }
    if streamed.is_ok() {
        streamed = stream.push("", true, &mut each);
    }
    match (&whole, &streamed) {
        (Ok(records), Ok(())) => assert_eq!(records, &got, "pieces of {cut} read differently"),
        (Err(community_forms::csv::CsvError::Empty), Ok(())) => assert!(got.is_empty()),
        (Err(_), Err(_)) => {}
        (a, b) => panic!("whole {a:?}, pieces {b:?}"),
    }
    let Ok(form) = reg.get("facility-ledger") else { return };
    let Some(table) = form.main_table() else { return };
    // The ledger reader (the header searched for, blank and totals rows left out, rows
    // numbered as in the sheet), whole and in pieces: the same rows, numbers and result.
    let load = |pieces: &[&str]| {
        let mut s = community_forms::Session::new(form.clone(), community_forms::Locale::ZhCn);
        let mut loader = community_forms::csv::Loader::default();
        // A name that gives a missing 社区类型 column (on odd inputs); section headings and the
        // totals row's check are read alike whole and in pieces.
        if data.first().is_some_and(|b| b & 1 == 1) {
            loader.sheet.known_as("歇马街道农村社区");
        }
        // A column given outright (the page's choice, --set), on some inputs.
        if data.first().is_some_and(|b| b & 2 == 2) {
            if let Some(street) = form.field_slot(table, "street") {
                loader.sheet.give(street, "歇马街道");
            }
        }
        let mut read = Ok(());
        for (i, piece) in pieces.iter().enumerate() {
            read = loader.push(piece, i + 1 == pieces.len(), &form, table, &mut s);
            if read.is_err() {
                break;
            }
        }
        s.finish_bulk();
        loader.sheet.check_totals(&form, table, &mut s);
        let numbers = s.row_number_jumps().to_vec();
        // The columns said to be missing: the same whole and in pieces.
        let missing = loader.sheet.missing(&form, table);
        // The spreadsheet rows of the sheet's own problems (a totals row), and the packed
        // problems the ledger page reads (their rows): the same whole and in pieces.
        let sheet_rows: Vec<Option<u32>> = s.all_issues().map(|(_, i)| s.sheet_row(i)).collect();
        let mut packed = community_forms::engine::json::PackedIssues::default();
        community_forms::engine::json::result_json_bulk(&s, false, false, &mut packed);
        // Without paths (the ledger page's worker): the same problems, no paths written.
        let mut bare = community_forms::engine::json::PackedIssues { without_paths: true, ..Default::default() };
        community_forms::engine::json::result_json_bulk(&s, false, false, &mut bare);
        assert_eq!(bare.codes, packed.codes);
        assert!(bare.paths.is_empty());
        // The rows grouped by street (found by a shared text's address first): each row's group
        // is its own text, the groups' texts all differ, and rows in error make one group of "".
        let mut groups = None;
        if let Some(street) = form.field_slot(table, "street") {
            let g = s.group_rows(table, street);
            assert_eq!(g.of_row.len(), s.rows(table));
            for (row, &i) in g.of_row.iter().enumerate() {
                let at = community_forms::At { scope: table, row: row as u32, slot: street };
                let key = g.keys.get(i).map(|k| k.to_string());
                match s.value(at) {
                    Some(community_forms::value::Val::Text(t)) => assert_eq!(key.as_deref(), Some(&**t)),
                    Some(community_forms::value::Val::Unknown) => assert_eq!(Some(i), g.in_error),
                    None | Some(community_forms::value::Val::Blank) => assert_eq!(key.as_deref(), Some("")),
                    Some(_) => {}
                }
            }
            let mut keys: Vec<(&str, bool)> =
                g.keys.iter().enumerate().map(|(i, k)| (&**k, Some(i) == g.in_error)).collect();
            keys.sort_unstable();
            let before = keys.len();
            keys.dedup();
            assert_eq!(before, keys.len(), "a text in two groups");
            groups = Some((g.keys.iter().map(|k| k.to_string()).collect::<Vec<_>>(), g.of_row, g.in_error));
        }
        (
            read,
            loader.sheet.rows,
            numbers,
            missing,
            sheet_rows,
            packed.codes,
            community_forms::engine::json::result_json(&s, false),
            groups,
        )
    };
    let mut pieces: Vec<&str> = Vec::new();
    let mut rest: &str = &text;
    while !rest.is_empty() {
        let mut at = cut.min(rest.len());
        while !rest.is_char_boundary(at) {
            at += 1;
        }
        let (piece, tail) = rest.split_at(at);
        pieces.push(piece);
        rest = tail;
    }
    let one = load(&[&*text]);
    // Which of a workbook's sheets is the ledger is decided as the reader finds its header.
    let finds = community_forms::csv::finds_header(&text, &form, table);
    if one.0.is_ok() {
        assert!(finds, "read with a header that finds_header does not see");
    }
    if matches!(one.0, Err(community_forms::csv::CsvError::NoHeader { .. } | community_forms::csv::CsvError::Empty)) {
        assert!(!finds, "finds_header sees a header that the reader does not");
    }
    if pieces.len() > 1 {
        let many = load(&pieces);
        // A text without a header can fail sooner in pieces (the search ends at its eleventh
        // row); what was read until then is nothing either way.
        match (&one.0, &many.0) {
            (Ok(()), Ok(())) => assert_eq!(one, many, "pieces of {cut} loaded differently"),
            (Err(_), Err(_)) => {}
            (a, b) => panic!("whole {a:?}, pieces {b:?}"),
        }
    }
    // The file's bytes as the command line and the page's worker read them (`push_bytes`, in
    // pieces of different sizes): the same result whatever the pieces, damage included.
    let bytes_load = |cut: usize| {
        let mut s = community_forms::Session::new(form.clone(), community_forms::Locale::ZhCn);
        let mut loader = community_forms::csv::Loader::default();
        let mut read = Ok(true);
        let pieces: Vec<&[u8]> = if cut == 0 { vec![data] } else { data.chunks(cut).collect() };
        for (i, piece) in pieces.iter().enumerate() {
            read = loader.push_bytes(piece, i + 1 == pieces.len(), &form, table, &mut s);
            if read != Ok(true) {
                break;
            }
        }
        if data.is_empty() {
            read = loader.push_bytes(&[], true, &form, table, &mut s);
        }
        s.finish_bulk();
        (read, loader.sheet.not_utf8_line, community_forms::engine::json::result_json(&s, false))
    };
    let (one, many) = (bytes_load(0), bytes_load(cut));
    match (&one.0, &many.0) {
        (Ok(true), Ok(true)) => assert_eq!(one, many, "bytes in pieces of {cut} read differently"),
        // Whether the file is UTF-8 does not depend on the pieces.
        (Ok(a), Ok(b)) => assert_eq!(a, b, "bytes in pieces of {cut} decided the encoding differently"),
        // A text without a header can fail sooner in pieces, before the bytes that decide.
        _ => {}
    }
    if std::str::from_utf8(data).is_ok() && one.0 == Ok(true) {
        assert_eq!(one.1, 0);
    }
    // Rows already split (`evaluateRows`: cells after U+001F, records after U+001E), the same
    // text's cells: never a panic, and for a plain text (no quotes, carriage returns, byte-order
    // mark, blank lines or separators of its own) the same result as the text read as CSV.
    let split = |records: &str| {
        let mut s = community_forms::Session::new(form.clone(), community_forms::Locale::ZhCn);
        let mut loader = community_forms::csv::Loader::default();
        let read = loader.push_records(records, &form, table, &mut s);
        s.finish_bulk();
        (read, loader.sheet.rows, s.row_number_jumps().to_vec(), community_forms::engine::json::result_json(&s, false))
    };
    let _ = split(&text);
    let d = char::from(delim_byte(delim));
    let plain = !text.contains(['"', '\r', '\u{FEFF}', '\u{1E}', '\u{1F}'])
        && !text.trim_end_matches('\n').split('\n').any(str::is_empty)
        && !text.is_empty();
    if plain {
        let records: String = text.trim_end_matches('\n').replace(d, "\u{1F}").replace('\n', "\u{1E}");
        let (read, rows, numbers, json) = split(&records);
        let mut s = community_forms::Session::new(form.clone(), community_forms::Locale::ZhCn);
        let mut loader = community_forms::csv::Loader::default();
        let csv = loader.push(&text, true, &form, table, &mut s);
        s.finish_bulk();
        assert_eq!(read.is_ok(), csv.is_ok());
        if csv.is_ok() {
            assert_eq!(
                (rows, numbers, json),
                (
                    loader.sheet.rows,
                    s.row_number_jumps().to_vec(),
                    community_forms::engine::json::result_json(&s, false)
                )
            );
        }
    }
    let Ok(records) = whole else { return };
    let (values, _) = community_forms::csv::records_to_values(&form, table, &records);
    let _ = community_forms::evaluate_form(form, &values, Default::default());
}));

fn delim_byte(c: char) -> u8 {
    u8::try_from(c).unwrap_or(b',')
}
