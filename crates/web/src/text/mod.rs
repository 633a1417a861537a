//! Every user-facing string of the pages, in a Project Fluent catalog: `i18n/nb/*.ftl`
//! (Norwegian bokmål, klarspråk), one file per page group, built into the binary and parsed
//! once. Nynorsk and English can be added as further folders of the same messages. Templates
//! and page code ask [`Text`] for a message by its id: `t.get("about-title")`, or with
//! variables, `t.with("list-chosen", &[("count", n.into())])`.
//!
//! A message's attributes hold what belongs to it: the paragraphs under a heading (`.p1`,
//! `.p2`, … in order, [`Text::attrs`]), the names of a domain code's values
//! (`org-kind.association`), the messages for refused fields (`.error-q`).
//!
//! The unit tests below make sure that the catalog parses, has no id twice, and has exactly
//! the messages the templates and the code ask for; so a missing message (answered with its
//! id and a warning in the log) cannot reach a page.

use std::borrow::Cow;
use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

/// The bokmål catalog, as (file name, source).
const NB_FILES: [(&str, &str); 9] = [
    ("common.ftl", include_str!("../../i18n/nb/common.ftl")),
    ("activities.ftl", include_str!("../../i18n/nb/activities.ftl")),
    ("organisations.ftl", include_str!("../../i18n/nb/organisations.ftl")),
    ("volunteering.ftl", include_str!("../../i18n/nb/volunteering.ftl")),
    ("account.ftl", include_str!("../../i18n/nb/account.ftl")),
    ("about.ftl", include_str!("../../i18n/nb/about.ftl")),
    ("manage.ftl", include_str!("../../i18n/nb/manage.ftl")),
    ("manage_volunteering.ftl", include_str!("../../i18n/nb/manage_volunteering.ftl")),
    ("admin.ftl", include_str!("../../i18n/nb/admin.ftl")),
];

/// The pages' strings in bokmål, parsed at first use.
pub static NB: LazyLock<Text> = LazyLock::new(|| Text::load("nb", &NB_FILES));

/// A message's variables: name and value.
pub type Args<'a> = [(&'a str, FluentValue<'a>)];

/// One language's messages.
pub struct Text {
    /// The language's tag, for `<html lang>`.
    lang: &'static str,
    bundle: FluentBundle<FluentResource>,
    /// What was wrong with the catalog when it was loaded (a syntax error, an id given
    /// twice); empty, as the tests make sure. Logged when loaded.
    #[cfg_attr(not(test), allow(dead_code))]
    problems: Vec<String>,
}

impl std::fmt::Debug for Text {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Text").field("lang", &self.lang).finish_non_exhaustive()
    }
}

impl Text {
    /// Parses `files`. A broken entry is left out and logged (and fails the tests); the
    /// others still serve.
    fn load(lang: &'static str, files: &[(&str, &'static str)]) -> Self {
        let mut bundle = FluentBundle::new_concurrent(vec![lang.parse().unwrap_or_default()]);
        // No Unicode isolation marks around variables: they would land in the HTML.
        bundle.set_use_isolating(false);
        let mut problems = Vec::new();
        for (name, source) in files {
            let resource = match FluentResource::try_new((*source).to_owned()) {
                Ok(resource) => resource,
                Err((resource, errors)) => {
                    for e in errors {
                        let line = source.get(..e.pos.start).map_or(0, |s| s.lines().count());
                        problems.push(format!("{name}, line {line}: {:?}", e.kind));
                    }
                    resource
                }
            };
            if let Err(errors) = bundle.add_resource(resource) {
                problems.extend(errors.into_iter().map(|e| format!("{name}: {e}")));
            }
        }
        for problem in &problems {
            tracing::error!(%problem, "the message catalog is broken");
        }
        Self { lang, bundle, problems }
    }

    /// The language's tag.
    pub fn lang(&self) -> &'static str {
        self.lang
    }

    /// The message `id`.
    pub fn get(&'static self, id: &str) -> Cow<'static, str> {
        self.with(id, &[])
    }

    /// The message `id` with its variables.
    pub fn with(&'static self, id: &str, args: &Args) -> Cow<'static, str> {
        self.format(id, None, args).unwrap_or_else(|| missing(id, None))
    }

    /// The attribute `attr` of the message `id`.
    pub fn attr(&'static self, id: &str, attr: &str) -> Cow<'static, str> {
        self.attr_with(id, attr, &[])
    }

    /// The attribute `attr` of the message `id`, with variables.
    pub fn attr_with(&'static self, id: &str, attr: &str, args: &Args) -> Cow<'static, str> {
        self.format(id, Some(attr), args).unwrap_or_else(|| missing(id, Some(attr)))
    }

    /// The attribute `attr` of the message `id`, if it has one (for messages that exist only
    /// for some values, with a fallback elsewhere).
    pub fn attr_opt(&'static self, id: &str, attr: &str, args: &Args) -> Option<Cow<'static, str>> {
        self.format(id, Some(attr), args)
    }

    /// Every attribute of the message `id`, in the catalog's order: the paragraphs under a
    /// heading.
    pub fn attrs(&'static self, id: &str) -> Vec<Cow<'static, str>> {
        self.attrs_with(id, &[])
    }

    /// Every attribute of the message `id`, with variables.
    pub fn attrs_with(&'static self, id: &str, args: &Args) -> Vec<Cow<'static, str>> {
        let Some(message) = self.bundle.get_message(id) else {
            return vec![missing(id, None)];
        };
        message.attributes().filter_map(|a| self.format(id, Some(a.id()), args)).collect()
    }

    /// The message `id` (or its attribute `attr`), if there is one.
    fn format(
        &'static self, id: &str, attr: Option<&str>, args: &Args,
    ) -> Option<Cow<'static, str>> {
        let message = self.bundle.get_message(id)?;
        let pattern = match attr {
            None => message.value()?,
            Some(attr) => message.get_attribute(attr)?.value(),
        };
        let args = (!args.is_empty()).then(|| {
            let mut fluent = FluentArgs::with_capacity(args.len());
            for (name, value) in args {
                fluent.set(*name, value.clone());
            }
            fluent
        });
        let mut errors = Vec::new();
        let text = self.bundle.format_pattern(pattern, args.as_ref(), &mut errors);
        for e in errors {
            tracing::warn!(id, attr, error = %e, "a message did not format");
        }
        Some(text)
    }
}

/// What stands in for a missing message: its id, which the log names too.
fn missing(id: &str, attr: Option<&str>) -> Cow<'static, str> {
    tracing::warn!(id, attr, "no such message in the catalog");
    match attr {
        Some(attr) => Cow::Owned(format!("{id}.{attr}")),
        None => Cow::Owned(id.to_owned()),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use super::*;

    /// The attributes every list page's message (`*-list`) has; `intro`, `q-help` and
    /// `error-*` are optional.
    const LIST_ATTRIBUTES: [&str; 7] = [
        "filters-heading",
        "q-label",
        "apply-filters",
        "results-heading",
        "no-results",
        "no-results-help",
        "none-yet",
    ];

    /// The lookups that name a message by a literal id, as written in the templates and
    /// the code: `t.get("id")`, `layout.t.attr("id", "attr")`, `NB.with("id", …)`, ….
    const METHODS: [&str; 7] =
        ["get", "with", "attr", "attr_with", "attr_opt", "attrs", "attrs_with"];
    /// What the catalog is called where it is asked.
    const RECEIVERS: [&str; 2] = ["t", "NB"];

    fn ids(files: &[(&str, &str)]) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for (_, source) in files {
            let resource = FluentResource::try_new((*source).to_owned()).unwrap();
            for entry in resource.entries() {
                if let fluent_syntax::ast::Entry::Message(m) = entry {
                    ids.insert(m.id.name.to_owned());
                }
            }
        }
        ids
    }

    /// The web crate's templates and sources, without their test modules.
    fn sources() -> Vec<(String, String)> {
        fn walk(dir: &Path, out: &mut Vec<(String, String)>) {
            for entry in std::fs::read_dir(dir).unwrap() {
                let path = entry.unwrap().path();
                if path.is_dir() {
                    walk(&path, out);
                } else if path.extension().is_some_and(|e| e == "rs" || e == "html") {
                    let text = std::fs::read_to_string(&path).unwrap();
                    let code = text.split("#[cfg(test)]").next().unwrap();
                    // Without comments, which may name ids that nothing asks for.
                    let code = code
                        .lines()
                        .filter(|l| !l.trim_start().starts_with("//"))
                        .collect::<Vec<_>>()
                        .join("\n");
                    out.push((path.display().to_string(), code));
                }
            }
        }
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut out = Vec::new();
        walk(&root.join("src"), &mut out);
        walk(&root.join("templates"), &mut out);
        assert!(out.len() > 20, "found only {} source files", out.len());
        out
    }

    /// Every (id, attribute) named by a literal in a lookup call.
    fn lookups(sources: &[(String, String)]) -> Vec<(String, String, Option<String>)> {
        let mut found = Vec::new();
        for (file, code) in sources {
            for method in METHODS {
                let call = format!(".{method}(\"");
                for (at, _) in code.match_indices(&call) {
                    // The receiver is the catalog, standing alone (`layout.t.get`, `NB.get`;
                    // not `list.text(` or `headers.get(`).
                    let before = &code[..at];
                    let receiver = before
                        .rsplit(|c: char| !(c.is_alphanumeric() || c == '_'))
                        .next()
                        .unwrap_or_default();
                    if !RECEIVERS.contains(&receiver) {
                        continue;
                    }
                    let rest = &code[at + call.len()..];
                    let id = rest.split('"').next().unwrap().to_owned();
                    let after = rest[id.len() + 1..].trim_start();
                    let attr = (method.starts_with("attr") && !method.starts_with("attrs"))
                        .then(|| after.strip_prefix(',').map(str::trim_start))
                        .flatten()
                        .and_then(|a| a.strip_prefix('"'))
                        .map(|a| a.split('"').next().unwrap().to_owned());
                    found.push((file.clone(), id, attr));
                }
            }
        }
        found
    }

    #[test]
    fn the_catalog_parses_and_names_every_message_once() {
        assert!(NB.problems.is_empty(), "{:#?}", NB.problems);
        assert_eq!(NB.lang(), "nb");
        let total: usize = NB_FILES.iter().map(|(_, s)| ids(&[("", s)]).len()).sum();
        assert_eq!(ids(&NB_FILES).len(), total, "an id is in two files");
        assert!(total > 200, "only {total} messages");
    }

    #[test]
    fn a_broken_catalog_is_reported_not_panicked_on() {
        let text = Box::leak(Box::new(Text::load(
            "nb",
            &[("a.ftl", "one = En\ntwo = { $x\n"), ("b.ftl", "one = Igjen\nthree = Tre\n")],
        )));
        assert_eq!(text.problems.len(), 2, "{:#?}", text.problems);
        assert!(text.problems[0].starts_with("a.ftl, line 2"), "{}", text.problems[0]);
        assert!(text.problems[1].contains("one"), "{}", text.problems[1]);
        // What parsed still serves; a missing message shows its id.
        assert_eq!(text.get("one"), "En");
        assert_eq!(text.get("three"), "Tre");
        assert_eq!(text.get("two"), "two");
        assert_eq!(text.attr("one", "nope"), "one.nope");
    }

    #[test]
    fn every_message_asked_for_exists_and_every_message_is_asked_for() {
        let sources = sources();
        let found = lookups(&sources);
        assert!(found.len() > 250, "found only {} lookups", found.len());
        for id in ["list-chosen", "account-login-failed", "volunteer-field-error", "kroner"] {
            assert!(found.iter().any(|(_, i, _)| i == id), "the scan missed {id}");
        }
        let mut lacking = Vec::new();
        for (file, id, attr) in &found {
            let exists = NB.bundle.get_message(id).is_some_and(|message| {
                attr.as_ref().is_none_or(|attr| message.get_attribute(attr).is_some())
            });
            if !exists {
                let name = attr.as_ref().map_or(id.clone(), |attr| format!("{id}.{attr}"));
                lacking.push(format!("{file}: {name}"));
            }
        }
        assert!(lacking.is_empty(), "asked for, not in the catalog: {lacking:#?}");
        // A message is in use if its id is written anywhere in the sources (list pages keep
        // theirs in their form).
        let written: String = sources.iter().map(|(_, code)| code.as_str()).collect();
        let dead: Vec<_> = ids(&NB_FILES)
            .into_iter()
            .filter(|id| !written.contains(&format!("\"{id}\"")))
            .collect();
        assert!(dead.is_empty(), "messages no page uses: {dead:?}");
    }

    #[test]
    fn list_pages_have_their_strings() {
        let lists: Vec<_> = ids(&NB_FILES).into_iter().filter(|id| id.ends_with("-list")).collect();
        assert_eq!(lists, ["activities-list", "org-list", "volunteer-list"]);
        for id in &lists {
            let message = NB.bundle.get_message(id).unwrap();
            assert!(message.value().is_some(), "{id} has no title");
            for attr in LIST_ATTRIBUTES {
                assert!(message.get_attribute(attr).is_some(), "{id} lacks .{attr}");
            }
        }
    }

    #[test]
    fn every_code_has_a_name() {
        use fritid_domain::account::OrgRole;
        use fritid_domain::activity::TargetGroup;
        use fritid_domain::organisation::{OrganisationKind, OrganisationStatus};
        use fritid_domain::volunteering::Commitment;
        let named = |id: &str, codes: Vec<&str>| {
            let message = NB.bundle.get_message(id).unwrap();
            for code in codes {
                assert!(message.get_attribute(code).is_some(), "{id} has no .{code}");
            }
        };
        named("org-kind", OrganisationKind::ALL.iter().map(|k| k.as_str()).collect());
        named("volunteer-commitment", Commitment::ALL.iter().map(|c| c.as_str()).collect());
        named("activities-target-groups", TargetGroup::ALL.iter().map(|g| g.as_str()).collect());
        named(
            "account-organisation-status-name",
            OrganisationStatus::ALL.iter().map(|s| s.as_str()).collect(),
        );
        named("account-role-name", OrgRole::ALL.iter().map(|r| r.as_str()).collect());
    }

    #[test]
    fn variables_are_filled_in() {
        let t: &'static Text = &NB;
        assert_eq!(
            t.with("account-signed-in-as", &[("name", "Kari".into()), ("email", "k@x.no".into())]),
            "Du er logget inn som Kari (k@x.no)."
        );
        assert_eq!(
            t.with("form-error-title", &[("title", "Logg inn".into())]),
            "Rett opp skjemaet: Logg inn"
        );
        assert_eq!(
            t.attr_with("volunteer-field-error", "age_confirmed", &[("age", 13.into())]),
            "Kryss av hvis du er 13 år eller eldre. Er du yngre, må en foresatt samtykke."
        );
        let paragraphs = t.attrs_with("about-retention", &[("days", 365.into())]);
        assert_eq!(paragraphs.len(), 2);
        assert!(paragraphs[0].contains(" 365 dager "), "{}", paragraphs[0]);
        assert_eq!(
            t.with("volunteer-when-from-to", &[("from", "1. mai".into()), ("to", "2. mai".into())]),
            "fra 1. mai til 2. mai"
        );
        // No Unicode isolation marks around variables.
        assert!(!t.with("volunteer-receipt-intro", &[]).contains('\u{2068}'));
        let receipt = t.with(
            "volunteer-receipt-intro",
            &[("opportunity", "Leksehjelp".into()), ("organisation", "Røde Kors".into())],
        );
        assert_eq!(receipt, "Vi har sendt interessen din for «Leksehjelp» til Røde Kors.");
    }

    #[test]
    fn counts_choose_their_plural_form() {
        let t: &'static Text = &NB;
        assert_eq!(t.with("list-chosen", &[("count", 1.into())]), "(1 valgt)");
        assert_eq!(t.with("list-chosen", &[("count", 3.into())]), "(3 valgt)");
        // The selector is a real plural one: a catalog whose forms differ shows it.
        let text = Box::leak(Box::new(Text::load(
            "nb",
            &[(
                "a.ftl",
                "n = { $count ->\n    [one] { $count } plass\n   *[other] { $count } plasser\n}\n",
            )],
        )));
        assert!(text.problems.is_empty(), "{:#?}", text.problems);
        assert_eq!(text.with("n", &[("count", 1.into())]), "1 plass");
        assert_eq!(text.with("n", &[("count", 2.into())]), "2 plasser");
        assert_eq!(text.with("n", &[("count", 0.into())]), "0 plasser");
    }
}
