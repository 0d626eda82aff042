//! The seeded ledger the benchmarks and the profiling example check.
#![allow(dead_code)]

use std::borrow::Cow;
use std::collections::HashMap;
use std::rc::Rc;

use community_forms::formula::round_half_up;
use community_forms::json::Value;
use community_forms::spec::NodeKind;
use community_forms::value::{normalise_str, FieldType, Val};
use community_forms::{csv, Form, Locale, Session};
use rust_decimal::Decimal;

/// Checks a ledger already split into records (header first) for report year 2021, the way the
/// bulk path does: rows pushed, the header value set, everything evaluated once.
pub fn check_records(form: &Rc<Form>, records: &[Vec<String>]) -> Session {
    let table = form.main_table().unwrap();
    let mut s = Session::new(form.clone(), Locale::ZhCn);
    let (slots, _) = csv::header_slots(form, table, &records[0]);
    for r in &records[1..] {
        let cells: Vec<(u32, &str)> =
            slots.iter().zip(r.iter()).filter_map(|(sl, c)| sl.map(|x| (x, c.as_str()))).collect();
        s.push_row(table, &mut cells.iter().copied());
    }
    s.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
    s.finish_bulk();
    s
}

/// Checks a ledger's CSV text as the bulk path does, for report year 2021 (what
/// `floor_check` checks by hand).
pub fn check_csv(form: &Rc<Form>, text: &str) -> Session {
    let table = form.main_table().unwrap();
    let mut s = Session::new(form.clone(), Locale::ZhCn);
    csv::Loader::default().push(text, true, form, table, &mut s).unwrap();
    s.put_header(form.field_slot(0, "report_year").unwrap(), &Value::String("2021".into()));
    s.finish_bulk();
    s
}

/// The best of `runs` timings of `f`, in milliseconds (these machines are shared, and one run
/// can be twice another).
pub fn best_ms<T>(runs: usize, mut f: impl FnMut() -> T) -> f64 {
    (0..runs)
        .map(|_| {
            let t = std::time::Instant::now();
            std::hint::black_box(f());
            t.elapsed().as_secs_f64() * 1e3
        })
        .fold(f64::MAX, f64::min)
}

/// The field types of the ledger's twelve columns, in the generator's order (what the floors
/// read each cell as).
fn column_types(form: &Form) -> Vec<FieldType> {
    let table = form.main_table().unwrap();
    [
        "street",
        "community",
        "community_type",
        "households",
        "area_service_center",
        "area_police_room",
        "area_day_care",
        "area_health_station",
        "area_culture_room",
        "area_grocery",
        "compliance_year",
        "remarks",
    ]
    .iter()
    .map(|id| match &form.slot_node(table, form.field_slot(table, id).unwrap()).unwrap().kind {
        NodeKind::Input { ft, .. } => ft.clone(),
        _ => unreachable!("{id} is an input"),
    })
    .collect()
}

/// A cell as the floors read it: blank, a number, or something the form refuses.
#[derive(Clone, Copy)]
enum Cell<N> {
    Blank,
    Num(N),
    Bad,
}

impl<N: Copy> Cell<N> {
    /// The number in column `i`, a blank room's area counting as `zero` (columns 5 to 9).
    fn number(self, i: usize, zero: N) -> Option<N> {
        match self {
            Cell::Num(n) => Some(n),
            Cell::Blank if i >= 5 => Some(zero),
            _ => None,
        }
    }
}

/// One row's cells, each trimmed once, read as the two floors read them, and the problems of
/// reading them noted (a refused cell, a required cell left blank): the number columns by
/// `plain` when they are plain digits, else by the engine's own reader and `from` (the floors
/// differ only in the type of their numbers); the community type by the engine's reader; the
/// texts (street, name, remarks) by their length and control characters.
fn read_row<'c, N: Copy>(
    types: &[FieldType],
    cells: &'c [Cow<'_, str>],
    out: &mut Floor,
    plain: fn(&str) -> Option<N>,
    from: impl Fn(Decimal) -> Option<N>,
) -> ([&'c str; 12], [Cell<N>; 12]) {
    let row = out.rows;
    let mut t: [&str; 12] = [""; 12];
    for (i, cell) in cells.iter().take(12).enumerate() {
        t[i] = cell.trim();
    }
    let mut v = [Cell::Blank; 12];
    for (i, &c) in t.iter().enumerate() {
        v[i] = if c.is_empty() {
            Cell::Blank
        } else if (3..=10).contains(&i) {
            match plain(c) {
                Some(n) => Cell::Num(n),
                None => match normalise_str(&types[i], c) {
                    Ok(Val::Num(d)) => from(d).map_or(Cell::Bad, Cell::Num),
                    _ => Cell::Bad,
                },
            }
        } else if i == 2 {
            // The type: one of the options (or an alias), shared, nothing allocated.
            if normalise_str(&types[i], c).is_ok() {
                Cell::Blank
            } else {
                Cell::Bad
            }
        } else if c.chars().count() > types[i].max_length || c.bytes().any(|b| b < 0x20) {
            Cell::Bad
        } else {
            Cell::Blank
        };
        if matches!(v[i], Cell::Bad) {
            out.problems.push((row, i as u8));
        }
    }
    // Required fields.
    for (i, c) in t.iter().take(11).enumerate() {
        if matches!(i, 0..=4 | 10) && c.is_empty() {
            out.problems.push((row, 20 + i as u8));
        }
    }
    (t, v)
}

/// What the two floors check alike once a row's compliance is known: the year against it
/// (`year_ok`, given whether the community is compliant), the remarks a shared room asks for,
/// and the name's uniqueness (its key is its place in the text, which outlives the map: the
/// generator quotes no name, so every name is a slice of it); then the row is counted.
#[allow(clippy::too_many_arguments)]
fn row_rules<'t, S: std::hash::BuildHasher>(
    out: &mut Floor,
    names: &mut HashMap<&'t str, u32, S>,
    text: &'t str,
    t: &[&str; 12],
    name_borrowed: bool,
    compliant: Option<bool>,
    year_ok: impl Fn(bool) -> Option<bool>,
) {
    let row = out.rows;
    if compliant.and_then(&year_ok) == Some(false) {
        out.problems.push((row, 40));
    }
    if (5..9).any(|i| t[i].is_empty()) && t[11].is_empty() {
        out.problems.push((row, 41));
    }
    if !t[1].is_empty() && name_borrowed {
        let start = t[1].as_ptr() as usize - text.as_ptr() as usize;
        if names.insert(&text[start..start + t[1].len()], row).is_some() {
            out.duplicate_names += 1;
        }
    }
    out.compliant += u32::from(compliant == Some(true));
    out.rows += 1;
}

/// A small deterministic generator (64-bit LCG), so every run checks the same ledger.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// The 100,000-row ledger: 2% of rows carry a bad cell (blank, negative, full-width, grouped
/// thousands, text); full-width and grouped are valid spellings, the others errors.
pub fn ledger_csv(rows: usize) -> String {
    let mut r = Rng(20201109);
    let mut out = String::from("所在街道（乡镇）,社区名称,社区类型,辖区户籍人口总户数（户）,便民服务中心,警务室,日间照料中心（养老服务站）,卫生服务站,文化活动室,菜店（平价超市）,达标年度,备注\n");
    let streets = ["天生街道", "北温泉街道", "朝阳街道", "歇马街道", "澄江镇", "童家溪镇", "蔡家岗街道", "静观镇"];
    for i in 0..rows {
        let street = streets[r.below(streets.len() as u64) as usize];
        let urban = r.below(10) < 6;
        let households = 300 + r.below(4000);
        let center = 80 + r.below(1500);
        let cents = r.below(100);
        let mut area = format!("{center}.{cents:02}");
        let mut hh = households.to_string();
        if r.below(100) < 2 {
            match r.below(5) {
                0 => hh = String::new(),
                1 => area = format!("-{area}"),
                2 => {
                    area = area
                        .chars()
                        .map(|c| {
                            if c.is_ascii_digit() {
                                char::from_u32(c as u32 + 0xFEE0).unwrap()
                            } else if c == '.' {
                                '．'
                            } else {
                                c
                            }
                        })
                        .collect()
                }
                3 => hh = format!("{},{:03}", households / 1000, households % 1000),
                _ => area = "待核实".into(),
            }
        }
        let extra = |r: &mut Rng| if r.below(3) == 0 { String::new() } else { (r.below(120)).to_string() };
        let (p, d, h, c, g) = (extra(&mut r), extra(&mut r), extra(&mut r), extra(&mut r), extra(&mut r));
        // A consistent ledger: compliant communities give the year reached, the others the
        // planned year (北碚民发〔2020〕77号), so only the 2% bad rows carry errors.
        let total: u64 = center + [&p, &d, &h, &c, &g].iter().filter_map(|x| x.parse::<u64>().ok()).sum::<u64>();
        let year = if total * 100 >= 30 * households { 2019 + r.below(3) } else { 2021 + r.below(2) };
        out.push_str(&format!(
            "{street},{}社区{i},{},\"{hh}\",{area},{p},{d},{h},{c},{g},{year},{}\n",
            if urban { "城市" } else { "农村" },
            if urban { "城市社区" } else { "农村社区" },
            if p.is_empty() { "警务室设在便民服务中心内" } else { "" }
        ));
    }
    out
}

/// What `floor_check` found: its problems, as (row, rule) pairs, and its totals.
pub struct Floor {
    pub rows: u32,
    pub problems: Vec<(u32, u8)>,
    pub duplicate_names: u32,
    pub compliant: u32,
}

/// The floor under the engine's bulk figure: the facility ledger's rules for report year 2021
/// written out by hand for this one form and this generator's header, over the same CSV scanner
/// and the same decimal arithmetic (plain numbers read directly, anything else by the engine's
/// own reader), keeping nothing per row but its problems (a row and a rule each) and the totals:
/// no values, no messages, no places. Not a checker to use (one form, one column order): it
/// measures how much of the engine's time is the work itself (BENCHMARKS.md). Finds the
/// engine's problems to within the odd row (a few of them counted differently).
pub fn floor_check(form: &Form, text: &str) -> Floor {
    let types = column_types(form);
    let (report_year, plan_end) = (Decimal::from(2021), Decimal::from(2022));
    let (hundred, thirty) = (Decimal::from(100), Decimal::from(30));
    let mut out = Floor { rows: 0, problems: Vec::new(), duplicate_names: 0, compliant: 0 };
    // Sized once, as the engine sizes its table: a line per row at most.
    let mut names: HashMap<&str, u32> = HashMap::with_capacity(text.bytes().filter(|&b| b == b'\n').count());
    let mut header = true;
    let mut each = |cells: &[Cow<'_, str>]| {
        if std::mem::take(&mut header) {
            return;
        }
        let (t, v) = read_row(&types, cells, &mut out, plain_decimal, Some);
        let num = |i: usize| v[i].number(i, Decimal::ZERO);
        let total = (4..10).try_fold(Decimal::ZERO, |s, i| s.checked_add(num(i)?));
        // The threshold is decided on the exact quotient (29.9995 is not 30); the rounded one is
        // what a reader is shown, made as the engine makes it.
        let per100 = match (total, num(3)) {
            (Some(t), Some(h)) if !h.is_zero() => t.checked_div(h).and_then(|q| q.checked_mul(hundred)),
            _ => None,
        };
        std::hint::black_box(per100.map(|x| round_half_up(x, 2)));
        let compliant = per100.map(|p| p >= thirty);
        let year = num(10);
        let borrowed = matches!(cells.get(1), Some(Cow::Borrowed(_)));
        row_rules(&mut out, &mut names, text, &t, borrowed, compliant, |c| {
            year.map(|y| if c { y <= report_year } else { y >= report_year && y <= plan_end })
        });
    };
    csv::Stream::new().push(text, true, &mut each).unwrap();
    out
}

/// `floor_check` tuned as far as this one form allows: the question it answers is how fast code
/// generated for a form could check it, rather than how fast the engine's parts can. Numbers are
/// exact fixed-point integers (millionths, in an `i64`; in wasm an `i128` multiplies and divides by
/// library calls, which made it twice as slow as `Decimal`) instead of `Decimal`s: a plain number of
/// ASCII digits is read straight into one, anything else by the engine's own reader and then
/// converted, exactly (a value with more than six decimals counts as unreadable: this generator
/// writes none, and `tests/floor.rs` would show one). The threshold is decided without dividing (total × 100 ≥ 30 ×
/// households, both exact; checked, and decided on `Decimal`s in the rare case that overflows),
/// and the rounded quotient a reader is shown is one integer division.
/// Names are hashed with a multiplicative hash instead of SipHash. Same scanner, same problems
/// (`tests/floor.rs`).
pub fn floor_check_tuned(form: &Form, text: &str) -> Floor {
    use std::hash::{BuildHasherDefault, Hasher};
    /// FxHash's step (rustc's own hasher): a word at a time, one multiply.
    #[derive(Default)]
    struct Fx(u64);
    impl Hasher for Fx {
        fn write(&mut self, bytes: &[u8]) {
            for chunk in bytes.chunks(8) {
                let mut w = [0u8; 8];
                w[..chunk.len()].copy_from_slice(chunk);
                self.0 = (self.0.rotate_left(5) ^ u64::from_le_bytes(w)).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
            }
        }
        // The product's high bits are its best mixed: turned down to where the table looks
        // first (rustc-hash 2 does the same), or names that differ in their last digits collide.
        fn finish(&self) -> u64 {
            self.0.rotate_left(26)
        }
    }
    const ONE: i64 = 1_000_000;
    let types = column_types(form);
    let mut out = Floor { rows: 0, problems: Vec::new(), duplicate_names: 0, compliant: 0 };
    let mut names: HashMap<&str, u32, BuildHasherDefault<Fx>> =
        HashMap::with_capacity_and_hasher(text.bytes().filter(|&b| b == b'\n').count(), BuildHasherDefault::default());
    let mut header = true;
    let mut each = |cells: &[Cow<'_, str>]| {
        if std::mem::take(&mut header) {
            return;
        }
        let (t, v) = read_row(&types, cells, &mut out, plain_millionths, millionths);
        let num = |i: usize| v[i].number(i, 0);
        // A blank cell, or one that is not a number, leaves the total blank; a sum too large
        // for millionths is taken as a `Decimal`.
        let mut total = Some(Some(0i64));
        for i in 4..10 {
            total = match (total, num(i)) {
                (Some(Some(s)), Some(x)) => Some(s.checked_add(x)),
                (Some(None), Some(_)) => Some(None),
                _ => None,
            };
        }
        let compliant = match (total, num(3)) {
            (Some(t), Some(h)) if h > 0 => {
                let exact = t.and_then(|t| {
                    // The quotient a reader is shown, rounded half up to 2 decimals (both in
                    // millionths, so the units cancel): one integer division.
                    std::hint::black_box(t.checked_mul(20_000)?.checked_add(h)? / h.checked_mul(2)?);
                    Some(t.checked_mul(100)? >= h.checked_mul(30)?)
                });
                exact.or_else(|| {
                    let sum = (4..10).try_fold(Decimal::ZERO, |s, i| s.checked_add(Decimal::new(num(i)?, 6)))?;
                    Some(sum.checked_mul(Decimal::from(100))? >= Decimal::new(h, 6).checked_mul(Decimal::from(30))?)
                })
            }
            _ => None,
        };
        let (year, report, end) = (num(10), 2021 * ONE, 2022 * ONE);
        let borrowed = matches!(cells.get(1), Some(Cow::Borrowed(_)));
        row_rules(&mut out, &mut names, text, &t, borrowed, compliant, |c| {
            year.map(|y| if c { y <= report } else { y >= report && y <= end })
        });
    };
    csv::Stream::new().push(text, true, &mut each).unwrap();
    out
}

/// A `Decimal` as millionths, when it is one exactly.
fn millionths(d: Decimal) -> Option<i64> {
    let scale = d.scale();
    let m = i64::try_from(d.mantissa()).ok()?;
    m.checked_mul(*POW10.get(6usize.checked_sub(scale as usize)?)?)
}

/// A plain non-negative decimal of ASCII digits and at most one point, with at most six
/// decimals, as millionths.
fn plain_millionths(s: &str) -> Option<i64> {
    let (m, scale) = plain_digits(s)?;
    m.checked_mul(*POW10.get(6usize.checked_sub(scale as usize)?)?)
}

const POW10: [i64; 7] = [1, 10, 100, 1_000, 10_000, 100_000, 1_000_000];

/// The CSV scanner alone over `text`: every record split into its cells and nothing done with
/// them (the part of `floor_check`'s time, and the engine's, that is scanning). Returns the cells.
pub fn scan_cells(text: &str) -> usize {
    let mut n = 0usize;
    csv::Stream::new().push(text, true, &mut |cells| n += cells.len()).unwrap();
    n
}

/// A plain non-negative decimal of ASCII digits and at most one point, read directly.
fn plain_decimal(s: &str) -> Option<Decimal> {
    let (m, scale) = plain_digits(s)?;
    Some(Decimal::new(m, scale))
}

/// The mantissa and scale of a plain non-negative decimal of ASCII digits and at most one point
/// (at most 18 characters, so the mantissa fits).
fn plain_digits(s: &str) -> Option<(i64, u32)> {
    let b = s.as_bytes();
    if b.is_empty() || b.len() > 18 {
        return None;
    }
    let (mut m, mut scale, mut point) = (0i64, 0u32, false);
    for &c in b {
        match c {
            b'0'..=b'9' => {
                m = m * 10 + i64::from(c - b'0');
                scale += u32::from(point);
            }
            b'.' if !point => point = true,
            _ => return None,
        }
    }
    Some((m, scale))
}
