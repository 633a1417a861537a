//! Black-box API tests, one binary: each test starts its own app and database.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod accounts;
mod activities;
mod cache;
mod concurrency;
mod errors;
mod feeds;
mod hardening;
mod health;
mod limits;
mod mail;
mod metrics;
mod occurrences;
mod openapi;
mod organisations;
mod reference;
mod reference_admin;
mod seed;
mod volunteering;
mod web_accounts;
mod web_activities;
mod web_admin;
mod web_manage;
mod web_organisations;
mod web_volunteer_manage;
mod web_volunteering;
