//! Reference data the municipality keeps: kommunedeler (districts) and activity categories.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

use crate::text::clean_text;
use crate::{FieldError, ValidationErrors};

/// A kommunedel.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = DistrictDto))]
pub struct District {
    #[serde(skip)]
    pub id: Uuid,
    /// The municipality's number for the kommunedel.
    #[cfg_attr(feature = "openapi", schema(example = "05"))]
    pub code: String,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "konnerud"))]
    pub slug: Slug,
    #[cfg_attr(feature = "openapi", schema(example = "Konnerud og Skoger vest"))]
    pub name: String,
    #[cfg_attr(feature = "openapi", schema(example = "Konnerud"))]
    pub short_name: Option<String>,
    /// No longer offered for new listings; the ones that use it keep it.
    pub retired: bool,
    /// In the ETag, not in the body.
    #[serde(skip)]
    pub version: i32,
}

/// An activity category; `parent` makes a tree (`fotball` → `idrett`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CategoryDto,
    description = "An activity category. A search for a parent also finds its subcategories."))]
pub struct Category {
    #[serde(skip)]
    pub id: Uuid,
    #[cfg_attr(feature = "openapi", schema(value_type = String, example = "fotball"))]
    pub slug: Slug,
    #[cfg_attr(feature = "openapi", schema(example = "Fotball"))]
    pub name: String,
    /// The slug of the parent category, if any.
    #[cfg_attr(feature = "openapi", schema(value_type = Option<String>, example = "idrett"))]
    pub parent: Option<Slug>,
    /// No longer offered for new activities; the ones that have it keep it.
    pub retired: bool,
    /// In the ETag, not in the body.
    #[serde(skip)]
    pub version: i32,
}

/// A URL-safe identifier: lowercase ASCII letters, digits and single inner hyphens, 1–64
/// characters (`rodskog-gulskogen`). Norwegian letters are spelled out in slugs (`svomming`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    pub const MAX_LEN: usize = 64;

    pub fn parse(field: &str, value: &str) -> Result<Self, FieldError> {
        let ok = !value.is_empty()
            && value.len() <= Self::MAX_LEN
            && value.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && !value.starts_with('-')
            && !value.ends_with('-')
            && !value.contains("--");
        if ok {
            Ok(Self(value.to_owned()))
        } else {
            Err(FieldError::new(
                field,
                "must be 1–64 lowercase letters a–z, digits or single hyphens",
            ))
        }
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Display for Slug {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

// ---- changes by the municipality's admins ---------------------------------------------

/// Longest name of a district or category, and of a district's short name.
pub const MAX_NAME: usize = 200;
pub const MAX_SHORT_NAME: usize = 100;

/// A new kommunedel as an admin typed it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CreateDistrictRequest,
    description = "A new kommunedel."))]
pub struct DistrictInput {
    /// Lowercase letters a–z, digits and single hyphens, 1–64 characters; unique, and never
    /// changes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "lier"))]
    pub slug: String,
    /// The municipality's number: 1–8 letters or digits; unique.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "11"))]
    pub code: String,
    /// 1–200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "Lier og Sylling"))]
    pub name: String,
    /// 1–100 characters.
    #[cfg_attr(feature = "openapi", schema(example = "Lier"))]
    pub short_name: Option<String>,
}

/// A new kommunedel that passed [`DistrictInput::parse`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewDistrict {
    pub slug: Slug,
    pub code: String,
    pub name: String,
    pub short_name: Option<String>,
}

/// A new category as an admin typed it.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema), schema(as = CreateCategoryRequest,
    description = "A new category."))]
pub struct CategoryInput {
    /// Lowercase letters a–z, digits and single hyphens, 1–64 characters; unique, and never
    /// changes.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "klatring"))]
    pub slug: String,
    /// 1–200 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, example = "Klatring"))]
    pub name: String,
    /// The slug of an existing category that is not retired.
    #[cfg_attr(feature = "openapi", schema(example = "idrett"))]
    pub parent: Option<String>,
}

/// A new category that passed [`CategoryInput::parse`] (its parent is checked against the
/// tree with [`check_parent`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCategory {
    pub slug: Slug,
    pub name: String,
    pub parent: Option<Slug>,
}

/// What a change of a district or of a category may say of either: absent fields keep their
/// value.
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub name: Option<String>,
    pub retired: Option<bool>,
    /// Fields the request named that never change once created (`slug`, a district's
    /// `code`): each is refused.
    pub fixed: Vec<String>,
}

/// A change of a kommunedel; `short_name: Some(None)` clears it.
#[derive(Debug, Clone, Default)]
pub struct DistrictChange {
    pub common: Change,
    pub short_name: Option<Option<String>>,
}

/// A change of a category; `parent: Some(None)` makes it a top-level category.
#[derive(Debug, Clone, Default)]
pub struct CategoryChange {
    pub common: Change,
    pub parent: Option<Option<String>>,
}

/// The municipality's number of a kommunedel: 1–8 letters or digits, e.g. `05`.
fn parse_code(field: &str, value: &str) -> Result<String, FieldError> {
    let value = value.trim();
    if (1..=8).contains(&value.len()) && value.bytes().all(|b| b.is_ascii_alphanumeric()) {
        Ok(value.to_owned())
    } else {
        Err(FieldError::new(field, "must be 1–8 letters A–Z or digits"))
    }
}

fn parse_name(value: &str) -> Result<String, FieldError> {
    clean_text("name", value, 1, MAX_NAME)
}

fn parse_short_name(value: &str) -> Result<String, FieldError> {
    clean_text("short_name", value, 1, MAX_SHORT_NAME)
}

impl Change {
    /// Refuses the fixed fields named, and sets the `name` and `retired` of what changes as
    /// this change says; every bad field is recorded in `errors`.
    fn apply(&self, name: &mut String, retired: &mut bool, errors: &mut ValidationErrors) {
        for field in &self.fixed {
            errors.push(field.clone(), "cannot be changed once created");
        }
        if let Some(new) = &self.name
            && let Some(new) = errors.check(parse_name(new))
        {
            *name = new;
        }
        if let Some(new) = self.retired {
            *retired = new;
        }
    }
}

impl DistrictInput {
    /// Checks every field, naming each bad one.
    pub fn parse(&self) -> Result<NewDistrict, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let slug = errors.check(Slug::parse("slug", self.slug.trim()));
        let code = errors.check(parse_code("code", &self.code));
        let name = errors.check(parse_name(&self.name));
        let short_name = errors.check_optional(self.short_name.as_deref(), parse_short_name);
        match (slug, code, name) {
            (Some(slug), Some(code), Some(name)) if errors.is_empty() => {
                Ok(NewDistrict { slug, code, name, short_name })
            }
            _ => Err(errors),
        }
    }
}

impl CategoryInput {
    /// Checks every field, naming each bad one; the parent must be a category of `tree`
    /// that is not retired (see [`check_parent`]).
    pub fn parse(&self, tree: &[Category]) -> Result<NewCategory, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let slug = errors.check(Slug::parse("slug", self.slug.trim()));
        let name = errors.check(parse_name(&self.name));
        let parent = errors.check_optional(self.parent.as_deref(), |v| Slug::parse("parent", v));
        if parent.is_some() && parent == slug {
            errors.push("parent", OWN_ANCESTOR);
        } else {
            // A new category has no descendants: only the parent itself is checked.
            errors.check(check_parent(None, parent.as_ref(), None, tree));
        }
        match (slug, name) {
            (Some(slug), Some(name)) if errors.is_empty() => Ok(NewCategory { slug, name, parent }),
            _ => Err(errors),
        }
    }
}

const OWN_ANCESTOR: &str = "cannot be the category itself or one of its subcategories";
const IN_A_LOOP: &str = "is in a loop of parent categories";

impl District {
    /// The district as `change` leaves it; every bad field is named. The slug and the code
    /// stay as they are.
    pub fn changed(&self, change: &DistrictChange) -> Result<District, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut out = self.clone();
        change.common.apply(&mut out.name, &mut out.retired, &mut errors);
        if let Some(short_name) = &change.short_name {
            out.short_name = errors.check_optional(short_name.as_deref(), parse_short_name);
        }
        errors.finish().map(|()| out)
    }
}

impl Category {
    /// The category as `change` leaves it, its parent checked against `tree` (see
    /// [`check_parent`]; the parent it has may stay even when retired); every bad field is
    /// named. The slug stays as it is.
    pub fn changed(
        &self, change: &CategoryChange, tree: &[Category],
    ) -> Result<Category, ValidationErrors> {
        let mut errors = ValidationErrors::new();
        let mut out = self.clone();
        change.common.apply(&mut out.name, &mut out.retired, &mut errors);
        if let Some(parent) = &change.parent {
            out.parent = errors.check_optional(parent.as_deref(), |v| Slug::parse("parent", v));
            if !errors.fields().contains(&"parent") {
                let checked =
                    check_parent(Some(&self.slug), out.parent.as_ref(), self.parent.as_ref(), tree);
                errors.check(checked);
            }
        }
        errors.finish().map(|()| out)
    }
}

/// Whether `parent` may be the parent of `category` (`None` for a new one, which has no
/// descendants yet), given the categories of `tree`: it must exist, must not be retired
/// (unless it is the parent the category has already, `kept`), and must not be the category
/// itself or one of its descendants.
pub fn check_parent(
    category: Option<&Slug>, parent: Option<&Slug>, kept: Option<&Slug>, categories: &[Category],
) -> Result<(), FieldError> {
    let Some(parent) = parent else {
        return Ok(());
    };
    let find = |s: &Slug| categories.iter().find(|c| &c.slug == s);
    let Some(found) = find(parent) else {
        return Err(FieldError::new("parent", "is not a known category"));
    };
    if found.retired && Some(parent) != kept {
        return Err(FieldError::new("parent", "is retired"));
    }
    // Up from the new parent: meeting the category itself would close a loop. A walk longer
    // than the tree is a loop already in the data (written behind the application's back):
    // refused too, rather than built on.
    let mut at = Some(found);
    for _ in 0..=categories.len() {
        let Some(c) = at else {
            return Ok(());
        };
        if Some(&c.slug) == category {
            return Err(FieldError::new("parent", OWN_ANCESTOR));
        }
        at = c.parent.as_ref().and_then(find);
    }
    Err(FieldError::new("parent", IN_A_LOOP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_reference_slugs() {
        for s in ["konnerud", "rodskog-gulskogen", "stromso-ovre", "a1"] {
            assert_eq!(Slug::parse("district", s).unwrap().as_str(), s);
        }
    }

    #[test]
    fn refuses_malformed_slugs_naming_the_field() {
        for s in ["", "Konnerud", "strømsø", "-a", "a-", "a--b", "a b", &"a".repeat(65)] {
            let err = Slug::parse("district", s).unwrap_err();
            assert_eq!(err.field, "district", "{s:?}");
        }
    }

    fn slug(s: &str) -> Slug {
        Slug::parse("slug", s).unwrap()
    }

    fn category(s: &str, parent: Option<&str>, retired: bool) -> Category {
        Category {
            id: Uuid::nil(),
            slug: slug(s),
            name: s.to_owned(),
            parent: parent.map(slug),
            retired,
            version: 1,
        }
    }

    /// idrett › ballspill › fotball, a retired top-level category, and a loop written
    /// behind the application's back.
    fn tree() -> Vec<Category> {
        vec![
            category("idrett", None, false),
            category("ballspill", Some("idrett"), false),
            category("fotball", Some("ballspill"), false),
            category("gammelt", None, true),
            category("ring-a", Some("ring-b"), false),
            category("ring-b", Some("ring-a"), false),
        ]
    }

    fn fields(result: Result<impl std::fmt::Debug, ValidationErrors>) -> Vec<String> {
        match result {
            Ok(_) => Vec::new(),
            Err(e) => e.fields().into_iter().map(str::to_owned).collect(),
        }
    }

    fn common(name: Option<&str>, retired: Option<bool>, fixed: &[&str]) -> Change {
        Change {
            name: name.map(str::to_owned),
            retired,
            fixed: fixed.iter().map(|f| (*f).to_owned()).collect(),
        }
    }

    #[test]
    fn new_districts_name_every_bad_field() {
        let long = "x".repeat(MAX_NAME + 1);
        // (slug, code, name, short name, the fields named bad)
        type Case<'a> = (&'a str, &'a str, &'a str, Option<&'a str>, &'a [&'a str]);
        let cases: &[Case] = &[
            ("lier", "11", "Lier", None, &[]),
            ("lier", "11", "  Lier  ", Some(" "), &[]),
            ("lier", "A7", "Lier", Some("Lier"), &[]),
            ("Lier", "11", "Lier", None, &["slug"]),
            ("", "", "", None, &["slug", "code", "name"]),
            ("lier", "1 1", "Lier", None, &["code"]),
            ("lier", "123456789", "Lier", None, &["code"]),
            ("lier", "11", &long, None, &["name"]),
            ("lier", "11", "Lier", Some(&long), &["short_name"]),
            ("a--b", "-", " ", None, &["slug", "code", "name"]),
        ];
        for (slug, code, name, short_name, want) in cases {
            let input = DistrictInput {
                slug: (*slug).to_owned(),
                code: (*code).to_owned(),
                name: (*name).to_owned(),
                short_name: short_name.map(str::to_owned),
            };
            assert_eq!(fields(input.parse()), *want, "{slug:?} {code:?} {name:?}");
        }
        let ok = DistrictInput {
            slug: "lier".into(),
            code: " 11 ".into(),
            name: " Lier ".into(),
            short_name: Some("".into()),
        };
        let ok = ok.parse().unwrap();
        assert_eq!((ok.code.as_str(), ok.name.as_str(), ok.short_name), ("11", "Lier", None));
    }

    #[test]
    fn new_categories_name_every_bad_field() {
        let cases: &[(&str, &str, Option<&str>, &[&str])] = &[
            ("klatring", "Klatring", None, &[]),
            ("klatring", "Klatring", Some("idrett"), &[]),
            ("klatring", "Klatring", Some(""), &[]),
            ("klatring", "Klatring", Some("klatring"), &["parent"]),
            ("klatring", "Klatring", Some("curling"), &["parent"]),
            ("klatring", "Klatring", Some("gammelt"), &["parent"]),
            ("Klatring", "", Some("Idrett"), &["slug", "name", "parent"]),
            ("Klatring", "", Some("curling"), &["slug", "name", "parent"]),
            ("klatring", "\u{7}", None, &["name"]),
        ];
        for (slug, name, parent, want) in cases {
            let input = CategoryInput {
                slug: (*slug).to_owned(),
                name: (*name).to_owned(),
                parent: parent.map(str::to_owned),
            };
            assert_eq!(fields(input.parse(&tree())), *want, "{slug:?} {name:?} {parent:?}");
        }
    }

    #[test]
    fn district_changes_keep_the_slug_and_refuse_fixed_fields() {
        let konnerud = District {
            id: Uuid::nil(),
            code: "05".into(),
            slug: slug("konnerud"),
            name: "Konnerud".into(),
            short_name: Some("Konn.".into()),
            retired: false,
            version: 3,
        };
        let change = |name: Option<&str>, short: Option<Option<&str>>, retired, fixed: &[&str]| {
            DistrictChange {
                common: common(name, retired, fixed),
                short_name: short.map(|s| s.map(str::to_owned)),
            }
        };
        let renamed = konnerud.changed(&change(Some(" Konnerud og Skoger "), None, None, &[]));
        let renamed = renamed.unwrap();
        assert_eq!(
            (renamed.name.as_str(), renamed.slug.as_str()),
            ("Konnerud og Skoger", "konnerud")
        );
        assert_eq!(renamed.short_name.as_deref(), Some("Konn."));
        let cleared = konnerud.changed(&change(None, Some(None), Some(true), &[])).unwrap();
        assert_eq!(
            (cleared.short_name, cleared.retired, cleared.name),
            (None, true, konnerud.name.clone())
        );
        let cases: &[(DistrictChange, &[&str])] = &[
            (change(None, None, None, &[]), &[]),
            (change(Some(""), None, None, &[]), &["name"]),
            (change(Some("Ny"), None, None, &["slug"]), &["slug"]),
            (
                change(Some(""), Some(Some(&"x".repeat(101))), None, &["slug", "code"]),
                &["slug", "code", "name", "short_name"],
            ),
        ];
        for (c, want) in cases {
            assert_eq!(fields(konnerud.changed(c)), *want, "{c:?}");
        }
    }

    #[test]
    fn category_changes_check_their_fields() {
        let tree = tree();
        let fotball = tree[2].clone();
        let change =
            |name: Option<&str>, parent: Option<Option<&str>>, fixed: &[&str]| CategoryChange {
                common: common(name, None, fixed),
                parent: parent.map(|p| p.map(str::to_owned)),
            };
        let top = fotball.changed(&change(None, Some(None), &[]), &tree).unwrap();
        assert_eq!(top.parent, None);
        let moved = fotball.changed(&change(Some("Fotball"), Some(Some("idrett")), &[]), &tree);
        assert_eq!(moved.unwrap().parent, Some(slug("idrett")));
        let cases: &[(CategoryChange, &[&str])] = &[
            (change(None, None, &[]), &[]),
            (change(None, Some(Some("fotball")), &[]), &["parent"]),
            (change(None, Some(Some("Ikke slug")), &[]), &["parent"]),
            (change(None, Some(Some("curling")), &[]), &["parent"]),
            (change(None, Some(Some("gammelt")), &[]), &["parent"]),
            (change(Some(" "), None, &["slug"]), &["slug", "name"]),
        ];
        for (c, want) in cases {
            assert_eq!(fields(fotball.changed(c, &tree)), *want, "{c:?}");
        }
    }

    #[test]
    fn a_parent_must_exist_be_active_and_not_descend_from_the_category() {
        let tree = tree();
        // (category, new parent, parent it has now, the error's message); "" is new.
        type Case<'a> = (&'a str, Option<&'a str>, Option<&'a str>, Option<&'a str>);
        let cases: &[Case] = &[
            ("fotball", None, Some("ballspill"), None),
            ("fotball", Some("idrett"), Some("ballspill"), None),
            ("", Some("idrett"), None, None),
            ("", Some("ring-a"), None, Some(IN_A_LOOP)),
            ("", Some("curling"), None, Some("is not a known category")),
            ("", Some("gammelt"), None, Some("is retired")),
            ("fotball", Some("gammelt"), Some("gammelt"), None),
            ("idrett", Some("idrett"), None, Some(OWN_ANCESTOR)),
            ("idrett", Some("fotball"), None, Some(OWN_ANCESTOR)),
            ("ballspill", Some("fotball"), Some("idrett"), Some(OWN_ANCESTOR)),
            ("idrett", Some("ring-a"), None, Some(IN_A_LOOP)),
        ];
        for (c, parent, kept, want) in cases {
            let got = check_parent(
                (!c.is_empty()).then(|| slug(c)).as_ref(),
                parent.map(slug).as_ref(),
                kept.map(slug).as_ref(),
                &tree,
            );
            match (got, want) {
                (Ok(()), None) => {}
                (Err(e), Some(message)) => {
                    assert_eq!(
                        (e.field.as_str(), e.message.as_str()),
                        ("parent", *message),
                        "{c} → {parent:?}"
                    );
                }
                (got, want) => panic!("{c} → {parent:?}: got {got:?}, want {want:?}"),
            }
        }
    }
}
