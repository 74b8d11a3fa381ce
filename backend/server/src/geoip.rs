//! The client IP's country: a MaxMind DB lookup (the `maxminddb` crate) in the CC0
//! geo-whois-asn-country database, embedded from `data/geoip/` (see its README for the
//! version, the licences and what the country means), or a file named by `KYC_GEOIP_DB`.

use std::borrow::Cow;
use std::net::IpAddr;
use std::path::Path;
use std::sync::Arc;

const EMBEDDED: &[u8] = include_bytes!("../data/geoip/geo-whois-asn-country.mmdb");
const EMBEDDED_VERSION: &str = include_str!("../data/geoip/VERSION");

#[derive(Debug, thiserror::Error)]
pub enum GeoIpError {
    #[error("the IP-to-country database {path} could not be read")]
    Read { path: String, source: std::io::Error },
    #[error("the IP-to-country database is not a MaxMind DB file")]
    Format(#[source] maxminddb::MaxMindDbError),
}

/// An IP-to-country lookup, shared by every request.
#[derive(Clone)]
pub struct GeoIp {
    reader: Arc<maxminddb::Reader<Cow<'static, [u8]>>>,
    version: String,
}

impl GeoIp {
    /// The database shipped with the server.
    pub fn embedded() -> Result<GeoIp, GeoIpError> {
        GeoIp::from_bytes(Cow::Borrowed(EMBEDDED), EMBEDDED_VERSION.trim().to_owned())
    }

    /// The embedded database, or the file a deployment configured instead.
    pub fn load(path: Option<&Path>) -> Result<GeoIp, GeoIpError> {
        let Some(path) = path else { return GeoIp::embedded() };
        let bytes = std::fs::read(path).map_err(|source| GeoIpError::Read { path: path.display().to_string(), source })?;
        GeoIp::from_bytes(Cow::Owned(bytes), format!("file {}", path.display()))
    }

    fn from_bytes(bytes: Cow<'static, [u8]>, version: String) -> Result<GeoIp, GeoIpError> {
        let reader = maxminddb::Reader::from_source(bytes).map_err(GeoIpError::Format)?;
        Ok(GeoIp { reader: Arc::new(reader), version })
    }

    /// The ISO 3166-1 alpha-2 code of the country the address is registered in, if known.
    /// Private, loopback, documentation and every other special-purpose address has none, whatever
    /// the data says (the npm data maps some private ranges to a country).
    pub fn country(&self, ip: IpAddr) -> Option<String> {
        let ip = canonical(ip);
        if kyc_domain::webhooks::network::special_range(ip).is_some() {
            return None;
        }
        let found = self.reader.lookup(ip).ok()?;
        let code: String = found.decode_path(&maxminddb::path!["country_code"]).ok()??;
        let code = code.trim().to_ascii_uppercase();
        (code.len() == 2 && code.bytes().all(|b| b.is_ascii_uppercase())).then_some(code)
    }

    /// Which data answers: the package version of the embedded file, or the configured file.
    pub fn version(&self) -> &str {
        &self.version
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is looked up as the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn geoip() -> GeoIp {
        GeoIp::embedded().expect("the embedded database reads")
    }

    fn country(ip: &str) -> Option<String> {
        geoip().country(ip.parse().expect("an address"))
    }

    #[test]
    fn well_known_public_addresses_have_their_country() {
        // Google's and Cloudflare's resolvers are registered in the United States, a Deutsche
        // Telekom range in Germany.
        assert_eq!(country("8.8.8.8").as_deref(), Some("US"));
        assert_eq!(country("2001:4860:4860::8888").as_deref(), Some("US"));
        assert_eq!(country("80.133.0.1").as_deref(), Some("DE"));
    }

    #[test]
    fn private_loopback_and_documentation_addresses_have_no_country() {
        for ip in ["10.1.2.3", "127.0.0.1", "192.168.0.1", "100.64.0.1", "203.0.113.7", "::1", "fd00::1", "2001:db8::1"] {
            assert_eq!(country(ip), None, "{ip}");
        }
    }

    #[test]
    fn a_mapped_ipv4_address_is_looked_up_as_ipv4() {
        assert_eq!(country("::ffff:8.8.8.8"), country("8.8.8.8"));
    }

    #[test]
    fn the_embedded_data_names_its_package_version() {
        assert!(geoip().version().starts_with("2."), "{}", geoip().version());
    }

    #[test]
    fn a_file_that_is_not_a_database_is_refused() {
        let path = std::env::temp_dir().join(format!("not-a-db-{}", uuid::Uuid::new_v4()));
        std::fs::write(&path, b"not a maxmind db").expect("written");
        assert!(matches!(GeoIp::load(Some(&path)), Err(GeoIpError::Format(_))));
        let _ = std::fs::remove_file(path);
    }
}
