//! The keyed, per-company audit chain (`kyc_domain::audit::v2`): the rewrites the security
//! review found, the migration from the v1 chain, signed checkpoints, pinned encodings and
//! properties over arbitrary chains.

mod attacks;
mod checkpoints;
mod encoding;
mod helpers;
mod migration;
mod properties;
