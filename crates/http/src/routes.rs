//! Which methods each path answers, taken from the OpenAPI document so it cannot drift from
//! the handlers. Used to answer 405 with `Allow` instead of 404.

use utoipa::openapi::OpenApi;

#[derive(Debug, Default)]
pub struct RouteTable {
    routes: Vec<(Vec<Segment>, Vec<String>)>,
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
            let mut methods: Vec<String> = Vec::new();
            let ops = [
                ("GET", item.get.is_some()),
                ("HEAD", item.get.is_some()),
                ("POST", item.post.is_some()),
                ("PUT", item.put.is_some()),
                ("PATCH", item.patch.is_some()),
                ("DELETE", item.delete.is_some()),
            ];
            for (name, present) in ops {
                if present {
                    methods.push(name.to_owned());
                }
            }
            routes.push((parse(path), methods));
        }
        for (path, methods) in extra {
            routes.push((
                parse(path),
                methods.iter().map(|m| (*m).to_owned()).collect(),
            ));
        }
        Self { routes }
    }

    /// Every method some route accepts for `path`; empty when no route matches it.
    pub fn allowed_methods(&self, path: &str) -> Vec<String> {
        let wanted: Vec<&str> = path.split('/').collect();
        let mut out: Vec<String> = Vec::new();
        for (segments, methods) in &self.routes {
            let matches = segments.len() == wanted.len()
                && segments.iter().zip(&wanted).all(|(s, w)| match s {
                    Segment::Literal(l) => l == w,
                    Segment::Param => !w.is_empty(),
                });
            if matches {
                for m in methods {
                    if !out.contains(m) {
                        out.push(m.clone());
                    }
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
            &[
                ("/api/v1/districts", &["GET"]),
                ("/api/v1/districts/{slug}", &["GET", "PATCH"]),
            ],
        );
        assert_eq!(t.allowed_methods("/api/v1/districts"), ["GET"]);
        assert_eq!(
            t.allowed_methods("/api/v1/districts/konnerud"),
            ["GET", "PATCH"]
        );
        assert!(t.allowed_methods("/api/v1/nope").is_empty());
        assert!(t.allowed_methods("/api/v1/districts/a/b").is_empty());
        assert!(t.allowed_methods("/api/v1/districts/").is_empty());
    }
}
