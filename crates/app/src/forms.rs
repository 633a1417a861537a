//! Tokens that tie a form to this service, against cross-site request forgery on forms that
//! need no account (the volunteer sign-up): the page embeds a token, the POST must bring it
//! back. A token is its expiry and an HMAC-SHA256 of the form's purpose and that expiry, keyed
//! by the service secret, so every node accepts the tokens of every other.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::Utc;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::App;

/// How long a page may stay open before its form is refused (and shown again, with a fresh
/// token and what was typed).
pub const FORM_TOKEN_SECS: i64 = 4 * 3600;

/// The 8 bytes of the expiry (Unix seconds, big-endian) and the 32 of the MAC.
const TOKEN_BYTES: usize = 8 + 32;

fn mac(secret: &[u8], purpose: &str, expires: i64) -> Option<Hmac<Sha256>> {
    let mut mac = Hmac::<Sha256>::new_from_slice(secret).ok()?;
    mac.update(b"fritid form token\0");
    mac.update(purpose.as_bytes());
    mac.update(b"\0");
    mac.update(&expires.to_be_bytes());
    Some(mac)
}

impl App {
    /// A token for a form of `purpose` (e.g. `signup:<opportunity id>`).
    pub fn form_token(&self, purpose: &str) -> String {
        let expires = Utc::now().timestamp() + FORM_TOKEN_SECS;
        let Some(mac) = mac(self.auth_config().jwt_secret.expose(), purpose, expires) else {
            return String::new();
        };
        let mut bytes = expires.to_be_bytes().to_vec();
        bytes.extend_from_slice(&mac.finalize().into_bytes());
        URL_SAFE_NO_PAD.encode(bytes)
    }

    /// Whether `token` was made by [`App::form_token`] for `purpose` and has not expired.
    /// The MAC is compared in constant time.
    pub fn check_form_token(&self, purpose: &str, token: &str) -> bool {
        let Ok(bytes) = URL_SAFE_NO_PAD.decode(token) else {
            return false;
        };
        let Ok(bytes) = <[u8; TOKEN_BYTES]>::try_from(bytes.as_slice()) else {
            return false;
        };
        let (expiry, tag) = bytes.split_at(8);
        let Ok(expiry) = <[u8; 8]>::try_from(expiry) else {
            return false;
        };
        let expires = i64::from_be_bytes(expiry);
        expires >= Utc::now().timestamp()
            && mac(self.auth_config().jwt_secret.expose(), purpose, expires)
                .is_some_and(|mac| mac.verify_slice(tag).is_ok())
    }
}
