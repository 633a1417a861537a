//! Which methods each path answers, and which query parameters each operation takes, taken
//! from the OpenAPI document so they cannot drift from the handlers. Used to answer 405 with
//! `Allow` instead of 404, and 422 for a query parameter an operation does not have.

use utoipa::openapi::path::{Operation, ParameterIn};
use utoipa::openapi::{OpenApi, RefOr};

/// A route: its path segments, and each method with the query parameters it takes.
type Route = (Vec<Segment>, Vec<(String, Vec<String>)>);

#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<Route>,
}

fn query_parameters(op: Option<&Operation>) -> Vec<String> {
    op.and_then(|op| op.parameters.as_ref())
        .map(|ps| {
            ps.iter()
                .filter_map(|p| match p {
                    RefOr::T(p) if p.parameter_in == ParameterIn::Query => Some(p.name.clone()),
                    _ => None,
                })
                .collect()
        })
        .unwrap_or_default()
}

#[derive(Debug, PartialEq)]
enum Segment {
    Literal(String),
    Param,
}

impl RouteTable {
    pub fn from_openapi(api: &OpenApi, extra: &[(&str, &[&str])]) -> Self {
        let mut routes = Vec::new();
        for (path, item) in api.paths.paths.iter() {
            let ops = [
                ("GET", item.get.as_ref()),
                ("HEAD", item.get.as_ref()),
                ("POST", item.post.as_ref()),
                ("PUT", item.put.as_ref()),
                ("PATCH", item.patch.as_ref()),
                ("DELETE", item.delete.as_ref()),
            ];
            let methods = ops
                .into_iter()
                .filter(|(_, op)| op.is_some())
                .map(|(name, op)| (name.to_owned(), query_parameters(op)))
                .collect();
            routes.push((parse(path), methods));
        }
        for (path, methods) in extra {
            routes.push((
                parse(path),
                methods.iter().map(|m| ((*m).to_owned(), Vec::new())).collect(),
            ));
        }
        Self { routes }
    }

    fn matching<'a>(&'a self, path: &str) -> Vec<&'a Route> {
        let wanted: Vec<&str> = path.split('/').collect();
        self.routes
            .iter()
            .filter(|(segments, _)| {
                segments.len() == wanted.len()
                    && segments.iter().zip(&wanted).all(|(s, w)| match s {
                        Segment::Literal(l) => l == w,
                        Segment::Param => !w.is_empty(),
                    })
            })
            .collect()
    }

    /// The query parameters `method` on `path` takes; `None` when no route answers it.
    pub fn query_parameters<'a>(&'a self, path: &str, method: &str) -> Option<Vec<&'a str>> {
        let mut found = None;
        for (_, methods) in self.matching(path) {
            for (m, params) in methods {
                if m == method {
                    found.get_or_insert_with(Vec::new).extend(params.iter().map(String::as_str));
                }
            }
        }
        found
    }

    /// Every method some route accepts for `path`; empty when no route matches it.
    pub fn allowed_methods(&self, path: &str) -> Vec<String> {
        let mut out: Vec<String> = Vec::new();
        for (_, methods) in self.matching(path) {
            for (m, _) in methods {
                if !out.contains(m) {
                    out.push(m.clone());
                }
            }
        }
        out
    }
}

fn parse(path: &str) -> Vec<Segment> {
    path.split('/')
        .map(|s| {
            if s.starts_with('{') && s.ends_with('}') {
                Segment::Param
            } else {
                Segment::Literal(s.to_owned())
            }
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn matches_templates_and_literals() {
        let t = RouteTable::from_openapi(
            &OpenApi::default(),
            &[("/api/v1/districts", &["GET"]), ("/api/v1/districts/{slug}", &["GET", "PATCH"])],
        );
        assert_eq!(t.allowed_methods("/api/v1/districts"), ["GET"]);
        assert_eq!(t.allowed_methods("/api/v1/districts/konnerud"), ["GET", "PATCH"]);
        assert!(t.allowed_methods("/api/v1/nope").is_empty());
        assert!(t.allowed_methods("/api/v1/districts/a/b").is_empty());
        assert!(t.allowed_methods("/api/v1/districts/").is_empty());
    }
}
