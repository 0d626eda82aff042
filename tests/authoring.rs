//! The worked example of docs/authoring.md loads and behaves as the guide says.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing, clippy::panic)]

use community_forms::{Options, Registry};
use serde_json::Value;

#[test]
fn the_worked_example_does_what_the_guide_says() {
    let mut reg = Registry::builtin();
    reg.add_spec(include_str!("../docs/examples/elderly-care-station.json")).unwrap();
    let out = reg
        .evaluate(
            "elderly-care-station",
            r#"{"station_name":"桂山社区养老服务站","building_area":"150","elderly":"500","beds":"10"}"#,
            Options::default(),
        )
        .unwrap();
    let r: Value = serde_json::from_str(&out).unwrap();
    assert_eq!(r["values"]["subsidy"], "7.5", "min(150 × 0.05, 20)");
    assert_eq!(r["values"]["beds_required"], "15", "ceil(500 × 0.03)");
    let messages: Vec<&str> = r["issues"].as_array().unwrap().iter().map(|i| i["message"].as_str().unwrap()).collect();
    assert_eq!(
        messages,
        [
            "养老服务站建筑面积不低于200平方米，您填写的是150.00平方米",
            "按每百名老年人3张床位，500名老年人应设15张，现有10张"
        ]
    );
    let broken = include_str!("../docs/examples/elderly-care-station.json")
        .replace("min(building_area * subsidy_per_m2, subsidy_cap)", "building_area + subsidy_cap");
    let e = reg.add_spec(&broken).unwrap_err().to_string();
    assert!(e.contains("unit error: cannot add `m2` and `万元`"), "{e}");
}
