//! The benchmarks' floor (`ledger_data::floor_check`, the facility ledger's rules written out by
//! hand) is a fair one only while it finds what the engine finds: row by row, the same number of
//! problems, on the benchmarks' seeded ledger with its bad rows. BENCHMARKS.md compares the two
//! times.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::arithmetic_side_effects)]

#[path = "../benches/ledger_data/mod.rs"]
mod ledger_data;

use std::collections::BTreeMap;

use community_forms::Registry;

#[test]
fn the_hand_written_floor_finds_the_engines_problems_row_by_row() {
    let reg = Registry::builtin();
    let form = reg.get("facility-ledger").unwrap();
    let text = ledger_data::ledger_csv(20_000);
    let floor = ledger_data::floor_check(&form, &text);
    let s = ledger_data::check_csv(&form, &text);
    let mut engine: BTreeMap<u32, usize> = BTreeMap::new();
    for (path, _) in s.all_issues() {
        // Row problems only: `communities[row].field`.
        if let Some(row) = path.strip_prefix("communities[").and_then(|p| p.split(']').next()) {
            *engine.entry(row.parse().unwrap()).or_default() += 1;
        }
    }
    let mut by_hand: BTreeMap<u32, usize> = BTreeMap::new();
    for (row, _) in &floor.problems {
        *by_hand.entry(*row).or_default() += 1;
    }
    assert_eq!(floor.rows, 20_000);
    assert!(floor.problems.len() > 9_000, "the ledger's warnings and its 2% bad rows");
    assert_eq!(by_hand, engine);
    // The tuned floor: the same problems, the same totals.
    let tuned = ledger_data::floor_check_tuned(&form, &text);
    assert_eq!(tuned.problems, floor.problems);
    assert_eq!(
        (tuned.rows, tuned.compliant, tuned.duplicate_names),
        (floor.rows, floor.compliant, floor.duplicate_names)
    );
}
