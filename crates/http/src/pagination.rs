//! Collection parameters shared by every list: `limit` (1–100, default 20) and `cursor`.

use fritid_domain::ValidationErrors;
use serde::Deserialize;
use utoipa::IntoParams;

use crate::problem::ApiError;

pub const DEFAULT_LIMIT: u64 = 20;
pub const MAX_LIMIT: u64 = 100;

#[derive(Debug, Clone, Deserialize, IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageParams {
    /// Items per page, 1–100 (default 20).
    #[param(minimum = 1, maximum = 100)]
    pub limit: Option<u64>,
    /// `next_cursor` of the previous page.
    pub cursor: Option<String>,
}

impl PageParams {
    pub fn limit(&self, errors: &mut ValidationErrors) -> u64 {
        match self.limit {
            None => DEFAULT_LIMIT,
            Some(n) if (1..=MAX_LIMIT).contains(&n) => n,
            Some(_) => {
                errors.push("limit", "must be between 1 and 100");
                DEFAULT_LIMIT
            }
        }
    }

    pub fn checked_limit(&self) -> Result<u64, ApiError> {
        let mut errors = ValidationErrors::new();
        let limit = self.limit(&mut errors);
        errors.finish()?;
        Ok(limit)
    }
}
