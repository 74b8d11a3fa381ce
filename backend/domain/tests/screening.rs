//! Screening on small hand-written fixtures in each list format: the parsers, one test per
//! match reason, and the properties every screening result keeps.

use kyc_domain::screening::lists::{ListParseError, parse_ftm_jsonl, parse_ofac_csv, parse_un_xml};
use kyc_domain::screening::{
    BirthDateVerdict, DocumentVerdict, EntryName, ListEntry, MatchReason, NameKind, NationalityVerdict, PersonQuery, ScreeningMatch,
    Screener, Sex, SexVerdict, changed_entries,
};

const SDN: &[u8] = include_bytes!("fixtures/screening/sdn.csv");
const ALT: &[u8] = include_bytes!("fixtures/screening/alt.csv");
const ADD: &[u8] = include_bytes!("fixtures/screening/add.csv");
const UN: &[u8] = include_bytes!("fixtures/screening/un.xml");
const FTM: &[u8] = include_bytes!("fixtures/screening/persons.ftm.jsonl");

fn ofac_entries() -> Vec<ListEntry> {
    parse_ofac_csv(SDN, Some(ALT), Some(ADD)).expect("the OFAC fixture parses")
}

fn all_entries() -> Vec<ListEntry> {
    let mut entries = ofac_entries();
    entries.extend(parse_un_xml(UN).expect("the UN fixture parses"));
    entries.extend(parse_ftm_jsonl(FTM, "fixture").expect("the FtM fixture parses"));
    entries
}

fn screener() -> Screener {
    Screener::new(all_entries())
}

fn person(first: &str, last: &str) -> PersonQuery {
    PersonQuery { first_name: Some(first.to_string()), last_name: Some(last.to_string()), ..PersonQuery::default() }
}

/// The hit on an entity, at any score, so reasons can be checked even below the alert threshold.
fn hit_on(query: &PersonQuery, entity_id: &str) -> ScreeningMatch {
    screener()
        .screen_with_min_score(query, 0)
        .into_iter()
        .find(|found| found.entity_id == entity_id)
        .unwrap_or_else(|| panic!("no hit on {entity_id} for {query:?}"))
}

fn has_reason(found: &ScreeningMatch, wanted: impl Fn(&MatchReason) -> bool) -> bool {
    found.reasons.iter().any(wanted)
}

// --- parsers ---------------------------------------------------------------------------------

#[test]
fn ofac_csv_keeps_individuals_with_their_aliases_remarks_and_programs() {
    let entries = ofac_entries();
    let ids: Vec<&str> = entries.iter().map(|entry| entry.entity_id.as_str()).collect();
    assert_eq!(ids, ["102", "103", "104"], "the company row is left out");
    let tamaz = &entries[0];
    assert_eq!(tamaz.list, "ofac-sdn");
    assert_eq!(tamaz.names[0].family_name.as_deref(), Some("MIKELADZE"));
    assert_eq!(tamaz.names[0].given_names.as_deref(), Some("Tamaz Vakhtangovich"));
    assert_eq!(tamaz.names[1].full, "MIKELADSE, Tamas");
    assert_eq!(tamaz.names[1].kind, NameKind::Alias);
    assert_eq!(tamaz.birth_dates, ["1961-02-12"]);
    assert_eq!(tamaz.nationalities, ["ge"]);
    assert_eq!(tamaz.document_numbers, ["09AA12345"]);
    assert_eq!(tamaz.sex, Some(Sex::Male));
    assert_eq!(tamaz.programs, ["RUSSIA-EO14024", "CYBER2"]);
    assert_eq!(tamaz.countries, ["ge"]);
    let yasin = &entries[1];
    assert_eq!(yasin.birth_dates, ["1970", "1971", "1972"]);
    assert_eq!(yasin.nationalities, ["iq", "sy"]);
    assert_eq!(yasin.names.len(), 3);
}

#[test]
fn ofac_csv_without_alt_and_add_files_still_parses() {
    let entries = parse_ofac_csv(SDN, None, None).expect("sdn alone parses");
    assert_eq!(entries.len(), 3);
    assert!(entries.iter().all(|entry| entry.names.len() == 1));
}

#[test]
fn ofac_csv_with_a_broken_quote_is_an_error_not_a_panic() {
    let error = parse_ofac_csv(b"1,\"DOE, John\",\"individual\"\n", None, None).expect_err("short record");
    assert!(matches!(error, ListParseError::OfacCsv { file: "sdn.csv", record: 1, .. }), "{error}");
}

#[test]
fn un_xml_keeps_individuals_with_aliases_original_script_dates_and_documents() {
    let entries = parse_un_xml(UN).expect("the UN fixture parses");
    assert_eq!(entries.len(), 2, "entities are left out");
    let hamza = &entries[0];
    assert_eq!(hamza.entity_id, "QDi.900");
    assert_eq!(hamza.list, "un");
    let names: Vec<(&str, NameKind)> = hamza.names.iter().map(|name| (name.full.as_str(), name.kind)).collect();
    assert_eq!(
        names,
        [
            ("HAMZA QASIM AL-BAYATI", NameKind::Primary),
            ("Hamza Kasim al-Bayyati", NameKind::Alias),
            ("Abu Qasim", NameKind::WeakAlias),
            ("حمزة قاسم البياتي", NameKind::OriginalScript),
        ]
    );
    assert_eq!(hamza.birth_dates, ["1968-04-01"]);
    assert_eq!(hamza.nationalities, ["iq"]);
    assert_eq!(hamza.document_numbers, ["A 1234567"]);
    assert_eq!(hamza.programs, ["UN Al-Qaida"]);
    assert_eq!(hamza.countries, ["sy"]);
    let eric = &entries[1];
    assert_eq!(eric.birth_dates, ["1973", "1974"]);
    assert!(eric.nationalities.is_empty(), "\"na\" is not a nationality");
}

#[test]
fn un_xml_that_is_not_xml_is_an_error() {
    assert!(matches!(parse_un_xml(b"\xff\xfe not xml"), Err(ListParseError::UnXml { .. })));
    assert!(matches!(parse_un_xml(b"<OTHER_LIST/>"), Err(ListParseError::UnXml { .. })));
}

#[test]
fn ftm_jsonl_keeps_persons_with_scripts_weak_aliases_and_sanction_programs() {
    let entries = parse_ftm_jsonl(FTM, "fixture").expect("the FtM fixture parses");
    assert_eq!(entries.len(), 2, "the organisation is left out");
    let davit = &entries[0];
    assert_eq!(davit.list, "fixture");
    let kinds: Vec<NameKind> = davit.names.iter().map(|name| name.kind).collect();
    assert_eq!(kinds, [NameKind::Primary, NameKind::OriginalScript, NameKind::OriginalScript, NameKind::WeakAlias]);
    assert_eq!(davit.names[0].family_name.as_deref(), Some("Kiknadze"));
    assert_eq!(davit.birth_dates, ["1979-09"]);
    assert_eq!(davit.programs, ["GLOMAG"]);
    assert_eq!(davit.topics, ["role.pep"]);
    assert_eq!(davit.document_numbers, ["01008012345"]);
    assert_eq!(entries[1].nationalities, ["ru"], "citizenship counts as nationality");
}

#[test]
fn ftm_jsonl_entity_without_id_is_an_error_naming_the_line() {
    let error = parse_ftm_jsonl(b"\n{\"schema\":\"Person\",\"properties\":{}}\n", "x").expect_err("no id");
    assert_eq!(error, ListParseError::FtmJson { line: 2, message: "entity without an \"id\"".to_string() });
}

#[test]
fn entries_round_trip_through_json() {
    for entry in all_entries() {
        let json = serde_json::to_string(&entry).expect("serialises");
        let back: ListEntry = serde_json::from_str(&json).expect("deserialises");
        assert_eq!(back, entry);
    }
}

// --- one test per reason ---------------------------------------------------------------------

#[test]
fn the_same_name_as_the_primary_name_is_an_exact_match() {
    let found = hit_on(&person("SVETLANA", "ORLOVA"), "fx-4");
    assert!(has_reason(&found, |reason| *reason == MatchReason::Exact), "{:?}", found.reasons);
    assert!(found.score >= screener().alert_threshold());
}

#[test]
fn a_match_on_an_alias_says_which_alias() {
    let found = hit_on(&person("Hamza Kasim", "al-Bayyati"), "QDi.900");
    assert_eq!(found.matched_name, "Hamza Kasim al-Bayyati");
    assert!(has_reason(&found, |reason| matches!(reason, MatchReason::Alias { alias } if alias == "Hamza Kasim al-Bayyati")));
    assert!(!has_reason(&found, |reason| *reason == MatchReason::Exact));
}

#[test]
fn forms_of_one_name_across_languages_are_equivalent() {
    let found = hit_on(&person("DOVUD", "KIKNADZE"), "fx-1");
    assert!(
        has_reason(&found, |reason| matches!(reason, MatchReason::Equivalent { query, list } if query == "dovud" && list.starts_with("davi"))),
        "{:?}",
        found.reasons
    );
}

#[test]
fn a_german_romanisation_is_a_transliteration() {
    let found = hit_on(&person("Swetlana", "Orlowa"), "fx-4");
    assert!(has_reason(&found, |reason| matches!(reason, MatchReason::Transliteration { list, .. } if list == "orlova")), "{:?}", found.reasons);
    assert!(found.score >= screener().alert_threshold());
}

#[test]
fn a_spelling_that_sounds_the_same_is_phonetic() {
    let found = hit_on(&person("Zvetlanah", "Orlova"), "fx-4");
    assert!(has_reason(&found, |reason| matches!(reason, MatchReason::Phonetic { query, .. } if query == "zvetlanah")), "{:?}", found.reasons);
}

#[test]
fn jon_smith_is_a_one_edit_fuzzy_match_for_john_smith() {
    let found = hit_on(&person("JON", "SMITH"), "104");
    assert!(has_reason(&found, |reason| matches!(reason, MatchReason::Fuzzy { edits: 1, query, .. } if query == "jon")));
    assert!(found.score >= screener().alert_threshold(), "score {}", found.score);
}

#[test]
fn a_lone_initial_is_an_initials_match() {
    let found = hit_on(&person("J", "SMITH"), "104");
    assert!(has_reason(&found, |reason| matches!(reason, MatchReason::Initials { query, list } if query == "j" && list == "john")));
}

#[test]
fn given_and_family_names_in_swapped_fields_are_an_order_swap() {
    let found = hit_on(&person("MIKELADZE", "TAMAZ"), "102");
    assert!(has_reason(&found, |reason| *reason == MatchReason::OrderSwap), "{:?}", found.reasons);
    assert!(found.score >= screener().alert_threshold());
}

#[test]
fn a_patronymic_missing_from_the_document_is_a_missing_name_part() {
    let found = hit_on(&person("TAMAZ", "MIKELADZE"), "102");
    assert!(has_reason(&found, |reason| matches!(reason, MatchReason::MissingNamePart { part } if part == "vakhtangovich")));
    assert!(found.score >= screener().alert_threshold(), "omission is not contradiction: {}", found.score);
}

#[test]
fn birth_dates_give_a_verdict_and_a_distant_one_clears_the_alert() {
    let same_day = PersonQuery { birth_date: Some("1961-02-12".into()), ..person("TAMAZ", "MIKELADZE") };
    let found = hit_on(&same_day, "102");
    assert!(has_reason(&found, |reason| *reason == MatchReason::BirthDate { verdict: BirthDateVerdict::Exact }));
    let distant = PersonQuery { birth_date: Some("1990-07-01".into()), ..person("TAMAZ", "MIKELADZE") };
    let cleared = hit_on(&distant, "102");
    assert!(has_reason(&cleared, |reason| *reason == MatchReason::BirthDate { verdict: BirthDateVerdict::Different }));
    assert!(cleared.score < found.score);
    assert!(cleared.score < screener().alert_threshold(), "score {}", cleared.score);
}

#[test]
fn an_mrz_nationality_code_is_compared_with_the_listed_nationality() {
    let query = PersonQuery { nationality: Some("GEO".into()), ..person("TAMAZ", "MIKELADZE") };
    let found = hit_on(&query, "102");
    assert!(has_reason(&found, |reason| *reason == MatchReason::Nationality { verdict: NationalityVerdict::Match }));
}

#[test]
fn a_different_sex_is_a_verdict_that_lowers_the_score() {
    let neutral = hit_on(&person("SVETLANA", "ORLOVA"), "fx-4");
    let query = PersonQuery { sex: Some(Sex::Male), ..person("SVETLANA", "ORLOVA") };
    let found = hit_on(&query, "fx-4");
    assert!(has_reason(&found, |reason| *reason == MatchReason::Sex { verdict: SexVerdict::Different }));
    assert!(found.score < neutral.score);
}

#[test]
fn an_equal_document_number_is_strong_evidence() {
    let weak_name = person("T", "MIKELADZE");
    let without = hit_on(&weak_name, "102");
    let with_document = hit_on(&PersonQuery { document_number: Some("09aa 12345".into()), ..weak_name }, "102");
    assert!(has_reason(&with_document, |reason| *reason == MatchReason::DocumentNumber { verdict: DocumentVerdict::Match }));
    assert!(with_document.score > without.score);
}

#[test]
fn only_a_listed_document_number_reaches_score_100() {
    let everything_but_the_document = PersonQuery {
        birth_date: Some("1961-02-12".into()),
        nationality: Some("GEO".into()),
        sex: Some(Sex::Male),
        ..person("TAMAZ VAKHTANGOVICH", "MIKELADZE")
    };
    let found = hit_on(&everything_but_the_document, "102");
    assert_eq!(found.score, 99, "{:?}", found.reasons);
    let with_document = PersonQuery { document_number: Some("09AA12345".into()), ..everything_but_the_document };
    assert_eq!(hit_on(&with_document, "102").score, 100);
}

fn single_entry_screener(names: &[&str], birth_date: &str) -> Screener {
    let entry = ListEntry {
        entity_id: "s-1".into(),
        list: "fixture".into(),
        names: names.iter().enumerate().map(|(index, name)| EntryName::new(*name, if index == 0 { NameKind::Primary } else { NameKind::Alias })).collect(),
        birth_dates: vec![birth_date.into()],
        ..ListEntry::default()
    };
    let mut entries = all_entries();
    entries.push(entry);
    Screener::new(entries)
}

#[test]
fn an_initial_finds_its_person_among_hundreds_sharing_the_family_name() {
    let mut entries: Vec<ListEntry> = (0..400)
        .map(|index| ListEntry {
            entity_id: format!("h-{index}"),
            list: "fixture".into(),
            names: vec![EntryName::with_parts(format!("HASSAN, Name{index}"), NameKind::Primary, &format!("Name{index}"), "Hassan")],
            ..ListEntry::default()
        })
        .collect();
    entries.push(ListEntry {
        entity_id: "jamil".into(),
        list: "fixture".into(),
        names: vec![EntryName::with_parts("HASSAN, Jamil", NameKind::Primary, "Jamil", "Hassan")],
        birth_dates: vec!["1953-02-27".into()],
        ..ListEntry::default()
    });
    let screener = Screener::new(entries);
    let query = PersonQuery { birth_date: Some("1953-02-27".into()), ..person("J", "HASSAN") };
    let hits = screener.screen(&query);
    assert_eq!(hits.first().map(|hit| hit.entity_id.as_str()), Some("jamil"), "{hits:?}");
}

#[test]
fn a_name_of_two_very_common_tokens_is_still_found_in_a_large_index() {
    // More than COMMON_TOKEN_POSTINGS names share "Muhammad": it may only mark names that the
    // rarer "Ali" reached, and the listed "Muhammad Ali" must still come out on top.
    let mut entries: Vec<ListEntry> = (0..20_100)
        .map(|index| ListEntry {
            entity_id: format!("m-{index}"),
            list: "fixture".into(),
            names: vec![EntryName::with_parts(format!("FAMILY{index}, Muhammad"), NameKind::Primary, "Muhammad", &format!("Family{index}"))],
            ..ListEntry::default()
        })
        .collect();
    entries.push(ListEntry {
        entity_id: "target".into(),
        list: "fixture".into(),
        names: vec![EntryName::with_parts("ALI, Muhammad", NameKind::Primary, "Muhammad", "Ali")],
        birth_dates: vec!["1970-01-01".into()],
        ..ListEntry::default()
    });
    let screener = Screener::new(entries);
    let query = PersonQuery { birth_date: Some("1970-01-01".into()), ..person("MUHAMMAD", "ALI") };
    assert_eq!(screener.screen(&query).first().map(|hit| hit.entity_id.as_str()), Some("target"));
}

#[test]
fn a_listed_single_name_matched_exactly_alerts_with_its_birth_year() {
    let screener = single_entry_screener(&["MATIULLAH"], "1974");
    let query = PersonQuery { native_names: vec!["Matiullah".into()], birth_date: Some("1974".into()), ..PersonQuery::default() };
    assert!(screener.screen(&query).iter().any(|hit| hit.entity_id == "s-1"), "{:?}", screener.screen_with_min_score(&query, 0));
}

#[test]
fn an_arabic_script_name_finds_its_latin_listing_by_its_consonants() {
    let screener = single_entry_screener(&["Yusuf Barzani"], "1970-05-01");
    let query = PersonQuery { native_names: vec!["يوسف برزاني".into()], birth_date: Some("1970-05-01".into()), ..PersonQuery::default() };
    let hit = screener.screen_with_min_score(&query, 0).into_iter().find(|hit| hit.entity_id == "s-1").expect("a hit on the entry");
    assert!(has_reason(&hit, |reason| matches!(reason, MatchReason::Transliteration { .. })), "{:?}", hit.reasons);
    assert!(hit.score >= screener.alert_threshold(), "score {}", hit.score);
}

// --- screening as a whole --------------------------------------------------------------------

#[test]
fn a_georgian_name_from_the_document_front_matches_the_latin_listing() {
    let query = PersonQuery { native_names: vec!["დავით კიკნაძე".into()], ..PersonQuery::default() };
    let hits = screener().screen(&query);
    assert_eq!(hits.first().map(|hit| hit.entity_id.as_str()), Some("fx-1"));
}

#[test]
fn an_arabic_original_script_name_matches() {
    let query = PersonQuery { native_names: vec!["حمزة قاسم البياتي".into()], ..PersonQuery::default() };
    assert!(screener().screen(&query).iter().any(|hit| hit.entity_id == "QDi.900"));
}

#[test]
fn an_unrelated_person_raises_no_alert() {
    let query = PersonQuery { birth_date: Some("1990-01-01".into()), ..person("Lasha", "Gogoladze") };
    assert!(screener().screen(&query).is_empty());
}

#[test]
fn results_are_sorted_by_score_and_never_below_the_threshold() {
    let screener = screener();
    let hits = screener.screen(&person("John", "Smith"));
    assert!(!hits.is_empty());
    assert!(hits.windows(2).all(|pair| pair[0].score >= pair[1].score));
    assert!(hits.iter().all(|hit| hit.score >= screener.alert_threshold()));
}

#[test]
fn reasons_serialise_as_tagged_objects() {
    let json = serde_json::to_value(MatchReason::Fuzzy { query: "jon".into(), list: "john".into(), edits: 1 }).expect("serialises");
    assert_eq!(json, serde_json::json!({"kind": "fuzzy", "query": "jon", "list": "john", "edits": 1}));
    let json = serde_json::to_value(MatchReason::BirthDate { verdict: BirthDateVerdict::SameYear }).expect("serialises");
    assert_eq!(json, serde_json::json!({"kind": "birth_date", "verdict": "same_year"}));
}

#[test]
fn changed_entries_are_the_added_and_the_modified_ones() {
    let old = all_entries();
    let mut new = old.clone();
    new[0].birth_dates.push("1962".into());
    new.remove(1);
    let added = ListEntry { entity_id: "new-1".into(), list: "ofac-sdn".into(), ..ListEntry::default() };
    new.push(added.clone());
    let changed = changed_entries(&old, &new);
    assert_eq!(changed, vec![new[0].clone(), added]);
}

#[test]
fn the_screener_can_be_shared_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Screener>();
}

mod properties {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]

        #[test]
        fn parsers_never_panic_on_arbitrary_bytes(bytes in proptest::collection::vec(any::<u8>(), 0..400)) {
            let _ = parse_ofac_csv(&bytes, Some(&bytes), Some(&bytes));
            let _ = parse_un_xml(&bytes);
            let _ = parse_ftm_jsonl(&bytes, "fuzz");
        }

        #[test]
        fn screening_any_name_gives_scores_within_range(first in "\\PC{0,20}", last in "\\PC{0,20}") {
            let screener = screener();
            for hit in screener.screen_with_min_score(&person(&first, &last), 0) {
                prop_assert!(hit.score <= 100);
            }
        }
    }
}
