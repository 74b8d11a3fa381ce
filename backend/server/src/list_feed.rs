//! Sanctions and PEP lists fetched by URL (`KYC_LIST_SOURCES`): what a source is, and one
//! conditional download of it.
//!
//! A source is written `NAME FORMAT INTERVAL URL [URL …]`, sources separated by `;` or new lines:
//! `un-consolidated un-xml 6h https://scsanctions.un.org/resources/xml/en/consolidated.xml`.
//! `ofac-csv` takes up to three URLs (SDN, addresses, alternate names), the others one. The
//! interval is a number with `s`, `m`, `h` or `d`.
//!
//! A download sends the validators the source last answered with (`If-None-Match`,
//! `If-Modified-Since`), so an unchanged list costs a `304`; it refuses a body above the size cap
//! while it streams (never holding more than the cap), and every request has a connect timeout
//! and a whole-request timeout. Errors are described without the URL, which may carry a key.

use std::time::Duration;

use reqwest::StatusCode;
use reqwest::header::{ETAG, IF_MODIFIED_SINCE, IF_NONE_MATCH, LAST_MODIFIED};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The list formats `kyc-server lists import` reads, and how many files each takes.
const FORMATS: [(&str, usize); 3] = [("ofac-csv", 3), ("un-xml", 1), ("ftm", 1)];
/// The shortest interval accepted (tests poll every second or two).
const MIN_INTERVAL: Duration = Duration::from_secs(1);

/// One list the server keeps current by itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListSource {
    pub name: String,
    pub format: String,
    pub interval: Duration,
    pub urls: Vec<reqwest::Url>,
}

impl ListSource {
    /// The hosts the source downloads from, for people to see (a URL may carry a key).
    pub fn hosts(&self) -> Vec<String> {
        self.urls.iter().map(|url| url.host_str().unwrap_or_default().to_owned()).collect()
    }
}

/// Reads `KYC_LIST_SOURCES`; an empty text is no source.
pub fn parse_sources(text: &str) -> Result<Vec<ListSource>, String> {
    let sources: Vec<ListSource> = text
        .split([';', '\n'])
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(parse_source)
        .collect::<Result<_, _>>()?;
    let mut names: Vec<&str> = sources.iter().map(|source| source.name.as_str()).collect();
    names.sort_unstable();
    if let Some(pair) = names.windows(2).find(|pair| pair[0] == pair[1]) {
        return Err(format!("the list {:?} is named twice", pair[0]));
    }
    Ok(sources)
}

fn parse_source(entry: &str) -> Result<ListSource, String> {
    let words: Vec<&str> = entry.split_whitespace().collect();
    let [name, format, interval, urls @ ..] = words.as_slice() else {
        return Err(format!("{entry:?}: write NAME FORMAT INTERVAL URL"));
    };
    let Some((_, most_files)) = FORMATS.iter().find(|(known, _)| known == format) else {
        return Err(format!("{name}: unknown format {format:?}; use ofac-csv, un-xml or ftm"));
    };
    if urls.is_empty() || urls.len() > *most_files {
        let wanted = if *most_files == 1 { "one URL".to_owned() } else { format!("1 to {most_files} URLs") };
        return Err(format!("{name}: {format} takes {wanted}"));
    }
    let urls = urls.iter().map(|url| parse_url(name, url)).collect::<Result<_, _>>()?;
    let valid_name = !name.is_empty() && name.len() <= 64 && name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c));
    if !valid_name {
        return Err(format!("{name:?}: a list name is at most 64 letters, digits, '-', '_' or '.'"));
    }
    Ok(ListSource { name: (*name).to_owned(), format: (*format).to_owned(), interval: parse_interval(name, interval)?, urls })
}

fn parse_url(name: &str, text: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(text).map_err(|_| format!("{name}: {text:?} is not a URL"))?;
    match url.scheme() {
        "https" | "http" => Ok(url),
        other => Err(format!("{name}: only http and https URLs are fetched, not {other}")),
    }
}

fn parse_interval(name: &str, text: &str) -> Result<Duration, String> {
    let unit_at = text.find(|c: char| !c.is_ascii_digit()).unwrap_or(text.len());
    let (number, unit) = text.split_at(unit_at);
    let seconds_per_unit = match unit {
        "s" => 1,
        "m" => 60,
        "h" => 3600,
        "d" => 86_400,
        _ => return Err(format!("{name}: interval {text:?} needs a unit: s, m, h or d")),
    };
    let interval = number
        .parse::<u64>()
        .ok()
        .and_then(|count| count.checked_mul(seconds_per_unit))
        .map(Duration::from_secs)
        .ok_or_else(|| format!("{name}: interval {text:?} is not a number of {unit}"))?;
    if interval < MIN_INTERVAL {
        return Err(format!("{name}: the interval must be at least 1s"));
    }
    Ok(interval)
}

/// What a server answered last time, sent back to ask "only if changed".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    pub etag: Option<String>,
    pub last_modified: Option<String>,
}

/// One file of a source as downloaded.
#[derive(Debug)]
pub enum Download {
    /// `304`: the file is the one seen last time.
    Unchanged,
    Fetched { body: Vec<u8>, validators: Validators },
}

/// The limits of every download.
#[derive(Debug, Clone, Copy)]
pub struct FeedLimits {
    pub max_bytes: u64,
    pub timeout: Duration,
}

/// The HTTP client lists are fetched with: no redirects to other schemes, timeouts on connect
/// and on the whole request.
pub fn client(limits: FeedLimits) -> Result<reqwest::Client, String> {
    reqwest::Client::builder()
        .connect_timeout(Duration::from_secs(10).min(limits.timeout))
        .timeout(limits.timeout)
        .redirect(reqwest::redirect::Policy::limited(5))
        .user_agent(concat!("kyc-server/", env!("CARGO_PKG_VERSION"), " (list refresh)"))
        .build()
        .map_err(|error| format!("the HTTP client could not be built: {}", error.without_url()))
}

/// Downloads one file, conditionally when `last` has validators.
pub async fn download(client: &reqwest::Client, url: &reqwest::Url, last: &Validators, limits: FeedLimits) -> Result<Download, String> {
    let mut request = client.get(url.clone());
    if let Some(etag) = &last.etag {
        request = request.header(IF_NONE_MATCH, etag);
    }
    if let Some(date) = &last.last_modified {
        request = request.header(IF_MODIFIED_SINCE, date);
    }
    let response = request.send().await.map_err(|error| described(&error))?;
    match response.status() {
        StatusCode::NOT_MODIFIED => return Ok(Download::Unchanged),
        status if !status.is_success() => return Err(format!("the server answered {status}")),
        _ => {}
    }
    if response.content_length().is_some_and(|length| length > limits.max_bytes) {
        return Err(too_big(limits));
    }
    let header = |name| response.headers().get(name).and_then(|value: &reqwest::header::HeaderValue| value.to_str().ok()).map(str::to_owned);
    let validators = Validators { etag: header(ETAG), last_modified: header(LAST_MODIFIED) };
    let mut response = response;
    let mut body = Vec::new();
    while let Some(chunk) = response.chunk().await.map_err(|error| described(&error))? {
        if body.len() as u64 + chunk.len() as u64 > limits.max_bytes {
            return Err(too_big(limits));
        }
        body.extend_from_slice(&chunk);
    }
    Ok(Download::Fetched { body, validators })
}

/// The SHA-256 of a source's files together, to tell a changed list from a re-sent one.
pub fn content_digest(bodies: &[Vec<u8>]) -> String {
    let mut hasher = Sha256::new();
    for body in bodies {
        hasher.update((body.len() as u64).to_be_bytes());
        hasher.update(body);
    }
    hex::encode(hasher.finalize())
}

fn described(error: &reqwest::Error) -> String {
    let kind = if error.is_timeout() {
        "timed out"
    } else if error.is_connect() {
        "could not connect"
    } else {
        "failed"
    };
    // Without the URL: it may hold an API key of the list's publisher.
    let mut text = format!("the download {kind}");
    let mut cause: Option<&dyn std::error::Error> = std::error::Error::source(error);
    while let Some(inner) = cause {
        text.push_str(&format!(": {inner}"));
        cause = inner.source();
    }
    text
}

fn too_big(limits: FeedLimits) -> String {
    format!("the list is larger than KYC_LIST_MAX_BYTES ({} bytes)", limits.max_bytes)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sources_are_read_with_their_urls_and_intervals() {
        let sources = parse_sources(
            "un-consolidated un-xml 6h https://lists.example/un.xml;\n ofac-sdn ofac-csv 1d https://o.example/sdn.csv https://o.example/add.csv",
        )
        .unwrap();
        assert_eq!(sources.len(), 2);
        assert_eq!(sources[0].interval, Duration::from_secs(6 * 3600));
        assert_eq!(sources[1].urls.len(), 2);
        assert_eq!(sources[1].hosts(), ["o.example", "o.example"]);
    }

    #[test]
    fn an_empty_setting_is_no_source() {
        assert_eq!(parse_sources("  ").unwrap(), []);
    }

    #[test]
    fn malformed_sources_are_refused_with_the_reason() {
        for (text, reason) in [
            ("un un-xml", "NAME FORMAT INTERVAL URL"),
            ("un un-xml 6h", "takes one URL"),
            ("un ofac-csv 6h https://a.example/1 https://a.example/2 https://a.example/3 https://a.example/4", "1 to 3 URLs"),
            ("un pdf 6h https://a.example/x", "unknown format"),
            ("un un-xml 6 https://a.example/x", "needs a unit"),
            ("un un-xml 0s https://a.example/x", "at least 1s"),
            ("un un-xml 99999999999999999999h https://a.example/x", "not a number"),
            ("un un-xml 1h file:///etc/passwd", "only http and https"),
            ("un un-xml 1h https://a.example/x https://a.example/y", "takes one URL"),
            ("u/n un-xml 1h https://a.example/x", "a list name"),
            ("un un-xml 1h https://a.example/x; un ftm 1h https://b.example/y", "named twice"),
        ] {
            let error = parse_sources(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }

    #[test]
    fn the_digest_tells_files_apart_even_when_their_bytes_run_together() {
        assert_ne!(content_digest(&[b"ab".to_vec(), b"c".to_vec()]), content_digest(&[b"a".to_vec(), b"bc".to_vec()]));
        assert_eq!(content_digest(&[b"x".to_vec()]), content_digest(&[b"x".to_vec()]));
    }
}
