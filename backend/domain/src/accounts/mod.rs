pub mod password;
pub mod totp;
