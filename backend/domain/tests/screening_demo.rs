//! The demo list: its four demo customers alert, ordinary customers of the region do not.

use kyc_domain::screening::lists::parse_ftm_jsonl;
use kyc_domain::screening::{PersonQuery, Screener, Sex};

const DEMO_LIST: &[u8] = include_bytes!("../data/demo-sanctions.ftm.jsonl");

fn demo_screener() -> Screener {
    Screener::new(parse_ftm_jsonl(DEMO_LIST, "demo").expect("the demo list parses"))
}

/// A customer as an MRZ reads them: Latin capitals, full birth date, alpha-3 nationality.
fn customer(first: &str, last: &str, birth_date: &str, nationality: &str, sex: Sex) -> PersonQuery {
    PersonQuery {
        first_name: Some(first.to_string()),
        last_name: Some(last.to_string()),
        birth_date: Some(birth_date.to_string()),
        nationality: Some(nationality.to_string()),
        sex: Some(sex),
        ..PersonQuery::default()
    }
}

fn top_hit(screener: &Screener, query: &PersonQuery) -> Option<(String, u8)> {
    screener.screen(query).first().map(|hit| (hit.entity_id.clone(), hit.score))
}

#[test]
fn the_demo_list_holds_twenty_five_fictional_persons_with_sanctions_and_peps() {
    let entries = parse_ftm_jsonl(DEMO_LIST, "demo").expect("the demo list parses");
    assert_eq!(entries.len(), 25);
    assert!(entries.iter().all(|entry| entry.list == "demo"));
    assert!(entries.iter().any(|entry| entry.topics.contains(&"role.pep".to_string())));
    assert!(entries.iter().any(|entry| entry.topics.contains(&"sanction".to_string()) && !entry.programs.is_empty()));
}

#[test]
fn the_four_demo_customers_alert_on_their_entries() {
    let screener = demo_screener();
    let cases = [
        (customer("GIORGI", "BERIDZE", "1971-03-14", "GEO", Sex::Male), "demo-p001"),
        (customer("OLEKSANDR", "KOVALENKO", "1966-11-02", "UKR", Sex::Male), "demo-p002"),
        (customer("AHMAD HASSAN", "AL RASHID", "1975", "SYR", Sex::Male), "demo-p003"),
        (customer("NINO", "KAPANADZE", "1980-06-21", "GEO", Sex::Female), "demo-p004"),
    ];
    for (query, expected) in cases {
        let top = top_hit(&screener, &query);
        assert_eq!(top.as_ref().map(|(id, _)| id.as_str()), Some(expected), "{query:?} gave {top:?}");
    }
}

#[test]
fn the_pep_demo_customer_is_flagged_as_a_pep() {
    let hits = demo_screener().screen(&customer("NINO", "KAPANADZE", "1980-06-21", "GEO", Sex::Female));
    assert!(hits[0].topics.contains(&"role.pep".to_string()));
}

#[test]
fn the_georgian_front_side_name_alone_finds_the_demo_customer() {
    let query = PersonQuery { native_names: vec!["გიორგი ბერიძე".to_string()], ..PersonQuery::default() };
    assert_eq!(top_hit(&demo_screener(), &query).map(|(id, _)| id), Some("demo-p001".to_string()));
}

#[test]
fn ordinary_customers_of_the_region_raise_no_alert() {
    let screener = demo_screener();
    let ordinary = [
        customer("GIORGI", "MAISURADZE", "1985-02-11", "GEO", Sex::Male),
        customer("NINO", "GELASHVILI", "1992-09-30", "GEO", Sex::Female),
        customer("TAMAR", "LOMIDZE", "1979-04-04", "GEO", Sex::Female),
        customer("LEVAN", "KHARATISHVILI", "1988-12-01", "GEO", Sex::Male),
        customer("OLEKSANDR", "SHEVCHENKO", "1975-06-18", "UKR", Sex::Male),
        customer("OKSANA", "BONDARENKO", "1990-03-22", "UKR", Sex::Female),
        customer("MEHMET", "YILMAZ", "1983-07-07", "TUR", Sex::Male),
        customer("AYSE", "KAYA", "1991-01-15", "TUR", Sex::Female),
        customer("HANS", "MUELLER", "1970-10-10", "D", Sex::Male),
        customer("AHMAD", "KHALIL", "1986-05-05", "JOR", Sex::Male),
        customer("FATIMA", "HADDAD", "1994-08-19", "LBN", Sex::Female),
        customer("ARMEN", "PETROSYAN", "1982-02-02", "ARM", Sex::Male),
    ];
    for query in ordinary {
        let hits = screener.screen(&query);
        assert!(hits.is_empty(), "{query:?} alerted on {hits:?}");
    }
}
