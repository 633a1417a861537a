//! Accounts: e-mail addresses, passwords, names and roles.

use crate::FieldError;
use crate::code::codes;
use crate::text::clean_text;

/// An e-mail address, trimmed and lowercased. Uniqueness of accounts is decided on this
/// form, so `Kari@Example.no` and `kari@example.no` are the same person.
///
/// The check is deliberately modest (one `@`, a non-empty local part, a dotted domain of
/// letters, digits and hyphens, no spaces, at most 254 characters): RFC 5322 allows far more,
/// but what we accept must be deliverable by ordinary mail systems.
#[derive(Debug, Clone, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
pub struct Email(String);

impl Email {
    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let bad = || FieldError::new(field, "must be a valid e-mail address");
        let value = value.trim().to_lowercase();
        if value.is_empty() || value.chars().count() > 254 {
            return Err(bad());
        }
        let (local, domain) = value.split_once('@').ok_or_else(bad)?;
        let local_ok = !local.is_empty()
            && local.len() <= 64
            && !local.starts_with('.')
            && !local.ends_with('.')
            && !local.contains("..")
            && local.chars().all(|c| c.is_alphanumeric() || "!#$%&'*+/=?^_`{|}~.-".contains(c));
        let labels: Vec<&str> = domain.split('.').collect();
        let domain_ok = labels.len() >= 2
            && labels.iter().all(|l| {
                !l.is_empty()
                    && l.len() <= 63
                    && !l.starts_with('-')
                    && !l.ends_with('-')
                    && l.chars().all(|c| c.is_alphanumeric() || c == '-')
            })
            && labels
                .last()
                .is_some_and(|tld| tld.len() >= 2 && tld.chars().all(char::is_alphabetic));
        if local_ok && domain_ok { Ok(Self(value)) } else { Err(bad()) }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Email {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

/// A password that meets the policy: 10–128 characters, not one of the most common
/// passwords, not a single repeated character. It never prints itself.
#[derive(Clone, PartialEq, Eq)]
pub struct Password(String);

const COMMON_PASSWORDS: &str = include_str!("common-passwords.txt");

impl Password {
    pub const MIN_CHARS: usize = 10;
    pub const MAX_CHARS: usize = 128;

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let n = value.chars().count();
        if n < Self::MIN_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at least {} characters", Self::MIN_CHARS),
            ));
        }
        if n > Self::MAX_CHARS {
            return Err(FieldError::new(
                field,
                format!("must be at most {} characters", Self::MAX_CHARS),
            ));
        }
        if value.chars().any(|c| c == '\0') {
            return Err(FieldError::new(field, "must not contain NUL characters"));
        }
        let lower = value.to_lowercase();
        let mut chars = lower.chars();
        let first = chars.next();
        if chars.all(|c| Some(c) == first) || is_common(&lower) {
            return Err(FieldError::new(
                field,
                "is too common; choose a longer or less predictable password",
            ));
        }
        Ok(Self(value.to_owned()))
    }

    /// The secret itself, for hashing only.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Password {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Password(***)")
    }
}

fn is_common(lowercased: &str) -> bool {
    COMMON_PASSWORDS
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .any(|l| l == lowercased)
}

/// A person's display name: 1–200 characters.
pub fn parse_person_name(field: &str, value: &str) -> Result<String, FieldError> {
    clean_text(field, value, 1, 200)
}

/// Municipality-wide role.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum GlobalRole {
    User,
    /// A municipality administrator / moderator.
    Admin,
}

codes!(stored GlobalRole {
    User => "user",
    Admin => "admin",
});

/// A member's role in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrgRole {
    /// Manages members, can archive the organisation.
    Owner,
    /// Edits the organisation's profile and content.
    Editor,
}

codes!(input OrgRole {
    Owner => "owner",
    Editor => "editor",
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_normalised() {
        let e = Email::parse("email", "  Kari.Nordmann@Drammen.Kommune.NO ").unwrap();
        assert_eq!(e.as_str(), "kari.nordmann@drammen.kommune.no");
        assert!(Email::parse("email", "ola+fritid@example.no").is_ok());
        assert!(Email::parse("email", "bjørn@eksempel.no").is_ok());
    }

    #[test]
    fn malformed_emails_are_refused() {
        for e in [
            "",
            "kari",
            "kari@",
            "@example.no",
            "kari@example",
            "kari@@example.no",
            "ka ri@example.no",
            "kari@example..no",
            ".kari@example.no",
            "kari@-example.no",
            "kari@example.n0",
            "kari\0@example.no",
        ] {
            let err = Email::parse("email", e).unwrap_err();
            assert_eq!(err.field, "email", "{e:?}");
        }
        assert!(Email::parse("email", &format!("{}@example.no", "a".repeat(65))).is_err());
    }

    #[test]
    fn password_length_is_counted_in_characters() {
        assert!(Password::parse("password", "æøåæøåæøå").is_err()); // 9
        assert!(Password::parse("password", "æøåæøåæøåx").is_ok()); // 10
        assert!(Password::parse("password", &"ab".repeat(64)).is_ok());
        assert!(Password::parse("password", &format!("{}c", "ab".repeat(64))).is_err());
    }

    #[test]
    fn common_and_trivial_passwords_are_refused() {
        for p in ["1234567890", "Password123", "qwertyuiop", "aaaaaaaaaaaa", "passord123"] {
            let err = Password::parse("password", p).unwrap_err();
            assert!(err.message.contains("common"), "{p}: {}", err.message);
        }
        assert!(Password::parse("password", "korrekt hest batteri stift").is_ok());
    }

    #[test]
    fn passwords_do_not_print() {
        let p = Password::parse("password", "hemmelig-og-lang").unwrap();
        assert_eq!(format!("{p:?}"), "Password(***)");
    }

    #[test]
    fn roles_round_trip() {
        for r in [OrgRole::Owner, OrgRole::Editor] {
            assert_eq!(OrgRole::parse("role", r.as_str()).unwrap(), r);
        }
        assert!(OrgRole::parse("role", "admin").is_err());
        assert_eq!(GlobalRole::parse("admin"), Some(GlobalRole::Admin));
    }
}

/// A registered person, without secrets; as JSON, the signed-in user as `GET /me` shows
/// them.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema),
    schema(as = MeDto, description = "The signed-in user."))]
pub struct User {
    pub id: uuid::Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String))]
    pub email: Email,
    pub name: String,
    /// `user` or `admin` (municipality).
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "user"))]
    pub role: GlobalRole,
    pub memberships: Vec<Membership>,
    pub created_at: chrono::DateTime<chrono::Utc>,
    #[serde(skip)]
    pub version: i32,
    /// Moves on at logout and at a password change: an access token issued under an older
    /// one is refused.
    #[serde(skip)]
    pub token_version: i32,
    /// Whether the address has been confirmed through the link e-mailed at registration.
    /// Until it is, the account may sign in but not register an organisation.
    // Accounts made on the command line count as confirmed.
    pub email_verified: bool,
}

impl User {
    pub fn role_in(&self, organisation_id: uuid::Uuid) -> Option<OrgRole> {
        self.memberships.iter().find(|m| m.organisation_id == organisation_id).map(|m| m.role)
    }
}

/// A user's role in one organisation.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = MembershipDto))]
pub struct Membership {
    pub organisation_id: uuid::Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "owner"))]
    pub role: OrgRole,
}
