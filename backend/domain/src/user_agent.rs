//! User-agent summaries for the "Customer activities" block of a session.
//!
//! A raw `User-Agent` header is capped at [`MAX_RAW_USER_AGENT_LEN`] bytes and parsed once, at
//! ingest, with the `ua-parser` crate fed the vendored uap-core `regexes.yaml`
//! (`backend/domain/data/uap-core/`, refreshed by `scripts/refresh-uap-core.sh`). The summary
//! keeps the capped raw string and the data version, so a session can be summarised again after
//! a data refresh.
//!
//! What a summary holds, and the rules that produce it:
//! - **device type**, in order: `bot` (uap's `Spider` device, or an automation / HTTP-library
//!   family such as `HeadlessChrome`, `curl`, `Python Requests`); `other` (TVs, consoles, VR
//!   headsets, watches); `tablet` (`iPad`, `Kindle`, `Tablet` devices, Firefox's `Tablet;`
//!   token, the Facebook app's `FBID/tablet`, Android without the `Mobile` token); `mobile`
//!   (phone operating systems, a `Mobile` token, `iPhone`/`iPod`, a branded non-Mac device);
//!   `pc` (desktop operating systems, `Mac`); otherwise `other`.
//! - **device name**: `"{brand} {model}"` when uap knows a meaningful one (`"Apple iPhone"`,
//!   `"Samsung SM-S918B"`), else a name derived from the type and OS (`"Windows PC"`,
//!   `"Android phone"`, `"Bot: Googlebot"`, `"Unknown device"`).
//! - **browser**: the uap family with its major and (non-zero) minor version,
//!   `"Mobile Safari 17.4"`, `"Chrome Mobile 124"`; `"Unknown browser"` when nothing matched.
//! - **OS**: the uap family with its version, tidied: `Mac OS X` becomes `"macOS"` without a
//!   version (browsers freeze it at 10.15.7), Windows 10 becomes `"Windows 10/11"`, iOS on an
//!   iPad becomes `"iPadOS"`, and Chrome's reduced Android UA (model `K`) reads
//!   `"Android (version hidden)"`.
//! - **in-app browser**: the app whose embedded browser sent the request, recognised from the
//!   app's own token in the raw UA (`Instagram`, `FBAN`/`FB_IAB`, `musical_ly`/`BytedanceWebview`,
//!   `Telegram-Android`, `MicroMessenger`, `[LinkedInApp]`, ...). A WebView that names no app
//!   (Android `; wv)` or an iOS `WKWebView` without a `Safari/` token) reads `"Unknown app"`.
//!   In-app browsers matter in KYC because they often break camera access, uploads and redirects.
//!   Bots never get the flag (link-preview fetchers name the app they fetch for).
//!   The token table is ours rather than uap's because the published uap-core npm release
//!   (0.18.0) predates its TikTok, Telegram and WeChat patterns.
//!
//! [`UserAgentSummarizer::summarize_with_client_hints`] corrects the type, OS version and
//! Android model from `Sec-CH-UA-*` client hints when the browser sent them.
//!
//! Known limits (the user agent alone cannot tell):
//! - **iPad in desktop mode** (the iPadOS default) sends a byte-for-byte macOS Safari UA and is
//!   summarised as an Apple Mac PC. Only the page can tell (`navigator.maxTouchPoints > 1`).
//! - **Android tablets in desktop mode** send `X11; Linux x86_64` and read as a Linux PC.
//! - **Reduced user agents** (Chrome since 107, Android WebView from Android 16): the Android
//!   model is always `K` and the version always `10`, Windows 11 says `Windows NT 10.0`, macOS is
//!   frozen at 10.15.7. Only `Sec-CH-UA-*` client hints bring these back (see above), and only
//!   Chromium browsers send them; Safari and Firefox never do.
//! - **Telegram on Android** drops the `Mobile` token on phones too, so Telegram sessions without
//!   a phone model read as `mobile` whatever the hardware; **Telegram on iOS** sends Safari's UA
//!   and is not recognised as in-app.
//! - **Bots** are what uap calls `Spider` plus the automation families listed in
//!   [`AUTOMATION_FAMILIES`]; a crawler that copies a browser UA exactly is a browser here, and
//!   HTTP libraries uap does not know (`node-fetch`, `GuzzleHttp`) read as `other`. `okhttp` is
//!   deliberately not a bot: it is as likely to be a company's own Android app.
//! - **Apple hardware**: Safari never names the iPhone or iPad model ("Apple iPhone"); in-app
//!   browsers give the hardware identifier ("Apple iPhone15,2"), not the marketing name.
//! - Families and versions are those of the vendored uap-core release; newer browsers or apps may
//!   read as their engine (`Chrome Mobile WebView`) until the data is refreshed.
//! - The UA is client-controlled: the summary is for display and soft risk signals, never proof.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The raw user agent is stored (and parsed) only up to this many bytes.
pub const MAX_RAW_USER_AGENT_LEN: usize = 512;

/// The vendored uap-core regexes and the npm release they came from.
const EMBEDDED_REGEXES: &str = include_str!("../data/uap-core/regexes.yaml");
const EMBEDDED_VERSION: &str = include_str!("../data/uap-core/VERSION");

/// uap families that are automation tools or HTTP libraries rather than people's browsers.
pub const AUTOMATION_FAMILIES: &[&str] = &[
    "HeadlessChrome",
    "PhantomJS",
    "curl",
    "Wget",
    "Python Requests",
    "Python-urllib",
    "Python aiohttp",
    "Go-http-client",
    "Apache-HttpClient",
    "Java",
    "Scrapy",
    "Spider",
    "PostmanRuntime",
    "axios",
    "libwww-perl",
];

/// In-app browsers, recognised by the token their app adds to the UA. Checked in order, so
/// Messenger comes before Facebook.
const IN_APP_TOKENS: &[(&str, &str)] = &[
    ("FBAN/MessengerForiOS", "Facebook Messenger"),
    ("FB_IAB/MESSENGER", "Facebook Messenger"),
    ("Instagram", "Instagram"),
    ("FBAN/", "Facebook"),
    ("FB_IAB/", "Facebook"),
    ("FBAV/", "Facebook"),
    ("musical_ly", "TikTok"),
    ("BytedanceWebview", "TikTok"),
    ("trill_", "TikTok"),
    ("Snapchat", "Snapchat"),
    ("Telegram-Android", "Telegram"),
    ("MicroMessenger", "WeChat"),
    ("[LinkedInApp]", "LinkedIn"),
    ("Twitter for iPhone", "X (Twitter)"),
    ("Twitter for iPad", "X (Twitter)"),
    ("TwitterAndroid", "X (Twitter)"),
    ("[Pinterest/", "Pinterest"),
    ("Pinterest for Android", "Pinterest"),
    ("KAKAOTALK", "KakaoTalk"),
    (" Line/", "LINE"),
    (" GSA/", "Google app"),
];

const UNKNOWN_APP: &str = "Unknown app";

/// What kind of device sent the request.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum DeviceType {
    Pc,
    Mobile,
    Tablet,
    Bot,
    Other,
}

closed_set!(DeviceType, "device type", [
    Pc => "pc",
    Mobile => "mobile",
    Tablet => "tablet",
    Bot => "bot",
    Other => "other",
]);

/// The display summary of one user agent, as stored with a session.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserAgentSummary {
    /// The raw header, trimmed and capped at [`MAX_RAW_USER_AGENT_LEN`] bytes.
    pub raw: String,
    /// `"Apple iPhone"`, `"Samsung SM-S918B"`, `"Windows PC"`.
    pub device_name: String,
    pub device_type: DeviceType,
    /// `"Mobile Safari 17.4"`.
    pub browser: String,
    /// `"iOS 17.4.1"`.
    pub os: String,
    /// The app whose embedded browser was used, e.g. `"Instagram"`.
    pub in_app_browser: Option<String>,
}

/// The vendored regexes could not be loaded.
#[derive(Debug, thiserror::Error)]
pub enum UserAgentDataError {
    #[error("user-agent regexes are not valid YAML of the uap-core shape: {0}")]
    Yaml(#[from] serde_yaml_ng::Error),
    #[error("user-agent regexes do not compile: {0}")]
    Compile(#[from] ua_parser::Error),
}

/// Turns raw user agents into [`UserAgentSummary`]s. Build it once (about 150 ms) and share it:
/// it is `Send + Sync` and parsing takes `&self`.
pub struct UserAgentSummarizer {
    extractor: ua_parser::Extractor<'static>,
    data_version: String,
}

impl fmt::Debug for UserAgentSummarizer {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("UserAgentSummarizer").field("data_version", &self.data_version).finish()
    }
}

impl UserAgentSummarizer {
    /// The summarizer over the regexes vendored in this crate.
    pub fn embedded() -> Result<Self, UserAgentDataError> {
        let version = format!("uap-core {}", EMBEDDED_VERSION.trim());
        Self::from_yaml(EMBEDDED_REGEXES, &version)
    }

    /// A summarizer over any uap-core `regexes.yaml` text; `data_version` is stored with each
    /// summary's session so the source of a summary stays known.
    pub fn from_yaml(regexes_yaml: &str, data_version: &str) -> Result<Self, UserAgentDataError> {
        let regexes: ua_parser::Regexes<'static> = serde_yaml_ng::from_str(regexes_yaml)?;
        let extractor = ua_parser::Extractor::try_from(regexes)?;
        Ok(Self { extractor, data_version: data_version.to_owned() })
    }

    /// Which regex data produced the summaries, e.g. `"uap-core 0.18.0"`.
    pub fn data_version(&self) -> &str {
        &self.data_version
    }

    /// The uap-core view of a user agent, without any of this module's mapping. Used by the
    /// uap-core conformance suites; prefer [`Self::summarize`].
    pub fn parse(&self, raw: &str) -> ParsedUserAgent {
        let (browser, os, device) = self.extractor.extract(raw);
        ParsedUserAgent {
            browser: browser.map(|value| {
                let value = value.into_owned();
                Versioned {
                    family: value.family,
                    major: value.major,
                    minor: value.minor,
                    patch: value.patch,
                    patch_minor: value.patch_minor,
                }
            }),
            os: os.map(|value| {
                let value = value.into_owned();
                Versioned {
                    family: value.os,
                    major: value.major,
                    minor: value.minor,
                    patch: value.patch,
                    patch_minor: value.patch_minor,
                }
            }),
            device: device.map(|value| {
                let value = value.into_owned();
                Device { family: value.device, brand: value.brand, model: value.model }
            }),
        }
    }

    /// Summarises a raw `User-Agent` header. Never fails: what cannot be recognised reads
    /// "Unknown ..." and device type `other`.
    pub fn summarize(&self, raw: &str) -> UserAgentSummary {
        let raw = cap_raw_user_agent(raw);
        let parsed = self.parse(&raw);
        let facts = Facts::new(&raw, &parsed);
        let device_type = facts.device_type();
        UserAgentSummary {
            device_name: facts.device_name(device_type),
            device_type,
            browser: facts.browser(),
            os: facts.os(),
            in_app_browser: if device_type == DeviceType::Bot {
                None
            } else {
                facts.in_app_browser()
            },
            raw,
        }
    }
}

impl UserAgentSummarizer {
    /// Like [`Self::summarize`], then corrected by the browser's client hints where it sent
    /// them (only Chromium browsers over HTTPS do): the form factor or `Sec-CH-UA-Mobile` for
    /// the device type, the real Windows, Android or macOS version, and the real Android model.
    /// Bots keep their summary: a client that lies in its hints gains nothing here.
    pub fn summarize_with_client_hints(&self, raw: &str, hints: &ClientHints) -> UserAgentSummary {
        let mut summary = self.summarize(raw);
        if summary.device_type == DeviceType::Bot {
            return summary;
        }
        if let Some(device_type) = hints.device_type() {
            summary.device_type = device_type;
        }
        if let Some(os) = hints.os() {
            summary.os = os;
        }
        if let Some(model) = hints.model() {
            summary.device_name = self.android_device_name(&model);
        }
        summary
    }

    /// "Samsung SM-S918B" from the bare model "SM-S918B", by asking uap's device patterns about
    /// the model in the shape an Android UA carries it.
    fn android_device_name(&self, model: &str) -> String {
        let probe = format!("Mozilla/5.0 (Linux; Android 14; {model}) AppleWebKit/537.36");
        let device = self.extractor.dev.extract(&probe).map(|device| device.into_owned());
        let brand = device.as_ref().and_then(|device| device.brand.as_deref()).unwrap_or("");
        let meaningful_brand = !brand.is_empty() && !brand.starts_with("Generic");
        if meaningful_brand && !model.starts_with(brand) {
            format!("{brand} {model}")
        } else {
            model.to_owned()
        }
    }
}

/// The `Sec-CH-UA-*` request headers a browser sent, as received: RFC 8941 structured-field
/// text (`?1`, `"Windows"`, `"Mobile", "XR"`). Plain values (`true`, `Windows`), as posted by a
/// page from `navigator.userAgentData`, are accepted too. Every field is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ClientHints {
    /// `Sec-CH-UA-Mobile`.
    pub mobile: Option<String>,
    /// `Sec-CH-UA-Platform`.
    pub platform: Option<String>,
    /// `Sec-CH-UA-Platform-Version` (high entropy: only after the server asks with `Accept-CH`).
    pub platform_version: Option<String>,
    /// `Sec-CH-UA-Model` (high entropy; Android only).
    pub model: Option<String>,
    /// `Sec-CH-UA-Form-Factors` (high entropy; experimental).
    pub form_factors: Option<String>,
}

/// Longest hint value looked at; real ones are a few dozen bytes.
const MAX_HINT_LEN: usize = 128;

impl ClientHints {
    fn device_type(&self) -> Option<DeviceType> {
        let form_factors = self.form_factors.as_deref().map(structured_list).unwrap_or_default();
        let from_form_factor = form_factors.iter().find_map(|factor| match factor.as_str() {
            "Desktop" => Some(DeviceType::Pc),
            "Mobile" => Some(DeviceType::Mobile),
            "Tablet" => Some(DeviceType::Tablet),
            "XR" | "TV" | "Automotive" | "Watch" | "EInk" => Some(DeviceType::Other),
            _ => None,
        });
        // "?0" says nothing: tablets and desktops both send it.
        let says_mobile = self.mobile.as_deref().and_then(structured_boolean) == Some(true);
        from_form_factor.or(says_mobile.then_some(DeviceType::Mobile))
    }

    fn os(&self) -> Option<String> {
        let platform = self.platform.as_deref().and_then(structured_string)?;
        let version = self.platform_version.as_deref().and_then(structured_string)?;
        let major: u32 = version.split('.').next()?.parse().ok()?;
        let version = trimmed_version(&version);
        match platform.as_str() {
            // Windows reports its UAPI contract version: 13 and up is Windows 11.
            "Windows" if major >= 13 => Some("Windows 11".to_owned()),
            "Windows" if major >= 1 => Some("Windows 10".to_owned()),
            "Android" if major >= 1 => Some(format!("Android {version}")),
            "macOS" if major >= 10 => Some(format!("macOS {version}")),
            _ => None,
        }
    }

    fn model(&self) -> Option<String> {
        let model = self.model.as_deref().and_then(structured_string)?;
        let printable = model.chars().all(|c| !c.is_control());
        (printable && !model.is_empty()).then_some(model)
    }
}

/// The string in an sf-string (`"Pixel 8"`, with `\"` and `\\` escapes) or a plain token.
fn structured_string(value: &str) -> Option<String> {
    let value = value.trim();
    if value.len() > MAX_HINT_LEN {
        return None;
    }
    let Some(quoted) = value.strip_prefix('"') else {
        return Some(value.to_owned());
    };
    let mut text = String::new();
    let mut chars = quoted.chars();
    while let Some(c) = chars.next() {
        match c {
            '"' => return chars.as_str().trim().is_empty().then_some(text),
            '\\' => text.push(chars.next()?),
            c => text.push(c),
        }
    }
    None
}

fn structured_boolean(value: &str) -> Option<bool> {
    match value.trim() {
        "?1" | "true" => Some(true),
        "?0" | "false" => Some(false),
        _ => None,
    }
}

fn structured_list(value: &str) -> Vec<String> {
    value.split(',').filter_map(structured_string).collect()
}

/// "14" from "14.0.0", "13.4.1" kept whole.
fn trimmed_version(version: &str) -> String {
    let parts: Vec<&str> = version.split('.').collect();
    let significant = parts.iter().rposition(|part| *part != "0").map_or(1, |last| last + 1);
    parts[..significant.min(parts.len())].join(".")
}

/// A browser or OS family with up to four version components, as uap reports them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Versioned {
    pub family: String,
    pub major: Option<String>,
    pub minor: Option<String>,
    pub patch: Option<String>,
    pub patch_minor: Option<String>,
}

/// A device as uap reports it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Device {
    pub family: String,
    pub brand: Option<String>,
    pub model: Option<String>,
}

/// uap's raw answer; `None` is what the uap specification calls family "Other".
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ParsedUserAgent {
    pub browser: Option<Versioned>,
    pub os: Option<Versioned>,
    pub device: Option<Device>,
}

/// Trims the header and keeps at most [`MAX_RAW_USER_AGENT_LEN`] bytes, cutting on a character
/// boundary.
pub fn cap_raw_user_agent(raw: &str) -> String {
    let trimmed = raw.trim();
    let mut end = trimmed.len().min(MAX_RAW_USER_AGENT_LEN);
    while !trimmed.is_char_boundary(end) {
        end -= 1;
    }
    trimmed[..end].to_owned()
}

/// The parsed user agent plus the raw text, with the questions the mapping rules ask of them.
struct Facts<'a> {
    raw: &'a str,
    browser_family: &'a str,
    browser: Option<&'a Versioned>,
    os_family: &'a str,
    os: Option<&'a Versioned>,
    device_family: &'a str,
    brand: &'a str,
    model: &'a str,
}

const OTHER: &str = "Other";

impl<'a> Facts<'a> {
    fn new(raw: &'a str, parsed: &'a ParsedUserAgent) -> Self {
        let device = parsed.device.as_ref();
        Self {
            raw,
            browser_family: parsed.browser.as_ref().map_or(OTHER, |b| b.family.as_str()),
            browser: parsed.browser.as_ref(),
            os_family: parsed.os.as_ref().map_or(OTHER, |o| o.family.as_str()),
            os: parsed.os.as_ref(),
            device_family: device.map_or(OTHER, |d| d.family.as_str()),
            brand: device.and_then(|d| d.brand.as_deref()).unwrap_or(""),
            model: device.and_then(|d| d.model.as_deref()).unwrap_or(""),
        }
    }

    fn has_mobile_token(&self) -> bool {
        self.raw.contains("Mobile")
    }

    fn device_type(&self) -> DeviceType {
        if self.is_bot() {
            DeviceType::Bot
        } else if self.is_tv_console_or_wearable() {
            DeviceType::Other
        } else if self.is_tablet() {
            DeviceType::Tablet
        } else if self.is_mobile() {
            DeviceType::Mobile
        } else if self.is_pc() {
            DeviceType::Pc
        } else {
            DeviceType::Other
        }
    }

    fn is_bot(&self) -> bool {
        self.device_family == "Spider" || AUTOMATION_FAMILIES.contains(&self.browser_family)
    }

    fn is_tv_console_or_wearable(&self) -> bool {
        const MARKERS: [&str; 8] =
            ["TV", "PlayStation", "Xbox", "Nintendo", "Quest", "Oculus", "Watch", "Glass"];
        const TV_AND_WATCH_OS: [&str; 7] =
            ["PlayStation", "Tizen", "webOS", "tvOS", "watchOS", "WatchOS", "Roku"];
        let named_so = MARKERS
            .iter()
            .any(|marker| self.device_family.contains(marker) || self.model.contains(marker));
        let os_says_so = TV_AND_WATCH_OS.contains(&self.os_family) && !self.has_mobile_token();
        // uap reads Edge on an Xbox as a Windows PC.
        named_so || os_says_so || self.raw.contains("Xbox")
    }

    fn is_tablet(&self) -> bool {
        let named_tablet = self.device_family.starts_with("iPad")
            || self.model.starts_with("iPad")
            || self.device_family.contains("Tablet")
            || self.device_family.contains("Kindle");
        let token_says_tablet = self.raw.contains("Tablet;") || self.raw.contains("FBID/tablet");
        // Chrome and Samsung Internet leave out "Mobile" on Android tablets; Telegram leaves it
        // out on phones too, so its UA says nothing either way.
        let android_without_mobile = self.os_family == "Android"
            && !self.has_mobile_token()
            && !self.raw.contains("Telegram-Android");
        named_tablet || token_says_tablet || android_without_mobile
    }

    fn is_mobile(&self) -> bool {
        const PHONE_OS: [&str; 8] = [
            "iOS",
            "Android",
            "Windows Phone",
            "BlackBerry OS",
            "KaiOS",
            "Symbian OS",
            "Firefox OS",
            "HarmonyOS",
        ];
        let branded_device = !self.brand.is_empty()
            && !self.brand.starts_with("Generic")
            && self.device_family != OTHER
            && self.device_family != "Mac";
        PHONE_OS.contains(&self.os_family)
            || self.has_mobile_token()
            || self.device_family == "iPhone"
            || self.device_family == "iPod"
            || branded_device
    }

    fn is_pc(&self) -> bool {
        const DESKTOP_OS: [&str; 13] = [
            "Windows",
            "Mac OS X",
            "Linux",
            "Ubuntu",
            "Fedora",
            "Debian",
            "Chrome OS",
            "FreeBSD",
            "OpenBSD",
            "NetBSD",
            "Solaris",
            "Linux Mint",
            "Arch Linux",
        ];
        DESKTOP_OS.contains(&self.os_family) || self.device_family == "Mac"
    }

    fn device_name(&self, device_type: DeviceType) -> String {
        if device_type == DeviceType::Bot {
            return format!("Bot: {}", self.bot_name());
        }
        if let Some(name) = self.brand_and_model() {
            return name;
        }
        self.generic_device_name(device_type)
    }

    fn bot_name(&self) -> &str {
        // uap reports crawlers as browser family "Spider" and names the crawler in the device
        // model only sometimes; prefer whichever is more specific.
        if self.browser_family != OTHER && self.browser_family != "Spider" {
            self.browser_family
        } else if !self.model.is_empty() && self.model != "Desktop" && self.model != "Smartphone" {
            self.model
        } else {
            "unknown"
        }
    }

    fn brand_and_model(&self) -> Option<String> {
        let meaningful = |text: &str| {
            !text.is_empty() && !text.starts_with("Generic") && text != "K" && text != "Spider"
        };
        if !meaningful(self.brand) || !meaningful(self.model) {
            return None;
        }
        if self.model.starts_with(self.brand) {
            return Some(self.model.to_owned());
        }
        Some(format!("{} {}", self.brand, self.model))
    }

    fn generic_device_name(&self, device_type: DeviceType) -> String {
        let name = match (device_type, self.os_family) {
            (DeviceType::Pc, "Windows") => "Windows PC",
            (DeviceType::Pc, "Mac OS X") => "Apple Mac",
            (DeviceType::Pc, "Chrome OS") => "Chromebook",
            (DeviceType::Pc, _) if self.os_family.contains("Linux") => "Linux PC",
            (DeviceType::Pc, _) => "PC",
            (DeviceType::Mobile, "Android") => "Android phone",
            (DeviceType::Mobile, _) => "Mobile phone",
            (DeviceType::Tablet, "Android") => "Android tablet",
            (DeviceType::Tablet, _) => "Tablet",
            (DeviceType::Other, _) if self.raw.contains("Xbox") => "Microsoft Xbox",
            _ => "Unknown device",
        };
        name.to_owned()
    }

    fn browser(&self) -> String {
        match self.browser {
            None => "Unknown browser".to_owned(),
            Some(browser) => {
                let version = short_version(browser.major.as_deref(), browser.minor.as_deref());
                join_name_and_version(&browser.family, &version)
            }
        }
    }

    fn os(&self) -> String {
        let Some(os) = self.os else {
            return "Unknown OS".to_owned();
        };
        let full_version = full_version(os);
        match os.family.as_str() {
            "Mac OS X" => "macOS".to_owned(),
            "Windows" if os.major.as_deref() == Some("10") => "Windows 10/11".to_owned(),
            "iOS" if self.is_ipad() => join_name_and_version("iPadOS", &full_version),
            "Chrome OS" => join_name_and_version("ChromeOS", &full_version),
            "Android" if self.is_reduced_android() => "Android (version hidden)".to_owned(),
            family => join_name_and_version(family, &full_version),
        }
    }

    /// Chrome's reduced UA always says "Android 10; K": neither the version nor the model is
    /// real. uap reads the model `K` from the browser form, but not from the WebView form
    /// ("Android 10; K; wv").
    fn is_reduced_android(&self) -> bool {
        self.model == "K" || self.raw.contains("Android 10; K;")
    }

    fn is_ipad(&self) -> bool {
        self.device_family.starts_with("iPad") || self.model.starts_with("iPad")
    }

    fn in_app_browser(&self) -> Option<String> {
        let named_app = IN_APP_TOKENS
            .iter()
            .find(|(token, _)| self.raw.contains(token))
            .map(|(_, app)| (*app).to_owned());
        named_app.or_else(|| self.is_anonymous_webview().then(|| UNKNOWN_APP.to_owned()))
    }

    fn is_anonymous_webview(&self) -> bool {
        self.browser_family.contains("WebView") || self.browser_family.contains("WKWebView")
    }
}

/// `"17.4"` from major 17 and minor 4; the minor is left out when it is zero or missing.
fn short_version(major: Option<&str>, minor: Option<&str>) -> String {
    match (major, minor) {
        (Some(major), Some(minor)) if !minor.is_empty() && minor != "0" => {
            format!("{major}.{minor}")
        }
        (Some(major), _) => major.to_owned(),
        (None, _) => String::new(),
    }
}

/// All version components uap found, joined with dots and without trailing zero components
/// ("17.4.1", "14", "10.15.7").
fn full_version(version: &Versioned) -> String {
    let components: Vec<&str> =
        [&version.major, &version.minor, &version.patch, &version.patch_minor]
            .into_iter()
            .map_while(|component| component.as_deref())
            .filter(|component| !component.is_empty())
            .collect();
    let significant = components
        .iter()
        .rposition(|component| *component != "0")
        .map_or(components.len().min(1), |last| last + 1);
    components[..significant].join(".")
}

fn join_name_and_version(name: &str, version: &str) -> String {
    if version.is_empty() { name.to_owned() } else { format!("{name} {version}") }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn versioned(parts: &[&str]) -> Versioned {
        let part = |index: usize| parts.get(index).map(|text| (*text).to_owned());
        Versioned {
            family: "X".to_owned(),
            major: part(0),
            minor: part(1),
            patch: part(2),
            patch_minor: part(3),
        }
    }

    #[test]
    fn capping_never_splits_a_character() {
        let long = "é".repeat(MAX_RAW_USER_AGENT_LEN);
        let capped = cap_raw_user_agent(&long);
        assert_eq!(capped.len(), MAX_RAW_USER_AGENT_LEN);
        let odd = format!("a{}", "é".repeat(MAX_RAW_USER_AGENT_LEN));
        let capped = cap_raw_user_agent(&odd);
        assert_eq!(capped.len(), MAX_RAW_USER_AGENT_LEN - 1);
    }

    #[test]
    fn capping_trims_surrounding_whitespace() {
        assert_eq!(cap_raw_user_agent("  curl/8.0 \n"), "curl/8.0");
    }

    #[test]
    fn full_version_drops_trailing_zero_components_only() {
        assert_eq!(full_version(&versioned(&["17", "4", "1"])), "17.4.1");
        assert_eq!(full_version(&versioned(&["14", "0", "0"])), "14");
        assert_eq!(full_version(&versioned(&["10", "0", "1"])), "10.0.1");
        assert_eq!(full_version(&versioned(&["0"])), "0");
        assert_eq!(full_version(&versioned(&[])), "");
    }

    #[test]
    fn short_version_leaves_out_a_zero_minor() {
        assert_eq!(short_version(Some("17"), Some("4")), "17.4");
        assert_eq!(short_version(Some("124"), Some("0")), "124");
        assert_eq!(short_version(None, Some("4")), "");
    }
}
