//! Reading the web pages in tests: fetch a page or post a form as a browser would, and pick
//! out the parts a test checks (the `<h1>`, links, hidden fields, the JSON-LD).

use serde_json::Value;

use crate::TestApp;

impl TestApp {
    /// A new app with the demo data set loaded.
    pub async fn with_demo_data() -> TestApp {
        let app = TestApp::spawn().await;
        fritid_server::seed::demo_data(&app.store).await.unwrap();
        app
    }

    /// The ids of the items an API list answers `path` with.
    pub async fn ids(&self, path: &str) -> Vec<String> {
        let body: Value = self.get(path).expect(200).await;
        body["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["id"].as_str().unwrap().to_owned())
            .collect()
    }
}

/// A page's status, `Content-Type` and body.
pub async fn page(app: &TestApp, path: &str) -> (u16, String, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let status = res.status().as_u16();
    let content_type = res
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    (status, content_type, res.text().await.unwrap())
}

/// The HTML page at `path`, after checking its status, that it is HTML, and its heading.
pub async fn html_page(app: &TestApp, path: &str, status: u16, heading: &str) -> String {
    let (got, content_type, html) = page(app, path).await;
    assert_eq!(got, status, "{path}");
    assert!(content_type.starts_with("text/html"), "{path}: {content_type}");
    assert_eq!(h1(&html), heading, "{path}");
    html
}

/// A page's status, headers and body (to see where a redirect leads).
pub async fn page_with_headers(
    app: &TestApp, path: &str,
) -> (u16, reqwest::header::HeaderMap, String) {
    let res = app.client.get(app.url(path)).send().await.unwrap();
    let (status, headers) = (res.status().as_u16(), res.headers().clone());
    (status, headers, res.text().await.unwrap())
}

/// Posts a form (`application/x-www-form-urlencoded`) as a browser would: the status, the
/// headers and the body of the answer.
pub async fn post(
    app: &TestApp, path: &str, fields: &[(&str, &str)],
) -> (u16, reqwest::header::HeaderMap, String) {
    let res = app.client.post(app.url(path)).form(fields).send().await.unwrap();
    let status = res.status().as_u16();
    let headers = res.headers().clone();
    (status, headers, res.text().await.unwrap())
}

/// The text of the page's only `<h1>`.
pub fn h1(html: &str) -> String {
    assert_eq!(html.matches("<h1").count(), 1, "one h1 per page");
    let start = html.find("<h1").unwrap();
    let inner = &html[start..];
    let open_end = inner.find('>').unwrap() + 1;
    let close = inner.find("</h1>").unwrap();
    inner[open_end..close].trim().to_owned()
}

/// What follows `prefix` in every `href="<prefix>…"` of the page, in order.
pub fn links(html: &str, prefix: &str) -> Vec<String> {
    let needle = format!("href=\"{prefix}");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

/// The "next page" link of a list page, unescaped.
pub fn next_link(html: &str) -> Option<String> {
    let i = html.find("rel=\"next\"")?;
    let start = html[..i].rfind("href=\"").unwrap() + "href=\"".len();
    let end = start + html[start..].find('"').unwrap();
    Some(html[start..end].replace("&#38;", "&").replace("&amp;", "&"))
}

/// The value of the hidden input `name`.
pub fn hidden(html: &str, name: &str) -> Option<String> {
    let needle = format!("name=\"{name}\" value=\"");
    let start = html.find(&needle)? + needle.len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}

/// The text of every cell (`<th>` or `<td>`, tags inside left out) of every row of the
/// page's tables, row by row, with `gap` marking the cells of class `gap`.
pub fn table_rows(html: &str) -> Vec<Vec<(String, bool)>> {
    let mut rows = Vec::new();
    for row in html.split("<tr").skip(1) {
        let row = &row[..row.find("</tr>").unwrap()];
        let cells = row
            .split("<t")
            .skip(1)
            .filter(|c| c.starts_with('h') || c.starts_with('d'))
            .map(|cell| {
                let open_end = cell.find('>').unwrap();
                let gap = cell[..open_end].contains("class=\"gap\"");
                let inner = &cell[open_end + 1..];
                let inner = &inner[..inner.find("</t").unwrap()];
                (strip_tags(inner).trim().to_owned(), gap)
            })
            .collect();
        rows.push(cells);
    }
    rows
}

fn strip_tags(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            c if !in_tag => text.push(c),
            _ => {}
        }
    }
    text
}

/// The schema.org JSON-LD of a page.
pub fn json_ld(html: &str) -> Value {
    let open = "<script type=\"application/ld+json\">";
    let start = html.find(open).unwrap() + open.len();
    let end = start + html[start..].find("</script>").unwrap();
    serde_json::from_str(&html[start..end]).unwrap()
}

/// A browser signed in through `/logg-inn`: it sends the session cookie itself (the client
/// keeps none), so what the pages answer is asserted as they answer it.
pub struct WebSession<'a> {
    app: &'a TestApp,
    /// `fritid_session=<id>`
    pub cookie: String,
}

impl TestApp {
    /// Signs `user` in through the login form.
    pub async fn web_session(&self, user: &crate::TestUser) -> WebSession<'_> {
        let (_, _, html) = page(self, "/logg-inn").await;
        let token = hidden(&html, "csrf_token").expect("the login form has a token");
        let fields =
            [("csrf_token", token.as_str()), ("email", &user.email), ("password", &user.password)];
        let (status, headers, body) = post(self, "/logg-inn", &fields).await;
        assert_eq!(status, 303, "{body}");
        let set_cookie = headers["set-cookie"].to_str().unwrap();
        let cookie = set_cookie.split(';').next().unwrap().trim().to_owned();
        WebSession { app: self, cookie }
    }
}

impl WebSession<'_> {
    /// GET `path`: status, headers, body.
    pub async fn get(&self, path: &str) -> (u16, reqwest::header::HeaderMap, String) {
        let res = self
            .app
            .client
            .get(self.app.url(path))
            .header("cookie", &self.cookie)
            .send()
            .await
            .unwrap();
        let (status, headers) = (res.status().as_u16(), res.headers().clone());
        (status, headers, res.text().await.unwrap())
    }

    /// The page at `path`, which must answer 200.
    pub async fn page(&self, path: &str) -> String {
        let (status, _, html) = self.get(path).await;
        assert_eq!(status, 200, "{path}: {html}");
        html
    }

    /// POST the form `fields` to `path` as it is (no token added): status, headers, body.
    pub async fn post_raw(
        &self, path: &str, fields: &[(&str, &str)],
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let res = self
            .app
            .client
            .post(self.app.url(path))
            .header("cookie", &self.cookie)
            .form(fields)
            .send()
            .await
            .unwrap();
        let (status, headers) = (res.status().as_u16(), res.headers().clone());
        (status, headers, res.text().await.unwrap())
    }

    /// POST `fields` with the session's form token (read from `/min-side`).
    pub async fn post(
        &self, path: &str, fields: &[(&str, &str)],
    ) -> (u16, reqwest::header::HeaderMap, String) {
        let token = self.token().await;
        let mut all = vec![("csrf_token", token.as_str())];
        all.extend_from_slice(fields);
        self.post_raw(path, &all).await
    }

    /// The session's form token.
    pub async fn token(&self) -> String {
        hidden(&self.page("/min-side").await, "csrf_token").expect("a form token")
    }
}

/// Where a 303 sends the browser.
pub fn location(headers: &reqwest::header::HeaderMap) -> String {
    headers["location"].to_str().unwrap().to_owned()
}
