//! Client hints correct what the reduced user agent hides: Windows 11, the Android model and
//! version, the macOS version, and the form factor.

use kyc_domain::user_agent::{ClientHints, DeviceType, UserAgentSummarizer};
use std::sync::LazyLock;

static SUMMARIZER: LazyLock<UserAgentSummarizer> =
    LazyLock::new(|| UserAgentSummarizer::embedded().expect("the vendored regexes load"));

const EDGE_WINDOWS: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67";
const REDUCED_ANDROID: &str = "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36";
const CHROME_MAC: &str = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";
const DESKTOP_MODE_TABLET: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36";

fn hints(platform: &str, platform_version: &str) -> ClientHints {
    ClientHints {
        platform: Some(platform.into()),
        platform_version: Some(platform_version.into()),
        ..ClientHints::default()
    }
}

#[test]
fn windows_11_is_told_from_windows_10_by_the_platform_version() {
    let eleven =
        SUMMARIZER.summarize_with_client_hints(EDGE_WINDOWS, &hints("\"Windows\"", "\"15.0.0\""));
    assert_eq!(eleven.os, "Windows 11");
    let ten =
        SUMMARIZER.summarize_with_client_hints(EDGE_WINDOWS, &hints("\"Windows\"", "\"10.0.0\""));
    assert_eq!(ten.os, "Windows 10");
    assert_eq!(eleven.browser, "Edge 124");
    assert_eq!(eleven.device_type, DeviceType::Pc);
}

#[test]
fn the_android_model_and_version_come_back_from_the_hints() {
    let with_hints = ClientHints {
        model: Some("\"SM-S918B\"".into()),
        mobile: Some("?1".into()),
        ..hints("\"Android\"", "\"14.0.0\"")
    };
    let summary = SUMMARIZER.summarize_with_client_hints(REDUCED_ANDROID, &with_hints);
    assert_eq!(summary.device_name, "Samsung SM-S918B");
    assert_eq!(summary.os, "Android 14");
    assert_eq!(summary.device_type, DeviceType::Mobile);
    let pixel = ClientHints { model: Some("Pixel 8".into()), ..ClientHints::default() };
    assert_eq!(
        SUMMARIZER.summarize_with_client_hints(REDUCED_ANDROID, &pixel).device_name,
        "Google Pixel 8"
    );
}

#[test]
fn the_real_macos_version_replaces_the_frozen_one() {
    let summary =
        SUMMARIZER.summarize_with_client_hints(CHROME_MAC, &hints("\"macOS\"", "\"14.4.1\""));
    assert_eq!(summary.os, "macOS 14.4.1");
}

#[test]
fn the_form_factor_settles_the_device_type() {
    let tablet = ClientHints { form_factors: Some("\"Tablet\"".into()), ..ClientHints::default() };
    assert_eq!(
        SUMMARIZER.summarize_with_client_hints(DESKTOP_MODE_TABLET, &tablet).device_type,
        DeviceType::Tablet
    );
    let headset =
        ClientHints { form_factors: Some("\"XR\", \"Desktop\"".into()), ..ClientHints::default() };
    assert_eq!(
        SUMMARIZER.summarize_with_client_hints(DESKTOP_MODE_TABLET, &headset).device_type,
        DeviceType::Other
    );
}

#[test]
fn mobile_false_says_nothing_about_the_device_type() {
    let not_mobile = ClientHints { mobile: Some("?0".into()), ..ClientHints::default() };
    let plain = SUMMARIZER.summarize(REDUCED_ANDROID);
    assert_eq!(SUMMARIZER.summarize_with_client_hints(REDUCED_ANDROID, &not_mobile), plain);
}

#[test]
fn without_hints_the_summary_is_the_plain_one() {
    for ua in [EDGE_WINDOWS, REDUCED_ANDROID, CHROME_MAC] {
        assert_eq!(
            SUMMARIZER.summarize_with_client_hints(ua, &ClientHints::default()),
            SUMMARIZER.summarize(ua)
        );
    }
}

#[test]
fn bots_keep_their_summary_whatever_hints_they_send() {
    let headless = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.82 Safari/537.36";
    let lies = ClientHints {
        mobile: Some("?1".into()),
        model: Some("Pixel 8".into()),
        ..hints("Android", "14")
    };
    assert_eq!(
        SUMMARIZER.summarize_with_client_hints(headless, &lies),
        SUMMARIZER.summarize(headless)
    );
}

#[test]
fn malformed_hints_are_ignored() {
    let plain = SUMMARIZER.summarize(EDGE_WINDOWS);
    let malformed = [
        hints("\"Windows", "\"15.0.0\""),
        hints("\"Windows\"", "fifteen"),
        hints("\"Windows\" trailing", "\"15\""),
        hints("\"Windows\"", &"9".repeat(500)),
        ClientHints { model: Some("\"\"".into()), ..ClientHints::default() },
        ClientHints { model: Some("\"bad\u{7}\"".into()), ..ClientHints::default() },
        ClientHints {
            mobile: Some("yes".into()),
            form_factors: Some("\"Fridge\"".into()),
            ..ClientHints::default()
        },
    ];
    for hints in &malformed {
        assert_eq!(SUMMARIZER.summarize_with_client_hints(EDGE_WINDOWS, hints), plain, "{hints:?}");
    }
}

#[test]
fn escaped_quotes_in_a_model_are_unescaped() {
    let quoted = ClientHints { model: Some(r#""Model \"X\"""#.into()), ..ClientHints::default() };
    assert_eq!(
        SUMMARIZER.summarize_with_client_hints(REDUCED_ANDROID, &quoted).device_name,
        "Model \"X\""
    );
}
