//! Property tests: the engine never panics, build→check round-trips, single-character
//! changes under a check digit are caught (outside the documented blind spot), and repair
//! never proposes anything but the original.

use chrono::{Days, NaiveDate};
use kyc_domain::mrz::build::{MrzDocument, build};
use kyc_domain::mrz::{self, MrzFormat, char_value};
use proptest::prelude::*;
use proptest::sample::select;

fn today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 25).expect("a real date")
}

const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789<";

fn alphanumeric(min: usize, max: usize) -> impl Strategy<Value = String> {
    proptest::string::string_regex(&format!("[A-Z0-9]{{{min},{max}}}")).expect("a valid regex")
}

fn name(max_words: usize) -> impl Strategy<Value = String> {
    proptest::collection::vec("[A-Z]{1,6}", 1..=max_words).prop_map(|words| words.join(" "))
}

fn states() -> Vec<&'static str> {
    mrz::all_known_codes().collect()
}

fn birth_date() -> impl Strategy<Value = NaiveDate> {
    // Up to 99 years back: a two-digit year cannot say more.
    (0u64..36_000).prop_map(|days| today() - Days::new(days))
}

fn expiry_date() -> impl Strategy<Value = NaiveDate> {
    (0u64..36_000).prop_map(|days| today() - Days::new(18_000) + Days::new(days))
}

fn sex() -> impl Strategy<Value = char> {
    select(vec!['M', 'F', '<'])
}

/// Documents of every ICAO format, with data that fits their fields without truncation.
fn icao_document() -> impl Strategy<Value = MrzDocument> {
    let format = select(vec![MrzFormat::Td1, MrzFormat::Td2, MrzFormat::Td3, MrzFormat::MrvA, MrzFormat::MrvB]);
    (format, select(states()), select(states()), name(2), name(2), birth_date(), sex(), expiry_date())
        .prop_flat_map(|(format, issuing, nationality, last, first, birth, sex, expiry)| {
            let (code, number, personal, optional) = match format {
                MrzFormat::Td1 => (select(vec!["I", "ID", "AC", "C"]).boxed(), alphanumeric(1, 13).boxed(), alphanumeric(0, 11).boxed(), alphanumeric(0, 9).boxed()),
                MrzFormat::Td2 => (select(vec!["I", "IR", "AC"]).boxed(), alphanumeric(1, 9).boxed(), alphanumeric(0, 0).boxed(), alphanumeric(0, 7).boxed()),
                MrzFormat::Td3 => (select(vec!["P", "PP", "PO"]).boxed(), alphanumeric(1, 9).boxed(), alphanumeric(0, 14).boxed(), alphanumeric(0, 0).boxed()),
                MrzFormat::MrvA => (select(vec!["V", "VA"]).boxed(), alphanumeric(1, 9).boxed(), alphanumeric(0, 0).boxed(), alphanumeric(0, 16).boxed()),
                _ => (select(vec!["V", "VB"]).boxed(), alphanumeric(1, 9).boxed(), alphanumeric(0, 0).boxed(), alphanumeric(0, 8).boxed()),
            };
            (Just(format), code, number, personal, optional).prop_map(move |(format, code, number, personal, optional)| MrzDocument {
                format,
                document_code: code.to_owned(),
                issuing_state: issuing.to_owned(),
                last_name: last.clone(),
                first_name: first.clone(),
                document_number: number,
                nationality: nationality.to_owned(),
                birth_date: birth,
                sex,
                expiration_date: expiry,
                personal_number: personal,
                optional,
            })
        })
}

/// TD2 numbers of 10 to 14 characters overflow into an otherwise empty optional field.
fn long_td2_document() -> impl Strategy<Value = MrzDocument> {
    (icao_document(), alphanumeric(10, 14)).prop_map(|(doc, number)| MrzDocument {
        format: MrzFormat::Td2,
        document_code: "I".to_owned(),
        document_number: number,
        optional: String::new(),
        personal_number: String::new(),
        ..doc
    })
}

fn national_document() -> impl Strategy<Value = MrzDocument> {
    (icao_document(), select(vec![MrzFormat::FrenchNationalId, MrzFormat::FrenchDrivingLicense, MrzFormat::SwissDrivingLicense]), "[A-Z]{3}", "[0-9]{3}", select(vec!['D', 'F', 'I', 'R']), "[0-9]{12}", alphanumeric(8, 8), "[0-9]{5}")
        .prop_map(|(doc, format, letters, digits, language, pin, alnum, serial)| match format {
            MrzFormat::FrenchNationalId => {
                let issued = doc.expiration_date.min(today()).format("%y%m").to_string();
                MrzDocument { format, document_code: "ID".into(), issuing_state: "FRA".into(), document_number: format!("{issued}{}{serial}", &alnum[..3]), optional: alnum[2..8].to_owned(), ..doc }
            }
            MrzFormat::FrenchDrivingLicense => MrzDocument { format, document_code: "D1".into(), issuing_state: "FRA".into(), document_number: format!("{alnum}{}", &digits[..1]), last_name: doc.last_name.replace(' ', "").chars().take(8).collect(), ..doc },
            _ => MrzDocument { format, document_code: "FA".into(), issuing_state: "CHE".into(), document_number: format!("{letters}{digits}{language}"), personal_number: pin, ..doc },
        })
}

fn any_document() -> impl Strategy<Value = MrzDocument> {
    prop_oneof![4 => icao_document(), 1 => long_td2_document(), 2 => national_document()]
}

/// Positions covered by at least one check digit, check digits included.
fn covered(format: MrzFormat, line: usize, position: usize) -> bool {
    let within = |ranges: &[(usize, usize, usize)]| ranges.iter().any(|&(l, s, e)| l == line && (s..e).contains(&position));
    match format {
        MrzFormat::Td1 => within(&[(0, 5, 30), (1, 0, 7), (1, 8, 15), (1, 18, 30)]),
        MrzFormat::Td2 => within(&[(1, 0, 10), (1, 13, 20), (1, 21, 36)]),
        MrzFormat::Td3 => within(&[(1, 0, 10), (1, 13, 20), (1, 21, 44)]),
        MrzFormat::MrvA | MrzFormat::MrvB => within(&[(1, 0, 10), (1, 13, 20), (1, 21, 28)]),
        MrzFormat::FrenchNationalId => within(&[(0, 0, 36), (1, 0, 36)]),
        MrzFormat::FrenchDrivingLicense => within(&[(0, 0, 30)]),
        MrzFormat::SwissDrivingLicense => false,
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn arbitrary_text_never_panics(input in any::<String>()) {
        let _ = mrz::check(&input, today());
    }

    #[test]
    fn arbitrary_lines_of_mrz_characters_and_mrz_lengths_never_panic(
        lines in proptest::collection::vec(
            (select(vec![9usize, 30, 36, 44, 29, 0]), proptest::collection::vec(select(ALPHABET.to_vec()), 44)),
            0..4,
        )
    ) {
        let lines: Vec<String> = lines.into_iter().map(|(len, bytes)| bytes[..len].iter().map(|&b| char::from(b)).collect()).collect();
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let _ = mrz::check_lines(&borrowed, today());
        let _ = mrz::repair(&borrowed, today());
    }

    #[test]
    fn arbitrary_bytes_as_lines_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..200)) {
        let text = String::from_utf8_lossy(&bytes);
        let lines: Vec<&str> = text.split('|').collect();
        let _ = mrz::check_lines(&lines, today());
        let _ = mrz::repair(&lines, today());
    }

    #[test]
    fn a_built_document_checks_valid_with_the_data_it_was_built_from(doc in any_document()) {
        let lines = build(&doc);
        let borrowed: Vec<&str> = lines.iter().map(String::as_str).collect();
        let report = mrz::check_lines(&borrowed, today()).expect("built lines are usable").record();
        let errors: Vec<_> = report.errors().collect();
        prop_assert!(report.valid, "{lines:?}: {errors:#?}");
        prop_assert_eq!(report.format, doc.format);
        let fields = &report.fields;
        prop_assert_eq!(fields.document_code.as_deref(), Some(doc.document_code.as_str()));
        prop_assert_eq!(fields.issuing_state.as_deref(), Some(doc.issuing_state.as_str()));
        prop_assert_eq!(fields.last_name.as_deref(), Some(doc.last_name.as_str()));
        if doc.format != MrzFormat::FrenchDrivingLicense {
            prop_assert_eq!(fields.first_name.as_deref(), Some(doc.first_name.as_str()));
            prop_assert_eq!(fields.birth_date.clone().map(String::from), Some(doc.birth_date.to_string()));
        }
        match doc.format {
            MrzFormat::FrenchNationalId => prop_assert_eq!(report.document_number.as_deref(), Some(doc.document_number.as_str())),
            MrzFormat::SwissDrivingLicense => prop_assert_eq!(report.document_number.as_deref(), Some(doc.personal_number.as_str())),
            _ => prop_assert_eq!(fields.document_number.as_deref(), Some(doc.document_number.as_str())),
        }
        if !matches!(doc.format, MrzFormat::FrenchNationalId | MrzFormat::SwissDrivingLicense) {
            prop_assert_eq!(fields.expiration_date.clone().map(String::from), Some(doc.expiration_date.to_string()));
        }
        let expected_sex = match doc.sex { 'M' => "male", 'F' => "female", _ => "nonspecified" };
        if !matches!(doc.format, MrzFormat::FrenchDrivingLicense | MrzFormat::SwissDrivingLicense) {
            prop_assert_eq!(fields.sex.as_deref(), Some(expected_sex));
        }
        if matches!(doc.format, MrzFormat::Td1 | MrzFormat::Td2 | MrzFormat::Td3 | MrzFormat::MrvA | MrzFormat::MrvB) {
            prop_assert_eq!(fields.nationality.as_deref(), Some(doc.nationality.as_str()));
        }
        match doc.format {
            MrzFormat::Td1 => {
                prop_assert_eq!(fields.optional1.as_deref(), Some(doc.optional.as_str()));
                prop_assert_eq!(fields.optional2.as_deref(), Some(doc.personal_number.as_str()));
            }
            MrzFormat::Td2 | MrzFormat::MrvA | MrzFormat::MrvB => prop_assert_eq!(fields.optional.as_deref(), Some(doc.optional.as_str())),
            MrzFormat::Td3 => prop_assert_eq!(fields.personal_number.as_deref(), Some(doc.personal_number.as_str())),
            _ => {}
        }
    }

    #[test]
    fn a_single_change_under_a_check_digit_is_caught_unless_congruent_modulo_ten(
        doc in any_document(),
        line_pick in any::<prop::sample::Index>(),
        position_pick in any::<prop::sample::Index>(),
        replacement in select(ALPHABET.to_vec()),
    ) {
        let lines = build(&doc);
        let line = line_pick.index(lines.len());
        let position = position_pick.index(lines[line].len());
        let original = lines[line].as_bytes()[position];
        prop_assume!(covered(doc.format, line, position) && replacement != original);
        let mut changed = lines.clone();
        changed[line].replace_range(position..=position, &char::from(replacement).to_string());
        let borrowed: Vec<&str> = changed.iter().map(String::as_str).collect();
        let Ok(report) = mrz::check_lines(&borrowed, today()) else {
            // Changing the letters that pick the format (e.g. a leading `V`) may make the
            // zone unusable: that is caught too.
            return Ok(());
        };
        let blind_spot = char_value(replacement).zip(char_value(original)).is_some_and(|(a, b)| a % 10 == b % 10);
        prop_assert!(!report.is_valid() || blind_spot, "{changed:?} should be invalid");
    }

    #[test]
    fn repair_of_one_look_alike_misread_gives_back_the_original_or_nothing(
        doc in any_document(),
        pick in any::<prop::sample::Index>(),
    ) {
        let lines = build(&doc);
        let misreadable: Vec<(usize, usize, u8)> = lines
            .iter()
            .enumerate()
            .flat_map(|(line, text)| text.bytes().enumerate().filter_map(move |(position, byte)| misread(byte).map(|m| (line, position, m))))
            .collect();
        prop_assume!(!misreadable.is_empty());
        let (line, position, misread) = misreadable[pick.index(misreadable.len())];
        let mut changed = lines.clone();
        changed[line].replace_range(position..=position, &char::from(misread).to_string());
        let borrowed: Vec<&str> = changed.iter().map(String::as_str).collect();
        if let Some(repaired) = mrz::repair(&borrowed, today()) {
            prop_assert_eq!(&repaired.lines, &lines, "changes {:?}", repaired.changes);
        }
    }
}

/// The usual OCR look-alike of a character, if it has one.
fn misread(byte: u8) -> Option<u8> {
    Some(match byte {
        b'0' => b'O',
        b'O' => b'0',
        b'1' => b'I',
        b'I' => b'1',
        b'5' => b'S',
        b'S' => b'5',
        b'8' => b'B',
        b'B' => b'8',
        b'2' => b'Z',
        b'Z' => b'2',
        _ => return None,
    })
}
