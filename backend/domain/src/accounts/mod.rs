pub mod invitation;
pub mod password;
pub mod recovery_codes;
pub mod refresh;
pub mod secret_hash;
pub mod tokens;
pub mod totp;
