//! The seeded ledger the benchmarks and the profiling example check.
#![allow(dead_code)]

use std::rc::Rc;

use community_forms::json::Value;
use community_forms::{csv, Form, Locale, Session};

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
