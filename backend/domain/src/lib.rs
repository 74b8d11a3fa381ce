//! Pure domain logic of the KYC back-office.
//!
//! The purity rule: this crate has no web, database, OpenAPI or async-runtime dependency.
//! Everything here is testable with plain values; the server crate adapts it to HTTP and SQL.
//!
//! Module map:
//! - [`mrz`]: ICAO 9303 machine-readable-zone parsing and per-field checking.
//! - [`screening`]: sanctions / PEP list entries, name normalisation and matching.
//! - [`user_agent`]: raw user agent -> device name, device type, browser, OS.
//! - [`session`]: session statuses, verification facts, status rules and decisions.
//! - [`extra_fields`]: company-defined extra fields and their validation at ingest.
//! - [`client_ip`]: the client IP behind trusted proxies (`X-Forwarded-For`).
//! - [`audit`]: the append-only activity log: the frozen keyless v1 chain, and v2 (one keyed
//!   chain per company, batched appends, signed checkpoints).
//! - [`report`]: what the PDF report of a session prints, as plain data; the canonical session
//!   record and its hash; report verification codes.

pub mod audit;
pub mod client_ip;
pub mod extra_fields;
pub mod mrz;
pub mod report;
pub mod screening;
pub mod session;
pub mod user_agent;
