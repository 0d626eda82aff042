//! The page policy (src/engine/view.rs) natively: what is shown while typing, on commit and on
//! submit, on a ledger with hundreds of problems held back at once.
#![allow(clippy::unwrap_used, clippy::indexing_slicing, clippy::arithmetic_side_effects, clippy::panic)]

use community_forms::engine::view::Page;
use community_forms::json::{parse, Value};
use community_forms::{Locale, Registry};

fn page(rows: usize) -> Page {
    let form = Registry::builtin().get("facility-ledger").unwrap();
    let mut page = Page::new(form, Locale::ZhCn);
    // Every row lacks its remarks while some room areas are blank: a warning on each row.
    let communities: Vec<String> = (0..rows)
        .map(|i| format!(r#"{{"street":"天生街道","community":"社区{i}","community_type":"城市社区","households":"1000","area_service_center":"400"}}"#))
        .collect();
    let doc = format!(r#"{{"report_year":"2021","communities":[{}]}}"#, communities.join(","));
    let out = page.load(&parse(&doc).unwrap());
    assert_eq!(show(&out).len(), 0, "nothing is shown before the user acts");
    page
}

fn show(out: &str) -> Vec<(String, usize)> {
    let v = parse(out).unwrap();
    let Value::Object(fields) = v else { panic!("not an object: {out}") };
    let Some((_, Value::Object(show))) = fields.into_iter().find(|(k, _)| k == "show") else { return Vec::new() };
    show.into_iter().map(|(k, v)| (k, if let Value::Array(a) = v { a.len() } else { 0 })).collect()
}

#[test]
fn new_problems_wait_for_a_commit_and_fixed_ones_go_at_once() {
    let mut page = page(300);
    // Typing a bad value in row 7: its new error is held back while typing.
    let typed = page.input("communities[7].households", &Value::String("abc".into()));
    assert!(show(&typed).is_empty(), "{typed}");
    // Leaving the field shows it, with every problem held back since the load (each row's
    // missing remarks), each path once, in path order.
    let committed = show(&page.commit("communities[7].households"));
    assert!(committed.iter().any(|(p, n)| p == "communities[7].households" && *n == 1), "{committed:?}");
    assert!(committed.len() > 300, "{}", committed.len());
    let mut sorted = committed.clone();
    sorted.sort();
    sorted.dedup_by(|a, b| a.0 == b.0);
    assert_eq!(sorted, committed);
    // Fixing it clears the message while typing.
    let fixed = show(&page.input("communities[7].households", &Value::String("1000".into())));
    assert_eq!(fixed, vec![("communities[7].households".to_string(), 0)]);
    // A second commit has nothing new to say.
    assert!(show(&page.commit("communities[7].households")).is_empty());
}

#[test]
fn submit_shows_everything_and_clears_what_was_fixed() {
    let mut page = page(50);
    page.input("communities[3].households", &Value::String("-5".into()));
    let first = show(&page.submit());
    assert!(first.iter().any(|(p, n)| p == "communities[3].households" && *n > 0), "{first:?}");
    // Fixed after the submit: cleared at once, and a second submit does not bring it back.
    let fixed = show(&page.input("communities[3].households", &Value::String("900".into())));
    assert_eq!(fixed, vec![("communities[3].households".to_string(), 0)]);
    let again = show(&page.submit());
    assert!(!again.iter().any(|(p, _)| p == "communities[3].households"), "{again:?}");
}

/// The messages shown at `path` in a page's answer.
fn messages_at(out: &str, path: &str) -> Vec<String> {
    let Value::Object(fields) = parse(out).unwrap() else { panic!("not an object: {out}") };
    let Some((_, Value::Object(show))) = fields.into_iter().find(|(k, _)| k == "show") else { return Vec::new() };
    let Some((_, Value::Array(list))) = show.into_iter().find(|(k, _)| k == path) else { return Vec::new() };
    list.into_iter()
        .filter_map(|i| match i {
            Value::Object(o) => o.into_iter().find(|(k, _)| k == "message").and_then(|(_, m)| match m {
                Value::String(s) => Some(s),
                _ => None,
            }),
            _ => None,
        })
        .collect()
}

#[test]
fn a_message_shows_the_values_of_the_moment_it_is_shown_and_follows_them_while_typing() {
    // A rule's message is written when it is first read, from the values the problem was found
    // with: held back while typing, shown on commit, rewritten as the numbers in it change.
    let mut page = page(5);
    let year = "communities[2].compliance_year";
    page.input(year, &Value::String("2019".into()));
    page.commit(year);
    // 100 m² for 1,000 households: 10 m² per 100, below the standard, so 2019 is wrong. Typed
    // through 1, 10 and 100: the problem is found at each step and waits.
    for typed in ["1", "10", "100"] {
        let out = page.input("communities[2].area_service_center", &Value::String(typed.into()));
        assert!(messages_at(&out, year).is_empty(), "{out}");
    }
    let shown = page.commit("communities[2].area_service_center");
    let m = messages_at(&shown, year);
    assert_eq!(m.len(), 1, "{shown}");
    assert!(m[0].contains("为10m²，未达到30m²的标准") && m[0].contains("您填写的是2019年"), "{}", m[0]);
    // On screen, the message follows the area as it is typed (150: 15 m² per 100; 1/3 of a m²
    // per household: the quotient's first four decimals, cut, and “…”).
    let out = page.input("communities[2].area_service_center", &Value::String("150".into()));
    assert!(messages_at(&out, year)[0].contains("为15m²"), "{out}");
    let out = page.input("communities[2].households", &Value::String("3000".into()));
    assert!(messages_at(&out, year)[0].contains("为5m²"), "{out}");
    let out = page.input("communities[2].area_service_center", &Value::String("100".into()));
    assert!(messages_at(&out, year)[0].contains("为3.3333…m²"), "{out}");
    // The same value typed again changes nothing on screen.
    let out = page.input("communities[2].area_service_center", &Value::String("100".into()));
    assert!(show(&out).is_empty(), "{out}");
    // Another row's problem found while typing and shown by a submit names that row's value.
    page.input("communities[4].compliance_year", &Value::String("2019".into()));
    page.input("communities[4].area_service_center", &Value::String("120".into()));
    let all = page.submit();
    let m = messages_at(&all, "communities[4].compliance_year");
    assert!(m.iter().any(|m| m.contains("为12m²")), "{all}");
}

#[test]
fn the_summary_says_which_row_a_problem_is_in() {
    let summary = |out: &str| -> Vec<(String, Option<String>)> {
        let Value::Object(fields) = parse(out).unwrap() else { panic!("{out}") };
        let Some((_, Value::Array(items))) = fields.into_iter().find(|(k, _)| k == "summary") else { panic!("{out}") };
        items
            .into_iter()
            .map(|item| {
                let Value::Object(f) = item else { panic!("{out}") };
                let text = |key: &str| {
                    f.iter().find(|(k, _)| k == key).and_then(|(_, v)| {
                        if let Value::String(s) = v {
                            Some(s.clone())
                        } else {
                            None
                        }
                    })
                };
                (text("path").unwrap(), text("row"))
            })
            .collect()
    };
    let mut zh = page(5);
    zh.input("communities[3].households", &Value::String("x".into()));
    zh.input("reporting_unit", &Value::String(String::new()));
    let items = summary(&zh.submit());
    assert!(items.contains(&("communities[3].households".into(), Some("第4行（社区3）".into()))), "{items:?}");
    assert!(
        items.iter().any(|(p, row)| p == "reporting_unit" && row.is_none()),
        "a header field has no row: {items:?}"
    );
    // A row whose name is blank is known by its number alone.
    zh.input("communities[1].community", &Value::String(String::new()));
    let items = summary(&zh.submit());
    assert!(items.contains(&("communities[1].community".into(), Some("第2行".into()))), "{items:?}");
    let form = Registry::builtin().get("facility-ledger").unwrap();
    let mut en = Page::new(form, Locale::En);
    en.load(&parse(r#"{"communities":[{"community":"朝阳社区","households":"x"}]}"#).unwrap());
    let items = summary(&en.submit());
    assert!(items.contains(&("communities[0].households".into(), Some("Row 1 (朝阳社区)".into()))), "{items:?}");
}
