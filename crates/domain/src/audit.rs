//! The audit log: who changed what, and when. Summaries name resources, never personal
//! data of volunteers or passwords.

use uuid::Uuid;

/// A mutation about to be recorded, written in the same transaction as the change itself.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Audit {
    pub actor_id: Option<Uuid>,
    /// `organisation.create`, `member.remove`, …
    pub action: &'static str,
    pub summary: String,
}

impl Audit {
    pub fn new(actor_id: Option<Uuid>, action: &'static str, summary: impl Into<String>) -> Self {
        let mut summary: String = summary.into();
        if summary.chars().count() > 500 {
            summary = summary.chars().take(499).collect::<String>() + "…";
        }
        Self { actor_id, action, summary }
    }
}

/// A recorded entry, as the audit log shows it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema),
    schema(as = AuditEntryDto, description = "One recorded change."))]
pub struct AuditEntry {
    pub id: Uuid,
    pub at: chrono::DateTime<chrono::Utc>,
    /// The user who made the change; `null` for the command line.
    pub actor_id: Option<Uuid>,
    #[cfg_attr(feature = "openapi", schema(example = "organisation.verify"))]
    pub action: String,
    #[cfg_attr(feature = "openapi", schema(example = "organisation"))]
    pub resource_type: String,
    pub resource_id: Option<Uuid>,
    pub summary: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_summaries_are_cut_to_fit() {
        let a = Audit::new(None, "x", "å".repeat(600));
        assert_eq!(a.summary.chars().count(), 500);
    }
}
