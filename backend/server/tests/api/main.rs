//! The API's integration tests: one binary, a real server on 127.0.0.1, real databases.
//! Every case runs on SQLite and, when `TEST_DATABASE_URL` is set, on PostgreSQL.

mod helpers;

mod auth;
mod service;
mod sessions;
mod photos;
mod checks;
mod review;
mod demo;
mod reports;
mod storage;
mod hardening;
mod encryption;
mod retention;
mod accounts;
mod login_limits;
mod refresh;
mod screening_gate;
mod officer;
mod audit;
mod audit_appends;
mod receiver;
mod events;
mod webhooks;
mod deliveries;
mod processes;
mod list_refresh;
