//! TOTP: the RFC 6238 test vectors, the skew window, replay protection, enrolment and its QR code.

use chrono::{DateTime, TimeZone, Utc};
use kyc_domain::accounts::totp::{TOTP_ISSUER, TotpError, TotpKey, TotpParameters, TotpSecret, TotpVerdict};

/// The 20-byte SHA-1 secret of RFC 6238 Appendix B.
const RFC_SECRET: &[u8; 20] = b"12345678901234567890";
/// RFC 6238 Appendix B prints 8-digit codes.
const RFC_PARAMETERS: TotpParameters = TotpParameters { digits: 8, step_seconds: 30 };

/// RFC 6238 Appendix B, the SHA-1 rows: Unix time, 8-digit code.
const RFC_SHA1_VECTORS: [(i64, &str); 6] = [
    (59, "94287082"),
    (1_111_111_109, "07081804"),
    (1_111_111_111, "14050471"),
    (1_234_567_890, "89005924"),
    (2_000_000_000, "69279037"),
    (20_000_000_000, "65353130"),
];

fn at(seconds: i64) -> DateTime<Utc> {
    Utc.timestamp_opt(seconds, 0).single().expect("a valid test time")
}

fn rfc_key() -> TotpKey {
    TotpKey::new(&TotpSecret::from_random(*RFC_SECRET), RFC_PARAMETERS).expect("rfc parameters are valid")
}

fn standard_key() -> TotpKey {
    TotpKey::new(&TotpSecret::from_random(*RFC_SECRET), TotpParameters::STANDARD).expect("standard parameters")
}

#[test]
fn codes_match_the_rfc_6238_sha1_test_vectors() {
    let key = rfc_key();
    for (seconds, code) in RFC_SHA1_VECTORS {
        assert_eq!(key.code_at(at(seconds)).as_deref(), Some(code), "at {seconds}");
    }
}

#[test]
fn each_rfc_vector_is_accepted_at_its_own_step() {
    let key = rfc_key();
    for (seconds, code) in RFC_SHA1_VECTORS {
        let step = u64::try_from(seconds / 30).expect("positive");
        assert_eq!(key.verify(code, at(seconds), None), TotpVerdict::Accepted { step }, "at {seconds}");
    }
}

#[test]
fn the_standard_code_is_the_last_six_digits_of_the_rfc_code() {
    // Same HMAC, fewer digits: the 6-digit code is the 8-digit one modulo 10^6.
    let key = standard_key();
    for (seconds, code) in RFC_SHA1_VECTORS {
        assert_eq!(key.code_at(at(seconds)).as_deref(), Some(&code[2..]), "at {seconds}");
    }
}

#[test]
fn a_code_one_step_early_or_late_is_accepted_with_its_own_step() {
    let key = rfc_key();
    // 94287082 is the code of step 1 (seconds 30 to 59).
    assert_eq!(key.verify("94287082", at(60), None), TotpVerdict::Accepted { step: 1 });
    assert_eq!(key.verify("94287082", at(89), None), TotpVerdict::Accepted { step: 1 });
    assert_eq!(key.verify("94287082", at(0), None), TotpVerdict::Accepted { step: 1 });
    assert_eq!(key.verify("94287082", at(29), None), TotpVerdict::Accepted { step: 1 });
}

#[test]
fn a_code_two_steps_away_is_rejected() {
    let key = rfc_key();
    assert_eq!(key.verify("94287082", at(90), None), TotpVerdict::Rejected);
    let step_40 = key.code_at(at(40 * 30)).expect("a code");
    assert_eq!(key.verify(&step_40, at(38 * 30 + 29), None), TotpVerdict::Rejected);
    assert_eq!(key.verify(&step_40, at(39 * 30), None), TotpVerdict::Accepted { step: 40 });
    assert_eq!(key.verify(&step_40, at(41 * 30 + 29), None), TotpVerdict::Accepted { step: 40 });
    assert_eq!(key.verify(&step_40, at(42 * 30), None), TotpVerdict::Rejected);
}

#[test]
fn a_code_is_accepted_once() {
    let key = standard_key();
    let now = at(1_700_000_000);
    let code = key.code_at(now).expect("a code");
    let TotpVerdict::Accepted { step } = key.verify(&code, now, None) else {
        panic!("the first use must be accepted");
    };
    assert_eq!(key.verify(&code, now, Some(step)), TotpVerdict::Replayed { step });
    assert_eq!(key.verify(&code, at(1_700_000_020), Some(step)), TotpVerdict::Replayed { step });
}

/// A moment 10 s into its time step: the step, its code and the next step's code.
fn a_step_and_the_next(key: &TotpKey) -> (DateTime<Utc>, u64, String, String) {
    let now = at(1_700_000_010);
    let current = key.step_at(now).expect("a step");
    let code = |time| key.code_at(time).expect("a code");
    (now, current, code(now), code(at(1_700_000_040)))
}

#[test]
fn after_a_late_step_is_accepted_earlier_steps_are_replays() {
    let key = standard_key();
    let (now, current, current_code, next_code) = a_step_and_the_next(&key);
    assert_eq!(key.verify(&next_code, now, Some(current - 5)), TotpVerdict::Accepted { step: current + 1 });
    assert_eq!(key.verify(&current_code, now, Some(current + 1)), TotpVerdict::Replayed { step: current });
}

#[test]
fn the_next_steps_code_is_accepted_after_the_current_one() {
    let key = standard_key();
    let (now, current, _, next_code) = a_step_and_the_next(&key);
    assert_eq!(key.verify(&next_code, now, Some(current)), TotpVerdict::Accepted { step: current + 1 });
}

#[test]
fn typed_spaces_and_a_hyphen_are_ignored() {
    let key = standard_key();
    // 287082 is the 6-digit code of step 1.
    for typed in ["287082", "287 082", " 287-082 ", "28 70 82"] {
        assert_eq!(key.verify(typed, at(59), None), TotpVerdict::Accepted { step: 1 }, "{typed:?}");
    }
}

#[test]
fn a_code_of_the_wrong_shape_is_rejected() {
    let key = standard_key();
    for typed in ["", "28708", "2870822", "28708a", "２８７０８２", "287082\u{0}", "94287082"] {
        assert_eq!(key.verify(typed, at(59), None), TotpVerdict::Rejected, "{typed:?}");
    }
}

#[test]
fn a_wrong_code_is_rejected() {
    let key = standard_key();
    assert_eq!(key.verify("287083", at(59), None), TotpVerdict::Rejected);
    let other = TotpKey::new(&TotpSecret::from_random([7; 20]), TotpParameters::STANDARD).expect("key");
    assert_eq!(other.verify("287082", at(59), None), TotpVerdict::Rejected);
}

#[test]
fn a_time_before_1970_makes_no_code() {
    let key = standard_key();
    assert_eq!(key.code_at(at(-1)), None);
    assert_eq!(key.verify("287082", at(-1), None), TotpVerdict::Rejected);
}

#[test]
fn parameters_outside_the_rfc_are_refused() {
    let secret = TotpSecret::from_random(*RFC_SECRET);
    assert!(matches!(
        TotpKey::new(&secret, TotpParameters { digits: 5, step_seconds: 30 }),
        Err(TotpError::Parameters(_))
    ));
    assert!(matches!(
        TotpKey::new(&secret, TotpParameters { digits: 6, step_seconds: 0 }),
        Err(TotpError::Parameters(_))
    ));
}

#[test]
fn the_secret_round_trips_through_base32() {
    let secret = TotpSecret::from_random(*RFC_SECRET);
    // RFC 4648 base32 of "12345678901234567890".
    assert_eq!(secret.to_base32(), "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
    let read_back = TotpSecret::from_base32("gezdgnbvgy3tqojqgezdgnbvgy3tqojq").expect("lower case is fine");
    assert_eq!(read_back.as_bytes(), RFC_SECRET);
    assert_eq!(TotpSecret::from_base32("GEZDGNBVGY3TQOJQ"), Err(TotpError::MalformedSecret));
    assert_eq!(TotpSecret::from_base32("not base32!"), Err(TotpError::MalformedSecret));
    assert_eq!(format!("{secret:?}"), "TotpSecret(<redacted>)");
}

#[test]
fn the_otpauth_url_names_the_issuer_and_the_account() {
    let enrolment = standard_key().enrolment(TOTP_ISSUER, "anna@acme.example").expect("an enrolment");
    assert_eq!(
        enrolment.otpauth_url,
        "otpauth://totp/KYC%20back-office:anna%40acme.example\
         ?secret=GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ&issuer=KYC%20back-office"
    );
    assert_eq!(enrolment.secret, "GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ");
}

#[test]
fn the_otpauth_url_reads_back_as_the_same_authenticator() {
    let enrolment = standard_key().enrolment("Acme KYC", "anna@acme.example").expect("an enrolment");
    let read = totp_rs::Totp::from_url(&enrolment.otpauth_url).expect("a valid otpauth url");
    assert_eq!(read.secret().as_bytes(), RFC_SECRET);
    assert_eq!(read.issuer(), Some("Acme KYC"));
    assert_eq!(read.account_name(), "anna@acme.example");
    assert_eq!(read.digits(), 6);
    assert_eq!(read.step(), 30);
    assert_eq!(read.algorithm(), totp_rs::Algorithm::SHA1);
}

#[test]
fn an_enrolment_needs_a_label_without_colons() {
    let key = standard_key();
    assert_eq!(key.enrolment("Acme: KYC", "anna@acme.example"), Err(TotpError::ColonInLabel));
    assert_eq!(key.enrolment(TOTP_ISSUER, "\"a:b\"@acme.example"), Err(TotpError::ColonInLabel));
    assert_eq!(key.enrolment(TOTP_ISSUER, ""), Err(TotpError::EmptyAccountName));
}

#[test]
fn the_enrolment_never_prints_its_secret() {
    let enrolment = standard_key().enrolment(TOTP_ISSUER, "anna@acme.example").expect("an enrolment");
    assert!(!format!("{enrolment:?}").contains("GEZDGNBV"));
}

#[test]
fn the_qr_code_is_an_svg_that_decodes_to_the_otpauth_url() {
    let enrolment = standard_key().enrolment(TOTP_ISSUER, "anna@acme.example").expect("an enrolment");
    let document = roxmltree::Document::parse(&enrolment.qr_svg).expect("the qr code is well-formed xml");
    assert_eq!(document.root_element().tag_name().name(), "svg");
    let decoded = qr_decode(&document);
    assert_eq!(decoded, enrolment.otpauth_url);
}

/// Paints the SVG's dark rectangles (the renderer draws each as `M{x} {y}h{w}v{h}H{x}V{y}`) on a
/// white canvas and reads it with a QR decoder.
fn qr_decode(document: &roxmltree::Document<'_>) -> String {
    let svg = document.root_element();
    let size = |name: &str| -> usize { svg.attribute(name).and_then(|v| v.parse().ok()).expect("a size") };
    let (width, height) = (size("width"), size("height"));
    let mut canvas = vec![255u8; width * height];
    let path = svg.descendants().find(|node| node.has_tag_name("path")).expect("a path of dark modules");
    assert_eq!(path.attribute("fill"), Some("#000"));
    for rectangle in path.attribute("d").expect("path data").split('M').filter(|part| !part.is_empty()) {
        let numbers: Vec<usize> = rectangle
            .split(|c: char| c.is_ascii_alphabetic() || c == ' ')
            .filter(|part| !part.is_empty())
            .map(|part| part.parse().expect("a coordinate"))
            .collect();
        let [left, top, w, h, ..] = numbers[..] else { panic!("unexpected path segment {rectangle:?}") };
        for y in top..top + h {
            canvas[y * width + left..y * width + left + w].fill(0);
        }
    }
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| canvas[y * width + x]);
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one qr code in the picture");
    let (_, content) = grids[0].decode().expect("a readable qr code");
    content
}
