//! The resident pages for volunteering: the opportunities, one opportunity with its sign-up
//! form, the receipt, withdrawing, and `/om`. The form must demand what the API demands,
//! refuse posts that did not come from our page, and never store half a sign-up.

use fritid_tests::html::{h1, hidden, html_page, json_ld, page, post};
use fritid_tests::{AppConfig, Limit, limited};
use serde_json::{Value, json};
use uuid::Uuid;

use super::volunteering::Centre;

const EMAIL: &str = "frivillig.kari.4411@example.no";
const PHONE: &str = "+47 912 44 11 00";

/// The API tests' volunteer centre ([`Centre`]), with drivers from 18 years old.
async fn centre() -> Centre {
    // Tests post many forms from one address; the limit has its own test.
    centre_with(limited(Limit::Signups, 1000, 1000)).await
}

async fn centre_with(adjust: impl FnOnce(&mut AppConfig)) -> Centre {
    let drivers = json!({"title": "Sjåfør til handletur", "description": "Kjør eldre til butikken på torsdager.",
        "district": "svelvik", "commitment": "recurring", "skills": ["sjåfør"], "spots": 2,
        "min_age": 18, "requires_police_certificate": true,
        "schedule": [{"weekdays": ["thu"], "start_time": "10:00", "end_time": "13:00", "valid_from": "2026-09-01"}]});
    Centre::with_opportunity(adjust, &drivers).await
}

/// What the pages' tests do with the centre.
impl Centre {
    fn path(&self) -> String {
        format!("/frivillig/{}", self.opportunity)
    }

    /// The sign-ups, as the organisation sees them through the API.
    async fn signup_items(&self) -> Vec<Value> {
        let path = format!("/api/v1/organisations/{}/signups", self.org);
        let body = self.app.get(&path).by(&self.owner).expect(200).await;
        body["items"].as_array().unwrap().clone()
    }

    /// A fresh form token from the opportunity's page.
    async fn form_token(&self) -> String {
        let (status, _, html) = page(&self.app, &self.path()).await;
        assert_eq!(status, 200);
        hidden(&html, "csrf_token").expect("the form has a csrf_token")
    }

    /// Posts the sign-up form with `fields`.
    async fn post(&self, fields: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, String) {
        post(&self.app, &self.path(), fields).await
    }

    /// Reads the form afresh and posts `fields` with its token, as a browser does.
    async fn submit(&self, fields: &[(&str, &str)]) -> (u16, reqwest::header::HeaderMap, String) {
        let token = self.form_token().await;
        let mut posted = vec![("csrf_token", token.as_str())];
        posted.extend_from_slice(fields);
        self.post(&posted).await
    }

    /// Signs Kari up through the form; the withdraw link of the receipt.
    async fn sign_up_kari(&self) -> String {
        let token = self.form_token().await;
        let (status, _, html) = self.post(&kari(&token)).await;
        assert_eq!(status, 200, "{html}");
        withdraw_link(&html).expect("the receipt has the withdraw link")
    }
}

/// Kari's valid sign-up, with the form token.
fn kari(token: &str) -> Vec<(&'static str, &str)> {
    vec![
        ("csrf_token", token),
        ("name", "Kari Frivillig"),
        ("email", EMAIL),
        ("phone", PHONE),
        ("message", "Jeg har bil og kan kjøre."),
        ("consent", "true"),
        ("age_confirmed", "true"),
    ]
}

/// The withdraw link on a receipt: `/frivillig/trekk-tilbake?token=…`.
fn withdraw_link(html: &str) -> Option<String> {
    let needle = "href=\"/frivillig/trekk-tilbake?token=";
    let start = html.find(needle)? + "href=\"".len();
    Some(html[start..start + html[start..].find('"')?].to_owned())
}

#[tokio::test]
async fn the_volunteering_pages_answer_with_their_heading() {
    let c = centre().await;
    let one = c.path();
    for (path, heading) in [
        ("/frivillig", "Frivillig arbeid"),
        (
            "/frivillig?q=sj%C3%A5f%C3%B8r&district=svelvik&commitment=recurring&skill=sj%C3%A5f%C3%B8r",
            "Frivillig arbeid",
        ),
        (one.as_str(), "Sjåfør til handletur"),
        ("/frivillig/trekk-tilbake?token=noe", "Trekk tilbake interessen din"),
        ("/frivillig/trekk-tilbake/ferdig", "Du har trukket deg"),
        ("/om", "Om Fritid"),
    ] {
        html_page(&c.app, path, 200, heading).await;
    }

    let (_, _, list) = page(&c.app, "/frivillig?district=svelvik").await;
    assert!(list.contains(&format!("href=\"{one}\"")), "the list links to the opportunity");
    let (_, _, list) = page(&c.app, "/frivillig?district=konnerud").await;
    assert!(!list.contains(&format!("href=\"{one}\"")), "filtered out by district");

    let (_, _, html) = page(&c.app, &one).await;
    for fact in [
        "Svelvik frivilligsentral",
        "Nesbygda, Svelvik sentrum",
        "torsdager 10:00–13:00",
        "fra 18 år",
        "politiattest",
    ] {
        assert!(html.contains(fact), "{fact}");
    }
    let ld = json_ld(&html);
    assert_eq!(ld["@type"], "EventSeries");
    assert_eq!(ld["name"], "Sjåfør til handletur");
    assert_eq!(ld["organizer"]["name"], "Svelvik frivilligsentral");
    assert_eq!(ld["eventSchedule"][0]["byDay"][0], "https://schema.org/Thursday");
    assert_eq!(ld["remainingAttendeeCapacity"], 2);
    // Every input has a label; the form carries the API's names.
    for field in [
        "name",
        "email",
        "phone",
        "message",
        "consent",
        "age_confirmed",
        "guardian_name",
        "guardian_consent",
    ] {
        assert!(html.contains(&format!("for=\"{field}\"")), "label for {field}");
        assert!(html.contains(&format!("id=\"{field}\" name=\"{field}\"")), "input {field}");
    }
}

#[tokio::test]
async fn json_ld_cannot_end_its_script_element() {
    let c = centre().await;
    let sneaky = json!({"title": "Rydding </script><script>alert(1)</script>", "district": "svelvik",
                        "commitment": "one_off", "description": "<!-- </SCRIPT> -->"});
    let id = c.app.opportunity(&c.owner, c.org, &sneaky).await;
    let (status, _, html) = page(&c.app, &format!("/frivillig/{id}")).await;
    assert_eq!(status, 200);
    let ld = json_ld(&html);
    assert_eq!(ld["name"], "Rydding </script><script>alert(1)</script>");
    assert_eq!(ld["description"], "<!-- </SCRIPT> -->");
    assert_eq!(html.to_lowercase().matches("</script").count(), 1, "only the JSON-LD's own end");
    assert_eq!(html.matches("<!--").count(), 0);
}

#[tokio::test]
async fn a_signup_through_the_form_reaches_the_organisation() {
    let c = centre().await;
    let token = c.form_token().await;
    let (status, headers, html) = c.post(&kari(&token)).await;
    assert_eq!(status, 200, "{html}");
    assert_eq!(h1(&html), "Takk for at du vil bidra!");
    assert_eq!(headers["cache-control"], "no-store");
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    let link = withdraw_link(&html).unwrap();
    assert!(link.len() > "/frivillig/trekk-tilbake?token=".len() + 20, "{link}");
    assert!(html.contains("bare denne ene gangen"), "warns that the link is shown once");
    assert!(
        !html.contains(EMAIL) && !html.contains(PHONE),
        "the receipt repeats no contact details"
    );

    let signups = c.signup_items().await;
    assert_eq!(signups.len(), 1);
    let s = &signups[0];
    assert_eq!(s["opportunity_id"], c.opportunity.to_string());
    assert_eq!(s["name"], "Kari Frivillig");
    assert_eq!(s["email"], EMAIL);
    assert_eq!(s["phone"], PHONE);
    assert_eq!(s["message"], "Jeg har bil og kan kjøre.");
    assert_eq!(s["age_confirmed"], true);
    assert_eq!(s["status"], "new");

    // Under the consent age: the guardian consents instead.
    let young = [
        ("name", "Ola Ung"),
        ("email", "ola.ung@example.no"),
        ("consent", "true"),
        ("guardian_name", "Per Forelder"),
        ("guardian_consent", "true"),
    ];
    let (status, _, html) = c.submit(&young).await;
    assert_eq!(status, 200, "{html}");
    let signups = c.signup_items().await;
    assert_eq!(signups.len(), 2);
    assert!(
        signups.iter().any(|s| s["guardian_name"] == "Per Forelder" && s["age_confirmed"] == false)
    );
}

#[tokio::test]
async fn refused_fields_are_shown_again_with_what_was_typed_and_nothing_is_stored() {
    let c = centre().await;
    let typed = [
        ("name", "Kari <Frivillig>"),
        ("email", "kari at example"),
        ("phone", "12"),
        ("message", "Jeg kan kjøre på torsdager."),
        ("age_confirmed", "true"),
    ];
    let (status, headers, html) = c.submit(&typed).await;
    assert_eq!(status, 422, "{html}");
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(h1(&html), "Sjåfør til handletur");
    // The summary at the top links to each refused field …
    let summary = html.find("ds-error-summary").expect("an error summary");
    assert!(summary < html.find("<form").unwrap(), "the summary comes before the form");
    for field in ["email", "phone", "consent"] {
        assert!(html.contains(&format!("href=\"#{field}\"")), "summary links to {field}");
        // … and the field carries its message.
        assert!(html.contains(&format!("id=\"{field}-feil\"")), "message for {field}");
    }
    assert!(!html.contains("href=\"#name\"") && !html.contains("href=\"#age_confirmed\""));
    assert!(
        html.contains("aria-describedby=\"email-hjelp email-feil\" aria-invalid=\"true\""),
        "{html}"
    );
    assert!(html.contains("aria-invalid=\"true\" aria-describedby=\"consent-feil\""));
    // Everything typed is kept (escaped), and the ticked box stays ticked.
    assert!(html.contains("value=\"Kari &#60;Frivillig&#62;\""), "{html}");
    assert!(html.contains("value=\"kari at example\""));
    assert!(html.contains("value=\"12\""));
    assert!(html.contains(">Jeg kan kjøre på torsdager.</textarea>"));
    assert!(html.contains("id=\"age_confirmed\" name=\"age_confirmed\" value=\"true\" checked"));
    assert!(hidden(&html, "csrf_token").is_some(), "a fresh token to post again");
    assert!(c.signup_items().await.is_empty(), "nothing stored");

    // Neither the age nor a guardian: both are asked for, as the API does.
    let token = c.form_token().await;
    let mut fields = kari(&token);
    fields.retain(|(name, _)| *name != "age_confirmed");
    let (status, _, html) = c.post(&fields).await;
    assert_eq!(status, 422);
    assert!(
        html.contains("href=\"#age_confirmed\"") && html.contains("href=\"#guardian_consent\"")
    );
    assert!(c.signup_items().await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn a_missing_or_wrong_form_token_is_forbidden_and_nothing_is_stored() {
    let c = centre().await;
    let other = json!({"title": "Strandrydding", "district": "svelvik", "commitment": "one_off"});
    let other = c.app.opportunity(&c.owner, c.org, &other).await;
    let (_, _, other_page) = page(&c.app, &format!("/frivillig/{other}")).await;
    let other_token = hidden(&other_page, "csrf_token").unwrap();
    let good = c.form_token().await;
    let last = if good.ends_with('A') { "B" } else { "A" };
    let forged = format!("{}{last}", &good[..good.len() - 1]);
    for token in [None, Some(""), Some("tull"), Some(forged.as_str()), Some(other_token.as_str())] {
        let mut fields = kari(token.unwrap_or_default());
        if token.is_none() {
            fields.retain(|(name, _)| *name != "csrf_token");
        }
        let (status, headers, html) = c.post(&fields).await;
        assert_eq!(status, 403, "{token:?}");
        assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"), "{token:?}");
        assert!(html.contains("Ingenting er lagret"), "{token:?}: {html}");
    }
    assert!(c.signup_items().await.is_empty(), "nothing stored");
}

#[tokio::test]
async fn withdrawing_through_the_link_erases_the_signup() {
    let c = centre().await;
    let link = c.sign_up_kari().await;
    let (status, _, html) = page(&c.app, &link).await;
    assert_eq!(status, 200);
    assert_eq!(h1(&html), "Trekk tilbake interessen din");
    assert!(html.contains("method=\"post\" action=\"/frivillig/trekk-tilbake\""));
    let token = hidden(&html, "token").unwrap();
    let csrf = hidden(&html, "csrf_token").unwrap();
    assert_eq!(format!("/frivillig/trekk-tilbake?token={token}"), link);

    // Visiting the link erases nothing; nor does a post without the form's token.
    let (status, _, _) = post(&c.app, "/frivillig/trekk-tilbake", &[("token", &token)]).await;
    assert_eq!(status, 403);
    let (status, _, _) =
        post(&c.app, "/frivillig/trekk-tilbake", &[("token", &token), ("csrf_token", "tull")])
            .await;
    assert_eq!(status, 403);
    assert_eq!(c.signup_items().await[0]["email"], EMAIL);

    let confirm = [("token", token.as_str()), ("csrf_token", csrf.as_str())];
    let (status, headers, _) = post(&c.app, "/frivillig/trekk-tilbake", &confirm).await;
    assert_eq!(status, 303);
    let done = headers["location"].to_str().unwrap().to_owned();
    assert_eq!(done, "/frivillig/trekk-tilbake/ferdig");
    let (status, _, html) = page(&c.app, &done).await;
    assert_eq!(status, 200);
    assert_eq!(h1(&html), "Du har trukket deg");

    let signups = c.signup_items().await;
    assert_eq!(signups.len(), 1);
    let s = &signups[0];
    assert_eq!(s["status"], "withdrawn");
    assert_eq!(s["erased"], true);
    for field in ["name", "email", "phone", "message"] {
        assert_eq!(s[field], Value::Null, "{field} erased");
    }

    // The link works once; after that it says so, helpfully.
    let (status, headers, html) = post(&c.app, "/frivillig/trekk-tilbake", &confirm).await;
    assert_eq!(status, 404);
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    assert_eq!(h1(&html), "Fant ikke påmeldingen");
}

#[tokio::test]
async fn unknown_and_hidden_opportunities_are_the_html_404_page() {
    let c = centre().await;
    let pending =
        c.app.organisation(&c.owner, &json!({"name": "Nytt lag", "kind": "association"})).await;
    let hidden_one =
        json!({"title": "Skjult oppdrag", "district": "svelvik", "commitment": "one_off"});
    let hidden_one = c.app.opportunity(&c.owner, pending, &hidden_one).await;
    for path in [
        format!("/frivillig/{}", Uuid::new_v4()),
        format!("/frivillig/{hidden_one}"),
        "/frivillig/tull".to_owned(),
    ] {
        let html = html_page(&c.app, &path, 404, "Fant ikke siden").await;
        assert!(!html.contains("Skjult oppdrag"));
    }
    // A post to an unknown opportunity stores nothing either.
    let (status, _, _) =
        post(&c.app, &format!("/frivillig/{}", Uuid::new_v4()), &kari("tull")).await;
    assert_eq!(status, 403);
}

#[tokio::test]
async fn a_closed_opportunity_shows_so_and_takes_no_signup() {
    let c = centre().await;
    let token = c.form_token().await;
    let path = format!("/api/v1/volunteer-opportunities/{}", c.opportunity);
    c.app.patch_current(&c.owner, &path, &json!({"status": "closed"})).expect(200).await;

    let (status, _, html) = page(&c.app, &c.path()).await;
    assert_eq!(status, 200);
    assert!(html.contains("tar ikke imot flere frivillige"), "{html}");
    assert!(!html.contains("<form class=\"stack\" method=\"post\""), "no form");

    // A form read while it was open: a clear answer, nothing stored.
    let (status, _, html) = c.post(&kari(&token)).await;
    assert_eq!(status, 409);
    assert!(
        html.contains("tar ikke imot flere frivillige") && html.contains("Ingenting er sendt"),
        "{html}"
    );
    assert!(c.signup_items().await.is_empty());
}

#[tokio::test]
async fn the_form_counts_against_the_same_signup_limit_as_the_api() {
    let c = centre_with(limited(Limit::Signups, 1, 1)).await;
    c.sign_up_kari().await;
    let token = c.form_token().await;
    let (status, headers, html) = c.post(&kari(&token)).await;
    assert_eq!(status, 429, "{html}");
    assert!(headers.contains_key("retry-after"));
    assert!(headers["content-type"].to_str().unwrap().starts_with("text/html"));
    // The form again, saying when to try.
    assert!(html.contains("id=\"email-feil\"") && html.contains("Prøv igjen om"), "{html}");
    assert!(html.contains("value=\"Kari Frivillig\""), "what was typed is kept");
    assert_eq!(c.signup_items().await.len(), 1);
}

#[tokio::test]
async fn the_consent_age_is_the_configured_one() {
    let c = centre_with(|cfg: &mut AppConfig| cfg.consent_age = 15).await;
    let (_, _, html) = page(&c.app, &c.path()).await;
    assert!(html.contains("Jeg er 15 år eller eldre"), "{html}");
    let (_, _, about) = page(&c.app, "/om").await;
    assert!(about.contains("Er du 15 år eller eldre, kan du samtykke selv."));
}

#[tokio::test]
async fn no_public_page_shows_a_volunteers_contact_details() {
    let c = centre().await;
    let link = c.sign_up_kari().await;
    let api_volunteer = json!({"name": "Per Api", "email": "per.api.7719@example.no", "phone": "+47 977 19 00 00",
                               "consent": true, "age_confirmed": true});
    c.app.sign_up(c.opportunity, &api_volunteer).expect(201).await;
    assert_eq!(c.signup_items().await.len(), 2);

    let org = format!("/organisasjoner/{}", c.org);
    let one = c.path();
    for path in [
        "/",
        "/frivillig",
        one.as_str(),
        "/organisasjoner",
        org.as_str(),
        "/om",
        link.as_str(),
        "/frivillig/trekk-tilbake/ferdig",
    ] {
        let (status, _, html) = page(&c.app, path).await;
        assert_eq!(status, 200, "{path}");
        for secret in [
            EMAIL,
            PHONE,
            "9124411",
            "Kari Frivillig",
            "per.api.7719@example.no",
            "+47 977 19 00 00",
            "9771900",
            "Per Api",
        ] {
            assert!(!html.contains(secret), "{path} shows {secret}");
        }
    }
}
