//! The user-agent summary on a hand-written table of user agents seen in KYC web flows.
//! Each row states what an operator should read on the session page.

use kyc_domain::user_agent::{
    DeviceType, MAX_RAW_USER_AGENT_LEN, UserAgentSummarizer, UserAgentSummary,
};
use std::sync::LazyLock;

static SUMMARIZER: LazyLock<UserAgentSummarizer> =
    LazyLock::new(|| UserAgentSummarizer::embedded().expect("the vendored regexes load"));

struct Row {
    what: &'static str,
    ua: &'static str,
    device_name: &'static str,
    device_type: DeviceType,
    browser: &'static str,
    os: &'static str,
    in_app: Option<&'static str>,
}

const fn row(
    what: &'static str,
    ua: &'static str,
    device_name: &'static str,
    device_type: DeviceType,
    browser: &'static str,
    os: &'static str,
    in_app: Option<&'static str>,
) -> Row {
    Row { what, ua, device_name, device_type, browser, os, in_app }
}

use DeviceType::{Bot, Mobile, Other, Pc, Tablet};

#[rustfmt::skip]
const KYC_TABLE: &[Row] = &[
    row(
        "iPhone Safari",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Apple iPhone", Mobile, "Mobile Safari 17.4", "iOS 17.4.1", None,
    ),
    row(
        "iPhone Chrome",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) CriOS/124.0.6367.88 Mobile/15E148 Safari/604.1",
        "Apple iPhone", Mobile, "Chrome Mobile iOS 124", "iOS 17.4", None,
    ),
    row(
        "Android Chrome, reduced UA",
        "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
        "Android phone", Mobile, "Chrome Mobile 124", "Android (version hidden)", None,
    ),
    row(
        "Android Chrome with a model",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36",
        "Samsung SM-S918B", Mobile, "Chrome Mobile 124", "Android 14", None,
    ),
    row(
        "Instagram on iOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Instagram 330.0.3.12.90 (iPhone15,2; iOS 17_4; en_US; en; scale=3.00; 1179x2556; 600384442)",
        "Apple iPhone15,2", Mobile, "Instagram 330", "iOS 17.4", Some("Instagram"),
    ),
    row(
        "Instagram on Android",
        "Mozilla/5.0 (Linux; Android 14; SM-A546B Build/UP1A.231005.007; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 Instagram 330.0.0.40.92 Android (34/14; 450dpi; 1080x2340; samsung; SM-A546B; a54x; s5e8835; en_US; 600384442)",
        "Samsung SM-A546B", Mobile, "Instagram 330", "Android 14", Some("Instagram"),
    ),
    row(
        "Facebook on iOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [FBAN/FBIOS;FBAV/458.0.0.37.97;FBBV/587655555;FBDV/iPhone15,2;FBMD/iPhone;FBSN/iOS;FBSV/17.4;FBSS/3;FBID/phone;FBLC/en_US;FBOP/5;FBRV/0]",
        "Apple iPhone15,2", Mobile, "Facebook 458", "iOS 17.4", Some("Facebook"),
    ),
    row(
        "Facebook on Android",
        "Mozilla/5.0 (Linux; Android 13; Pixel 7 Build/TQ3A.230805.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 [FB_IAB/FB4A;FBAV/458.0.0.45.112;]",
        "Google Pixel 7", Mobile, "Facebook 458", "Android 13", Some("Facebook"),
    ),
    row(
        "TikTok on Android",
        "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP1A.240405.002; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36 trill_340003 JsSdk/1.0 NetType/WIFI Channel/googleplay AppName/musical_ly app_version/34.0.3 ByteLocale/en ByteFullLocale/en Region/GB AppId/1233 Spark/1.5.3.0-bugfix AppVersion/34.0.3 BytedanceWebview/d8a21c6",
        "Google Pixel 8", Mobile, "Chrome Mobile WebView 124", "Android 14", Some("TikTok"),
    ),
    row(
        "TikTok on iOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 musical_ly_34.1.0 JsSdk/2.0 NetType/WIFI Channel/App Store ByteLocale/en Region/US",
        "Apple iPhone", Mobile, "Mobile Safari UI/WKWebView", "iOS 17.4", Some("TikTok"),
    ),
    row(
        "Telegram on Android drops the Mobile token but stays a phone",
        "Mozilla/5.0 (Linux; Android 14; 23049PCD8G Build/UKQ1.230804.001; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Safari/537.36 Telegram-Android/10.11.1 (Xiaomi 23049PCD8G; Android 14; SDK 34; AVERAGE)",
        "Android phone", Mobile, "Chrome Mobile WebView 124", "Android 14", Some("Telegram"),
    ),
    row(
        "WeChat on Android",
        "Mozilla/5.0 (Linux; Android 13; V2111 Build/TP1A.220624.014; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/116.0.0.0 Mobile Safari/537.36 XWEB/1160065 MMWEBSDK/20231202 MMWEBID/2247 MicroMessenger/8.0.47.2560(0x28002F30) WeChat/arm64 Weixin NetType/WIFI Language/zh_CN ABI/arm64",
        "Android phone", Mobile, "Chrome Mobile WebView 116", "Android 13", Some("WeChat"),
    ),
    row(
        "LinkedIn on iOS",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 [LinkedInApp]/9.29.8960",
        "Apple iPhone", Mobile, "Mobile Safari UI/WKWebView", "iOS 17.4", Some("LinkedIn"),
    ),
    row(
        "an app's WebView that names no app",
        "Mozilla/5.0 (Linux; Android 10; K; wv) AppleWebKit/537.36 (KHTML, like Gecko) Version/4.0 Chrome/124.0.6367.82 Mobile Safari/537.36",
        "Android phone", Mobile, "Chrome Mobile WebView 124", "Android (version hidden)", Some("Unknown app"),
    ),
    row(
        "Samsung Internet",
        "Mozilla/5.0 (Linux; Android 14; SAMSUNG SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/24.0 Chrome/117.0.0.0 Mobile Safari/537.36",
        "Samsung SM-S918B", Mobile, "Samsung Internet 24", "Android 14", None,
    ),
    row(
        "Yandex Browser on Windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.0.0 YaBrowser/24.4.0.0 Safari/537.36",
        "Windows PC", Pc, "Yandex Browser 24.4", "Windows 10/11", None,
    ),
    row(
        "Yandex Browser on Android",
        "Mozilla/5.0 (Linux; arm_64; Android 13; SM-G991B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.128 YaBrowser/24.4.1.99.00 SA/3 Mobile Safari/537.36",
        "Samsung SM-G991B", Mobile, "Yandex Browser 24.4", "Android 13", None,
    ),
    row(
        "Edge on Windows 11 (which says Windows NT 10.0)",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.2478.67",
        "Windows PC", Pc, "Edge 124", "Windows 10/11", None,
    ),
    row(
        "Firefox on Windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:125.0) Gecko/20100101 Firefox/125.0",
        "Windows PC", Pc, "Firefox 125", "Windows 10/11", None,
    ),
    row(
        "Safari on a Mac",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Apple Mac", Pc, "Safari 17.4", "macOS", None,
    ),
    row(
        "Chromebook",
        "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Chromebook", Pc, "Chrome 124", "ChromeOS 14541", None,
    ),
    row(
        "iPad in mobile mode",
        "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
        "Apple iPad", Tablet, "Mobile Safari 17.4", "iPadOS 17.4", None,
    ),
    row(
        "known limit: an iPad in desktop mode sends macOS Safari's UA and reads as a Mac",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
        "Apple Mac", Pc, "Safari 17.4", "macOS", None,
    ),
    row(
        "Android tablet Chrome (no Mobile token)",
        "Mozilla/5.0 (Linux; Android 13; SM-X700) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
        "Android tablet", Tablet, "Chrome 124", "Android 13", None,
    ),
    row(
        "Firefox for Android",
        "Mozilla/5.0 (Android 14; Mobile; rv:125.0) Gecko/125.0 Firefox/125.0",
        "Android phone", Mobile, "Firefox Mobile 125", "Android 14", None,
    ),
    row(
        "Googlebot",
        "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Bot: Googlebot", Bot, "Googlebot 2.1", "Unknown OS", None,
    ),
    row(
        "Googlebot smartphone, which poses as an Android phone",
        "Mozilla/5.0 (Linux; Android 6.0.1; Nexus 5X Build/MMB29P) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
        "Bot: Googlebot", Bot, "Googlebot 2.1", "Android 6.0.1", None,
    ),
    row(
        "headless Chrome automation",
        "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/124.0.6367.82 Safari/537.36",
        "Bot: HeadlessChrome", Bot, "HeadlessChrome 124", "Linux", None,
    ),
    row("curl", "curl/8.5.0", "Bot: curl", Bot, "curl 8.5", "Unknown OS", None),
    row(
        "a link-preview fetcher naming an app is a bot, not an in-app browser",
        "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php) FBAV/458.0",
        "Bot: FacebookBot", Bot, "FacebookBot 1.1", "Unknown OS", None,
    ),
    row(
        "python-requests",
        "python-requests/2.31.0",
        "Bot: Python Requests", Bot, "Python Requests 2.31", "Unknown OS", None,
    ),
    row(
        "Edge on an Xbox, which uap reads as Windows",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64; Xbox; Xbox One) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041",
        "Microsoft Xbox", Other, "Edge 18.19041", "Windows 10/11", None,
    ),
    row(
        "Kindle Fire with Silk",
        "Mozilla/5.0 (Linux; Android 11; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/124.1.1 like Chrome/124.0.6367.118 Safari/537.36",
        "Amazon Kindle", Tablet, "Amazon Silk 124.1", "Android 11", None,
    ),
    row(
        "Firefox on an Android tablet",
        "Mozilla/5.0 (Android 14; Tablet; rv:125.0) Gecko/125.0 Firefox/125.0",
        "Android tablet", Tablet, "Firefox Mobile 125", "Android 14", None,
    ),
    row(
        "Applebot hides its token late in a Safari UA",
        "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
        "Bot: Applebot", Bot, "Applebot 0.1", "macOS", None,
    ),
    row(
        "LINE's in-app browser",
        "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 Safari Line/13.6.1",
        "Apple iPhone", Mobile, "LINE 13.6", "iOS 17.4", Some("LINE"),
    ),
    row(
        "the Google app",
        "Mozilla/5.0 (Linux; Android 14; SM-S918B) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.6367.82 Mobile Safari/537.36 GSA/15.17.31.29.arm64",
        "Samsung SM-S918B", Mobile, "Google 15.17", "Android 14", Some("Google app"),
    ),
    row(
        "a Samsung smart TV",
        "Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) 76.0.3809.146/6.0 TV Safari/537.36",
        "Samsung SMART-TV", Other, "Safari", "Tizen 6", None,
    ),
    row(
        "okhttp may be the company's own Android app, so it is not called a bot",
        "okhttp/4.9.3",
        "Unknown device", Other, "okhttp 4.9", "Unknown OS", None,
    ),
    row("an empty header", "", "Unknown device", Other, "Unknown browser", "Unknown OS", None),
    row("a dash", "-", "Unknown device", Other, "Unknown browser", "Unknown OS", None),
];

fn expected(row: &Row) -> UserAgentSummary {
    UserAgentSummary {
        raw: row.ua.to_owned(),
        device_name: row.device_name.to_owned(),
        device_type: row.device_type,
        browser: row.browser.to_owned(),
        os: row.os.to_owned(),
        in_app_browser: row.in_app.map(str::to_owned),
    }
}

#[test]
fn every_kyc_user_agent_is_summarised_as_an_operator_should_read_it() {
    let mismatches: Vec<String> = KYC_TABLE
        .iter()
        .filter_map(|row| {
            let actual = SUMMARIZER.summarize(row.ua);
            let wanted = expected(row);
            (actual != wanted)
                .then(|| format!("{}:\n  wanted {wanted:?}\n  got    {actual:?}", row.what))
        })
        .collect();
    assert!(
        mismatches.is_empty(),
        "{} of {} rows differ:\n{}",
        mismatches.len(),
        KYC_TABLE.len(),
        mismatches.join("\n")
    );
}

#[test]
fn the_data_version_names_the_uap_core_release() {
    let version = SUMMARIZER.data_version();
    assert!(version.starts_with("uap-core "), "{version}");
    assert!(
        version["uap-core ".len()..].chars().next().is_some_and(|c| c.is_ascii_digit()),
        "{version}"
    );
}

#[test]
fn the_raw_user_agent_is_stored_capped() {
    let long = format!(
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) {}",
        "x".repeat(4 * MAX_RAW_USER_AGENT_LEN)
    );
    let summary = SUMMARIZER.summarize(&long);
    assert_eq!(summary.raw.len(), MAX_RAW_USER_AGENT_LEN);
    assert!(long.starts_with(&summary.raw));
    assert_eq!(summary.device_type, Pc);
}

#[test]
fn hostile_user_agents_are_summarised_without_panicking() {
    let hostile = [
        "\0\u{1}\u{7f}".to_owned(),
        "😀".repeat(1000),
        "(".repeat(10_000),
        "Mozilla/5.0 (iPhone; CPU iPhone OS 99999999999999999999_1 like Mac OS X)".to_owned(),
        "Mozilla/5.0 (Linux; Android ; ) Chrome/ Mobile".to_owned(),
        " \t\r\n ".to_owned(),
    ];
    for ua in &hostile {
        let summary = SUMMARIZER.summarize(ua);
        assert!(summary.raw.len() <= MAX_RAW_USER_AGENT_LEN);
        assert!(
            !summary.device_name.is_empty()
                && !summary.browser.is_empty()
                && !summary.os.is_empty()
        );
    }
}

#[test]
fn the_summarizer_can_be_shared_between_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<UserAgentSummarizer>();
}

#[test]
fn a_summary_serialises_with_snake_case_device_types() {
    let summary = SUMMARIZER.summarize("curl/8.5.0");
    let json = serde_json::to_value(&summary).expect("serialisable");
    assert_eq!(json["device_type"], "bot");
    assert_eq!(json["in_app_browser"], serde_json::Value::Null);
    let back: UserAgentSummary = serde_json::from_value(json).expect("deserialisable");
    assert_eq!(back, summary);
}

#[test]
fn spliced_fragments_of_real_user_agents_are_summarised_consistently() {
    // Cut every table UA at a few points and join the pieces crosswise: odd, truncated and
    // contradictory headers, as forged or broken clients send them.
    let mut checked = 0;
    for (i, left) in KYC_TABLE.iter().enumerate() {
        let right = &KYC_TABLE[(i * 7 + 3) % KYC_TABLE.len()];
        for cut in [1, 13, 40, 77] {
            let head: String = left.ua.chars().take(cut).collect();
            let tail: String = right.ua.chars().skip(cut).collect();
            let summary = SUMMARIZER.summarize(&format!("{head}{tail}"));
            assert!(summary.raw.len() <= MAX_RAW_USER_AGENT_LEN);
            assert!(!summary.device_name.is_empty() && !summary.browser.is_empty());
            if summary.device_type == Bot {
                assert!(summary.in_app_browser.is_none(), "{summary:?}");
                assert!(summary.device_name.starts_with("Bot: "), "{summary:?}");
            }
            checked += 1;
        }
    }
    assert_eq!(checked, KYC_TABLE.len() * 4);
}
