//! The rule packs of seed 000 (附件1–5), seed 001 and seed 002: every rule with a case that
//! triggers it and one that does not, computed values against hand calculations, and the 附件1
//! table of the seed as a fixture that must reproduce its 合计 row exactly.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::indexing_slicing,
    clippy::panic,
    clippy::arithmetic_side_effects
)]

mod common;
use common::*;
use serde_json::{json, Value};

/// `values` with `path` set: `field`, or `table[i].field`.
fn with(mut values: Value, changes: &[(&str, &str)]) -> Value {
    for (path, v) in changes {
        let v = Value::String((*v).to_string());
        match path.split_once('[') {
            None => values[*path] = v,
            Some((table, rest)) => {
                let (i, field) = rest.split_once("].").unwrap();
                values[table][i.parse::<usize>().unwrap()][field] = v;
            }
        }
    }
    values
}

/// (changes, path, code, fires, why)
type Case = (&'static [(&'static str, &'static str)], &'static str, &'static str, bool, &'static str);

fn check_cases(form: &str, base: &Value, cases: &[Case]) {
    let clean = eval(form, base.clone());
    assert!(
        clean["issues"].as_array().unwrap().is_empty(),
        "{form}: the base document is clean: {:#}",
        clean["issues"]
    );
    for (changes, path, code, fires, why) in cases {
        let r = eval(form, with(base.clone(), changes));
        assert_eq!(has(&r, path, code), *fires, "{form}: {code} on {path}: {why}\n{:#}", r["issues"]);
    }
}

// ---- 附件1: the allocation table --------------------------------------------------------

fn allocation_fixture() -> Value {
    serde_json::from_str(include_str!("../src/forms/data/project-allocation-2019.json")).unwrap()
}

#[test]
fn the_seed_allocation_table_reproduces_its_totals_exactly() {
    let r = eval("project-allocation", allocation_fixture());
    assert!(r["issues"].as_array().unwrap().is_empty(), "{:#}", r["issues"]);
    let v = &r["values"];
    // 合计 row of the seed: 32 · 1600 · 20 · 400 · 2000 · 900 · 1100 (万元)
    let totals = [
        "total_poverty_count",
        "total_poverty_amount",
        "total_demo_count",
        "total_demo_amount",
        "total_amount",
        "total_finance",
        "total_lottery",
    ];
    let got: Vec<&str> = totals.iter().map(|k| v[*k].as_str().unwrap()).collect();
    assert_eq!(got, ["32", "1600", "20", "400", "2000", "900", "1100"]);
    // 城口县: 5 × 50 = 250, all from the welfare lottery.
    let chengkou = &v["districts"][11];
    assert_eq!((chengkou["poverty_amount"].as_str(), chengkou["total_amount"].as_str()), (Some("250"), Some("250")));
}

#[test]
fn a_one_cell_change_in_the_allocation_table_is_an_error_on_that_row() {
    // (row, field, new value, code on that row, why)
    let cases = [
        (11, "poverty_count", "6", "computed_mismatch", "城口县 6 projects: 6 × 50 = 300 ≠ stated 250"),
        (11, "poverty_amount", "260", "computed_mismatch", "5 × 50 = 250 ≠ 260"),
        (0, "demo_count", "2", "computed_mismatch", "巴南区 2 × 20 = 40 ≠ stated 20"),
        (14, "finance_amount", "30", "funding_split", "开州区 30 + 150 ≠ 170"),
        (14, "lottery_amount", "140", "funding_split", "开州区 20 + 140 ≠ 170"),
        (3, "total_amount", "25", "computed_mismatch", "永川区 20 ≠ 25"),
    ];
    for (row, field, value, code, why) in cases {
        let mut doc = allocation_fixture();
        doc["districts"][row][field] = json!(value);
        let r = eval("project-allocation", doc);
        let on_row: Vec<String> = r["issues"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|i| i["path"].as_str().unwrap().starts_with(&format!("districts[{row}].")))
            .map(|i| i["code"].as_str().unwrap().to_string())
            .collect();
        assert!(on_row.contains(&code.to_string()), "{why}: {:#}", r["issues"]);
        assert_eq!(r["valid"], false, "{why}");
    }
}

#[test]
fn allocation_rules() {
    let base = json!({ "districts": [
        { "district": "城口县", "poverty_count": "5", "finance_amount": "0", "lottery_amount": "250" },
        { "district": "巴南区", "demo_count": "1", "finance_amount": "20" }
    ]});
    let r = eval("project-allocation", base.clone());
    assert_eq!(r["values"]["districts"][0]["total_amount"], "250", "5 × 50");
    assert_eq!(r["values"]["districts"][1]["total_amount"], "20", "1 × 20");
    assert!(has(&r, "districts", "programme_poverty_total"), "5 ≠ 32 projects");
    assert!(has(&r, "districts", "programme_demo_total"), "1 ≠ 20 projects");
    let cases: &[Case] = &[
        (&[("districts[1].district", "城口县")], "districts[1].district", "district_unique", true, "城口县 twice"),
        (&[], "districts[1].district", "district_unique", false, "distinct"),
        (&[("districts[1].demo_count", "0")], "districts[1].district", "has_projects", true, "no project"),
        (&[], "districts[1].district", "has_projects", false, "one demo project"),
        (&[("districts[1].finance_amount", "10")], "districts[1].total_amount", "funding_split", true, "10 + 0 ≠ 20"),
        (&[], "districts[1].total_amount", "funding_split", false, "20 + 0 = 20"),
    ];
    for (changes, path, code, fires, why) in cases {
        let r = eval("project-allocation", with(base.clone(), changes));
        assert_eq!(has(&r, path, code), *fires, "{code}: {why}\n{:#}", r["issues"]);
    }
    let full = eval("project-allocation", allocation_fixture());
    assert!(!has(&full, "districts", "programme_poverty_total") && !has(&full, "districts", "programme_demo_total"));
}

// ---- 附件2: the poverty project filing --------------------------------------------------

fn filing() -> Value {
    let project = |name: &str| {
        json!({ "center_name": name, "address": "城口县", "building_area": "650", "service_hall_area": "120",
                "expected_completion": "2020年10月", "city_subsidy": "50", "county_funds": "30", "township_funds": "5.5",
                "construction_type": "新建", "existing_area": "150" })
    };
    json!({ "district": "城口县", "civil_affairs_bureau": "城口县民政局", "finance_bureau": "城口县财政局", "filing_date": "2019年12月20日",
            "filled_by": "张三", "phone": "023-59222222", "bureau_head": "李四", "finance_head": "王五",
            "projects": [ project("坪坝镇新华村便民服务中心"), project("北屏乡（苍坪村）便民服务中心"), project("葛城街道城北社区便民服务中心"),
                          project("修齐镇岚溪村便民服务中心"), project("高观镇高观村便民服务中心") ] })
}

#[test]
fn filing_totals_and_allocation() {
    let r = eval("poverty-project-filing", filing());
    let v = &r["values"];
    assert_eq!(v["projects"][0]["total_investment"], "85.5", "50 + 30 + 5.5");
    assert_eq!(v["total_investment_sum"], "427.5", "5 × 85.5");
    assert_eq!(v["total_building_area"], "3250.00", "5 × 650");
    assert_eq!(v["total_city_subsidy"], "250", "5 × 50 = 城口县's allocation");
    assert_eq!((v["allocated_projects"].as_str(), v["allocated_subsidy"].as_str()), (Some("5"), Some("250")));
    assert_eq!(r["valid"], true, "{:#}", r["issues"]);
}

#[test]
fn filing_rules() {
    let cases: &[Case] = &[
        (
            &[("projects[0].center_name", "新华村便民服务中心")],
            "projects[0].center_name",
            "center_name_format",
            true,
            "no township",
        ),
        (
            &[("projects[0].center_name", "坪坝镇新华村服务中心")],
            "projects[0].center_name",
            "center_name_format",
            true,
            "not 便民服务中心",
        ),
        (
            &[("projects[0].center_name", "坪坝镇新华组便民服务中心")],
            "projects[0].center_name",
            "center_name_format",
            true,
            "组 is not 村/社区",
        ),
        (
            &[("projects[0].center_name", "城口县坪坝镇(新华村)便民服务中心")],
            "projects[0].center_name",
            "center_name_format",
            false,
            "half-width brackets",
        ),
        (
            &[("projects[0].center_name", "葛城街道城北社区便民服务中心")],
            "projects[0].center_name",
            "center_unique",
            true,
            "same as row 3",
        ),
        (
            &[("projects[0].building_area", "599.99")],
            "projects[0].building_area",
            "building_area_minimum",
            true,
            "599.99 < 600",
        ),
        (
            &[("projects[0].building_area", "600")],
            "projects[0].building_area",
            "building_area_minimum",
            false,
            "600 ≥ 600",
        ),
        (
            &[("projects[0].service_hall_area", "650.01")],
            "projects[0].service_hall_area",
            "service_hall_within_building",
            true,
            "hall > building",
        ),
        (
            &[("projects[0].service_hall_area", "650")],
            "projects[0].service_hall_area",
            "service_hall_within_building",
            false,
            "hall = building",
        ),
        (
            &[("projects[0].expected_completion", "2021年1月")],
            "projects[0].expected_completion",
            "completion_by_deadline",
            true,
            "2021-01-31 > 2020-12-31",
        ),
        (
            &[("projects[0].expected_completion", "2020年12月底")],
            "projects[0].expected_completion",
            "completion_by_deadline",
            false,
            "2020-12-31",
        ),
        (&[("projects[0].city_subsidy", "40")], "projects[0].city_subsidy", "city_subsidy_standard", true, "40 ≠ 50"),
        (
            &[("projects[0].city_subsidy", "500000元")],
            "projects[0].city_subsidy",
            "use_field_unit",
            true,
            "typed in 元",
        ),
        (
            &[("projects[0].existing_area", "200")],
            "projects[0].existing_area",
            "existing_area_eligible",
            true,
            "200 is not below 200",
        ),
        (
            &[("projects[0].existing_area", "199.99")],
            "projects[0].existing_area",
            "existing_area_eligible",
            false,
            "below 200",
        ),
        (
            &[("projects[0].construction_type", "翻新")],
            "projects[0].construction_type",
            "not_an_option",
            true,
            "not 新建/改扩建",
        ),
        (
            &[("projects[0].construction_type", "改建")],
            "projects[0].construction_type",
            "not_an_option",
            false,
            "alias of 改扩建",
        ),
        (&[("filing_date", "2020-01-01")], "filing_date", "filing_by_deadline", true, "after 2019-12-31"),
        (&[("filing_date", "2019年12月")], "filing_date", "filing_by_deadline", false, "2019-12-31"),
        (&[("district", "北京市")], "district", "district_in_allocation", true, "not in 附件1"),
        (
            &[("district", "巴南区")],
            "projects",
            "projects_match_allocation",
            true,
            "巴南区 has 0 poverty projects, 5 filed",
        ),
        (&[("district", "巴南区")], "projects", "subsidy_matches_allocation", true, "巴南区 0 万元 ≠ 250"),
        (&[("district", "丰都县")], "projects", "projects_match_allocation", true, "丰都县: 2 ≠ 5"),
        (&[("district", "")], "projects", "projects_match_allocation", false, "no district, nothing to compare"),
        (
            &[("projects[0].city_subsidy", "49")],
            "projects",
            "subsidy_matches_allocation",
            true,
            "4 × 50 + 49 = 249 ≠ 250",
        ),
        (&[("civil_affairs_bureau", "")], "civil_affairs_bureau", "required", true, "required"),
        (&[("phone", "5922222")], "phone", "invalid_phone", false, "a 7-digit local number"),
        (&[("phone", "023-592")], "phone", "invalid_phone", true, "too short"),
    ];
    check_cases("poverty-project-filing", &filing(), cases);
}

#[test]
fn a_district_can_bring_its_own_allocation() {
    // The reference's data can be replaced: a 2020 allocation with 城口县 at 4 projects.
    let form = community_forms::Registry::builtin().get("poverty-project-filing").unwrap();
    let mut s = community_forms::Session::new(form, community_forms::Locale::ZhCn);
    s.load(&community_forms::json::parse(&filing().to_string()).unwrap());
    assert!(s.is_valid());
    let own = json!({ "districts": [ { "district": "城口县", "poverty_count": "4" } ] });
    assert!(s.set_reference("allocation", &community_forms::json::parse(&own.to_string()).unwrap()));
    assert!(!s.is_valid(), "5 projects filed, 4 allocated");
}

// ---- 附件3: the demonstration project filing -------------------------------------------

#[test]
fn demo_filing_rules() {
    let base = json!({ "district": "开州区", "project_name": "“三事分流”社区治理示范", "contact": "赵六", "phone": "13812345678",
                       "content": "推广“三事分流”工作法，培育3个社区工作法", "city_funding": "20", "county_funding": "10", "other_funding": "2.5",
                       "filing_date": "2019-12-15" });
    let r = eval("demo-project-filing", base.clone());
    assert_eq!(r["values"]["total_funding"], "32.5", "20 + 10 + 2.5");
    let cases: &[Case] = &[
        (&[("city_funding", "50")], "city_funding", "city_funding_standard", true, "50 ≠ 20"),
        (&[("city_funding", "20万元")], "city_funding", "city_funding_standard", false, "20 万元"),
        (&[("filing_date", "2020-01-02")], "filing_date", "filing_by_deadline", true, "late"),
        (&[("district", "城口县")], "district", "district_has_demo_project", true, "城口县 has no demo project"),
        (&[("district", "开州区")], "district", "district_has_demo_project", false, "开州区 has one"),
        (&[("district", "上海市")], "district", "district_in_allocation", true, "unknown district"),
        (&[("content", "")], "content", "required", true, "content required"),
        (&[("phone", "1381234567")], "phone", "invalid_phone", true, "10 digits"),
    ];
    check_cases("demo-project-filing", &base, cases);
}

// ---- 附件4: the poverty project acceptance ----------------------------------------------

fn acceptance() -> Value {
    json!({ "county": "城口县", "project_name": "坪坝镇新华村便民服务中心", "project_address": "坪坝镇新华村3组", "building_area": "650",
            "construction_type": "新建", "city_subsidy": "50", "local_funds": "35.5", "completion_date": "2020年11月",
            "functions": ["一站式服务平台", "警务室", "档案室", "多功能室（会议室）"],
            "households": "860", "population": "2,650", "resident_groups": "6", "committee_members": "5", "party_members": "4",
            "overlap_members": "3", "fulltime_staff": "9",
            "photo": [{ "name": "正面全景.jpg", "type": "image/jpeg", "size": "2400000" }],
            "acceptance_opinion": "经验收，项目建设符合要求，同意通过验收。", "filled_by": "张三", "phone": "023-59222222" })
}

#[test]
fn acceptance_staff_formula() {
    let r = eval("poverty-project-acceptance", acceptance());
    let v = &r["values"];
    assert_eq!(v["total_workers"], "15", "说明1: 5 + 4 − 3 + 9 = 15");
    assert_eq!(v["required_staff"], "9", "ceil(860 ÷ 100) = ceil(8.6) = 9");
    assert_eq!(v["total_funds"], "85.5", "50 + 35.5");
    let r = eval("poverty-project-acceptance", with(acceptance(), &[("households", "800")]));
    assert_eq!(r["values"]["required_staff"], "8", "ceil(8) = 8: exactly one per hundred");
    let r = eval("poverty-project-acceptance", with(acceptance(), &[("households", "801")]));
    assert_eq!(r["values"]["required_staff"], "9", "ceil(8.01) = 9");
}

#[test]
fn acceptance_rules() {
    let mut two_photos = acceptance();
    two_photos["photo"] = json!([{ "name": "a.jpg", "size": "1" }, { "name": "b.png", "size": "1" }]);
    let r = eval("poverty-project-acceptance", two_photos);
    assert!(has(&r, "photo", "one_photo"));
    assert_eq!(message(&r, "photo", "one_photo"), "本项目正面全景图片应上传1张，现有2张");
    let mut no_photo = acceptance();
    no_photo["photo"] = json!([]);
    assert!(has(&eval("poverty-project-acceptance", no_photo), "photo", "one_photo"), "none uploaded");
    let mut gif = acceptance();
    gif["photo"] = json!([{ "name": "a.gif", "type": "image/gif", "size": "1" }]);
    assert!(has(&eval("poverty-project-acceptance", gif), "photo", "image_type"));
    let mut few = acceptance();
    few["functions"] = json!(["警务室"]);
    let r = eval("poverty-project-acceptance", few);
    assert!(has(&r, "functions", "has_service_platform") && has(&r, "functions", "has_archive_room"));
    let cases: &[Case] = &[
        (&[("building_area", "599")], "building_area", "building_area_minimum", true, "599 < 600"),
        (&[("city_subsidy", "50.0001")], "city_subsidy", "city_subsidy_standard", true, "one yuan off"),
        (&[("completion_date", "2021-01-01")], "completion_date", "completion_by_deadline", true, "late"),
        (&[("population", "859")], "population", "population_at_least_households", true, "859 people < 860 households"),
        (&[("population", "860")], "population", "population_at_least_households", false, "one person per household"),
        (&[("resident_groups", "0")], "resident_groups", "resident_groups_minimum", true, "no group"),
        (&[("overlap_members", "5")], "overlap_members", "overlap_within_committees", true, "5 > min(5, 4) = 4"),
        (&[("overlap_members", "4")], "overlap_members", "overlap_within_committees", false, "4 = min(5, 4)"),
        (&[("fulltime_staff", "8")], "fulltime_staff", "staffing_standard", true, "8 < ceil(8.6) = 9"),
        (&[("fulltime_staff", "9")], "fulltime_staff", "staffing_standard", false, "9 = 9"),
        (&[("acceptance_opinion", "")], "acceptance_opinion", "required", true, "required"),
        (
            &[("functions", "警务室、图书室")],
            "functions",
            "not_an_option",
            true,
            "图书室 is not listed (图书阅览室 is)",
        ),
    ];
    check_cases("poverty-project-acceptance", &acceptance(), cases);
}

// ---- 附件5: the demonstration project completion -----------------------------------------

#[test]
fn completion_rules() {
    let base = json!({ "county": "开州区", "project_name": "“三事分流”示范", "project_address": "汉丰街道", "building_area": "800",
                       "city_subsidy": "20", "local_funds": "15", "completion_date": "2020-12-20",
                       "performance": "完成3个社区的“三事分流”推广", "highlights": "形成“院坝会”工作法", "acceptance_opinion": "同意验收" });
    assert_eq!(eval("demo-project-completion", base.clone())["values"]["total_funds"], "35", "20 + 15");
    let cases: &[Case] = &[
        (&[("building_area", "599.99")], "building_area", "building_area_minimum", true, "599.99 < 600"),
        (&[("city_subsidy", "50")], "city_subsidy", "city_subsidy_standard", true, "50 ≠ 20"),
        (&[("completion_date", "2021年1月")], "completion_date", "completion_by_deadline", true, "late"),
        (
            &[("completion_date", "2020年12月")],
            "completion_date",
            "completion_by_deadline",
            false,
            "month end is on time",
        ),
        (&[("performance", "")], "performance", "required", true, "required"),
    ];
    check_cases("demo-project-completion", &base, cases);
}

// ---- seed 002: the Jinjiang application -------------------------------------------------

#[test]
fn jinjiang_rules() {
    let base = json!({ "applicant": "梅岭街道桂山社区", "town": "梅岭街道", "project_name": "邻里驿站", "project_type": "邻里互助型",
                       "leader": "陈七", "phone": "0595-85612345", "project_level": "晋江市级", "city_subsidy": "10", "town_subsidy": "3",
                       "social_funds": "2", "application_date": "2023-03-16", "completion_date": "2023年11月30日",
                       "goals": "建成1个邻里驿站，开展12场志愿服务活动，服务居民2000人次",
                       "archive": ["①", "②", "③", "④", "⑤", "⑥", "⑦", "⑧"] });
    let r = eval("jinjiang-governance-application", base.clone());
    assert_eq!(r["values"]["total_budget"], "15", "10 + 3 + 2");
    let cases: &[Case] = &[
        (&[("project_level", "泉州市级")], "city_subsidy", "city_subsidy_for_level", true, "泉州市级 is 5, not 10"),
        (
            &[("project_level", "泉州市级"), ("city_subsidy", "5")],
            "city_subsidy",
            "city_subsidy_for_level",
            false,
            "5 for 泉州市级",
        ),
        (&[("city_subsidy", "5")], "city_subsidy", "city_subsidy_for_level", true, "晋江市级 is 10"),
        (&[("town_subsidy", "")], "town_subsidy", "town_contributes", true, "no town subsidy"),
        (&[("application_date", "2023-03-18")], "application_date", "application_by_deadline", true, "after 3月17日"),
        (&[("application_date", "2023年3月17日")], "application_date", "application_by_deadline", false, "on the day"),
        (&[("completion_date", "2023-12-01")], "completion_date", "completion_by_deadline", true, "after 11月30日"),
        (&[("goals", "加强社区治理，提升服务水平")], "goals", "goals_measurable", true, "no figure in the goals"),
        (&[("goals", "开展十二场活动")], "goals", "goals_measurable", false, "Chinese numerals are a figure"),
        (&[("project_type", "综合型")], "project_type", "not_an_option", true, "not one of the five types"),
        (&[("archive", "①、②、③")], "archive", "archive_complete", true, "3 of 8"),
    ];
    check_cases("jinjiang-governance-application", &base, cases);
}

// ---- seed 001: the service indicators ---------------------------------------------------

fn indicators() -> Value {
    let c = |name: &str,
             t: &str,
             residents: &str,
             workers: &str,
             volunteers: &str,
             orgs: &str,
             fac: &str,
             plat: &str| {
        json!({ "community": name, "community_type": t, "residents": residents, "social_workers": workers,
                "registered_volunteers": volunteers, "social_orgs": orgs, "has_facility": fac, "has_info_platform": plat })
    };
    json!({ "communities": [
        c("万东社区", "城市社区", "9000", "2", "1500", "12", "是", "是"),
        c("新华社区", "城市社区", "8000", "3", "1200", "10", "是", "√"),
        c("黑山村", "农村社区", "3000", "1", "450", "6", "是", "否"),
        c("石林村", "农村社区", "2000", "1", "300", "5", "是", "是"),
    ]})
}

#[test]
fn indicator_aggregates() {
    let r = eval("service-indicators", indicators());
    let v = &r["values"];
    assert_eq!(v["volunteer_rate"], "15.7", "(1500 + 1200 + 450 + 300) ÷ 22000 × 100 = 15.681… → 15.7");
    assert_eq!(v["urban_facility_coverage"], "100.0", "2 of 2");
    assert_eq!(v["urban_platform_coverage"], "100.0", "2 of 2");
    assert_eq!(v["rural_platform_coverage"], "50.0", "1 of 2");
    assert_eq!(v["urban_orgs_per_community"], "11.0", "(12 + 10) ÷ 2");
    assert_eq!(v["rural_orgs_per_community"], "5.5", "(6 + 5) ÷ 2");
}

#[test]
fn indicator_rules() {
    let cases: &[Case] = &[
        (
            &[("communities[0].social_workers", "1")],
            "communities[0].social_workers",
            "social_workers_minimum",
            true,
            "urban: 1 < 2",
        ),
        (
            &[("communities[2].social_workers", "0")],
            "communities[2].social_workers",
            "social_workers_minimum",
            true,
            "rural: 0 < 1",
        ),
        (&[], "communities[2].social_workers", "social_workers_minimum", false, "rural: 1 ≥ 1"),
        (
            &[("communities[0].newly_built", "是"), ("communities[0].residents", "7999")],
            "communities[0].residents",
            "new_community_size",
            true,
            "7999 < 8000",
        ),
        (
            &[("communities[0].newly_built", "是"), ("communities[0].residents", "12000")],
            "communities[0].residents",
            "new_community_size",
            false,
            "12000 within",
        ),
        (
            &[("communities[0].residents", "20000")],
            "communities[0].residents",
            "new_community_size",
            false,
            "not newly built",
        ),
        (
            &[("communities[0].newly_built", "是"), ("communities[0].center_area", "650")],
            "communities[0].center_area",
            "new_center_area",
            true,
            "650 is not about 800",
        ),
        (
            &[("communities[0].newly_built", "是"), ("communities[0].center_area", "800")],
            "communities[0].center_area",
            "new_center_area",
            false,
            "800",
        ),
        (
            &[("communities[1].has_facility", "否")],
            "communities",
            "urban_facility_coverage_target",
            true,
            "1 of 2 = 50% < 100%",
        ),
        (&[("communities[3].has_facility", "×")], "communities", "rural_facility_coverage_target", true, "1 of 2"),
        (
            &[("communities[0].registered_volunteers", "1000")],
            "communities",
            "volunteer_rate_target",
            true,
            "2950 ÷ 22000 = 13.4% < 15%",
        ),
        (&[("communities[1].has_info_platform", "否")], "communities", "urban_platform_target", true, "50% < 60%"),
        (&[("communities[3].has_info_platform", "否")], "communities", "rural_platform_target", true, "0% < 30%"),
        (&[("communities[0].social_orgs", "9")], "communities", "urban_orgs_target", true, "(9 + 10) ÷ 2 = 9.5 < 10"),
        (&[("communities[3].social_orgs", "3")], "communities", "rural_orgs_target", true, "(6 + 3) ÷ 2 = 4.5 < 5"),
        (
            &[("communities[0].has_facility", "也许")],
            "communities[0].has_facility",
            "not_yes_no",
            true,
            "not yes or no",
        ),
    ];
    check_cases("service-indicators", &indicators(), cases);
}
