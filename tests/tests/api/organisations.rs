use fritid_tests::{
    Limit, TestApp, TestUser, World, assert_problem, error_fields, limited, pluck, retry_after,
};
use reqwest::Method;
use serde_json::{Value, json};
use uuid::Uuid;

fn org_body(name: &str) -> Value {
    json!({
        "name": name,
        "kind": "association",
        "description": "Idrettslag for hele familien.",
        "districts": ["konnerud"],
    })
}

async fn create_org(app: &TestApp, owner: &TestUser, name: &str) -> Uuid {
    app.organisation(owner, &org_body(name)).await
}

fn org_path(org: Uuid) -> String {
    format!("/api/v1/organisations/{org}")
}

/// `by` invites `email` as `role`: the invitation's token.
async fn invite(app: &TestApp, org: Uuid, by: &TestUser, email: &str, role: &str) -> String {
    let path = format!("{}/invitations", org_path(org));
    let body = json!({"email": email, "role": role});
    let invitation = app.post(&path).by(by).json(&body).expect(201).await;
    invitation["token"].as_str().unwrap().to_owned()
}

/// Invites `user` as `role` (by `by`) and accepts the invitation as `user`.
async fn add_member(app: &TestApp, org: Uuid, by: &TestUser, user: &TestUser, role: &str) {
    let token = invite(app, org, by, &user.email, role).await;
    let accept = format!("/api/v1/invitations/{token}/accept");
    app.post(&accept).by(user).expect(200).await;
}

struct Cast {
    owner: TestUser,
    editor: TestUser,
    /// Owner of another organisation, nothing here.
    outsider: TestUser,
    admin: TestUser,
    /// An editor of every organisation made by `fresh_org`, for member operations.
    target: TestUser,
}

impl Cast {
    async fn new(app: &TestApp) -> Cast {
        let cast = Cast {
            owner: app.signed_in_user("Owner").await,
            editor: app.signed_in_user("Editor").await,
            outsider: app.signed_in_user("Outsider").await,
            admin: app.signed_in_admin().await,
            target: app.signed_in_user("Target").await,
        };
        create_org(app, &cast.outsider, "Et annet lag").await;
        cast
    }

    /// A new organisation with owner, editor and target; verified unless `pending`.
    async fn fresh_org(&self, app: &TestApp, pending: bool) -> Uuid {
        let name = format!("Lag {}", Uuid::new_v4().simple());
        let org = create_org(app, &self.owner, &name).await;
        add_member(app, org, &self.owner, &self.editor, "editor").await;
        add_member(app, org, &self.owner, &self.target, "editor").await;
        if !pending {
            app.verify(&self.admin, org).await;
        }
        org
    }

    fn actors(&self) -> [(&'static str, Option<&TestUser>); 5] {
        [
            ("anonymous", None),
            ("other organisation's member", Some(&self.outsider)),
            ("editor", Some(&self.editor)),
            ("owner", Some(&self.owner)),
            ("admin", Some(&self.admin)),
        ]
    }
}

/// (name, method, path under `/api/v1/organisations` with `{org}` and `{target}` (a member),
/// body, If-Match?, on a pending organisation?, expected as: anonymous, other
/// organisation's member, editor, owner, admin)
type Case = (&'static str, Method, &'static str, Option<Value>, bool, bool, [u16; 5]);

/// Every mutating endpoint of the organisation API, and who may call it.
#[rustfmt::skip]
fn cases() -> Vec<Case> {
    use Method as M;
    let new = Some(org_body("Nytt lag"));
    let text = || Some(json!({"description": "Ny tekst"}));
    let reason = Some(json!({"reason": "Ukjent i Enhetsregisteret"}));
    let invite = Some(json!({"email": "ny@example.no", "role": "editor"}));
    let role = Some(json!({"role": "owner"}));
    let (org, verify, reject) = ("/{org}", "/{org}/verify", "/{org}/reject");
    let (invitations, members) = ("/{org}/invitations", "/{org}/members");
    let member = "/{org}/members/{target}";
    vec![
        // name            method     path         body    if-match pending  expected
        ("create",         M::POST,   "",          new,    false, false, [401, 201, 201, 201, 201]),
        ("update",         M::PATCH,  org,         text(), true,  false, [401, 403, 200, 200, 200]),
        ("update pending", M::PATCH,  org,         text(), true,  true,  [401, 404, 200, 200, 200]),
        ("archive",        M::DELETE, org,         None,   false, false, [401, 403, 403, 204, 204]),
        ("verify",         M::POST,   verify,      None,   false, true,  [401, 404, 403, 403, 200]),
        ("reject",         M::POST,   reject,      reason, false, true,  [401, 404, 403, 403, 200]),
        ("invite",         M::POST,   invitations, invite, false, false, [401, 403, 403, 201, 201]),
        ("change role",    M::PATCH,  member,      role,   false, false, [401, 403, 403, 204, 204]),
        ("remove member",  M::DELETE, member,      None,   false, false, [401, 403, 403, 204, 204]),
        ("list members",   M::GET,    members,     None,   false, false, [401, 403, 200, 200, 200]),
        ("read pending",   M::GET,    org,         None,   false, true,  [404, 404, 200, 200, 200]),
    ]
}

/// Every mutating endpoint of the organisation API, as every kind of caller.
#[tokio::test]
async fn every_mutation_as_every_role() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app).await;
    let mut failures = Vec::new();
    for (name, method, template, body, needs_if_match, pending, expected) in cases() {
        for ((who, actor), want) in cast.actors().into_iter().zip(expected) {
            let org = cast.fresh_org(&app, pending).await;
            let path = format!("/api/v1/organisations{template}")
                .replace("{org}", &org.to_string())
                .replace("{target}", &cast.target.id.to_string());
            let mut call = app.call(method.clone(), &path).by(actor);
            if let Some(body) = &body {
                call = call.json(body);
            }
            if needs_if_match {
                call = call.if_match(&app.etag(&cast.owner, &org_path(org)).await);
            }
            let res = call.await;
            let got = res.status().as_u16();
            if got != want {
                failures.push(format!("{name} as {who}: expected {want}, got {got}"));
            } else if got >= 400 {
                assert_problem(res, got).await;
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[tokio::test]
async fn accepting_an_invitation_is_for_the_invited_user_only() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let invited = app.signed_in_user("Invited").await;
    let someone = app.signed_in_user("Someone").await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    let email = invited.email.to_uppercase();
    let token = invite(&app, org, &owner, &email, "editor").await;
    let accept = format!("/api/v1/invitations/{token}/accept");

    app.post(&accept).problem(401).await;
    app.post(&accept).by(&someone).problem(403).await;
    app.post(&accept).by(&invited).expect(200).await;
    let me: Value = app.get("/api/v1/me").by(&invited).await.json().await.unwrap();
    assert_eq!(me["memberships"], json!([{"organisation_id": org.to_string(), "role": "editor"}]));
    // Used once.
    app.post(&accept).by(&invited).problem(404).await;
    let guessed = "/api/v1/invitations/guessed-token/accept";
    app.post(guessed).by(&invited).problem(404).await;
}

#[tokio::test]
async fn invitations_are_limited_per_inviter_and_per_address() {
    // Three at once, for each inviter and each address.
    let app = TestApp::spawn_with(limited(Limit::Invitations, 1, 3)).await;
    let mut inviters = Vec::new();
    for name in ["Kari", "Ola", "Eva"] {
        let user = app.signed_in_user(name).await;
        let org = create_org(&app, &user, &format!("{name}s lag")).await;
        inviters.push((user, org));
    }
    let invite = |(by, org): &(TestUser, Uuid), email: &str| {
        let path = format!("{}/invitations", org_path(*org));
        app.post(&path).by(by).json(&json!({"email": email, "role": "editor"}))
    };
    let [kari, ola, eva] = &inviters[..] else { unreachable!() };
    for i in 0..3 {
        invite(kari, &format!("medlem{i}@example.no")).expect(201).await;
    }
    let refused = invite(kari, "ny@example.no").await;
    assert!(retry_after(&refused) > 0);
    assert_problem(refused, 429).await;
    assert!(app.outbox_to("ny@example.no").await.is_empty(), "nothing was sent");

    // One address: two invitations from Ola and one from Eva, then no more from anyone.
    for by in [ola, ola, eva] {
        invite(by, "felles@example.no").expect(201).await;
    }
    assert_problem(invite(ola, "FELLES@example.no").await, 429).await;
    assert_eq!(app.outbox_to("felles@example.no").await.len(), 3);
}

#[tokio::test]
async fn the_last_owner_cannot_be_removed_or_demoted() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let second = app.signed_in_user("Second").await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    let me = format!("{}/members/{}", org_path(org), owner.id);
    let step_down = || app.patch(&me).by(&owner).json(&json!({"role": "editor"}));

    step_down().problem(409).await;
    app.delete(&me).by(&owner).problem(409).await;
    // Nor may the account be deleted while it is the last owner.
    app.delete("/api/v1/me").by(&owner).problem(409).await;

    // With a second owner, the first may step down.
    add_member(&app, org, &owner, &second, "owner").await;
    step_down().expect(204).await;
    let members = format!("{}/members", org_path(org));
    let members: Value = app.get(&members).by(&second).await.json().await.unwrap();
    let emails = pluck(&members["items"], "email");
    let roles: Vec<(String, String)> =
        emails.into_iter().zip(pluck(&members["items"], "role")).collect();
    let has = |user: &TestUser, role: &str| roles.contains(&(user.email.clone(), role.to_owned()));
    assert!(has(&owner, "editor"), "{roles:?}");
    assert!(has(&second, "owner"), "{roles:?}");
}

#[tokio::test]
async fn members_page_oldest_first() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    let mut joined = vec![owner.email.clone()];
    for name in ["Second", "Third"] {
        let user = app.signed_in_user(name).await;
        add_member(&app, org, &owner, &user, "editor").await;
        joined.push(user.email.clone());
    }
    let members = format!("{}/members", org_path(org));
    let mut seen = Vec::new();
    let mut path = format!("{members}?limit=2");
    loop {
        let page = app.get(&path).by(&owner).expect(200).await;
        assert!(page["items"].as_array().unwrap().len() <= 2, "{page}");
        seen.extend(pluck(&page["items"], "email"));
        match page["next_cursor"].as_str() {
            Some(next) => path = format!("{members}?limit=2&cursor={next}"),
            None => break,
        }
    }
    assert_eq!(seen, joined);
    let whole = app.get(&members).by(&owner).expect(200).await;
    assert_eq!(pluck(&whole["items"], "email"), joined);
    assert_eq!(whole["next_cursor"], Value::Null);
}

#[tokio::test]
async fn creation_validates_every_field_and_org_numbers_are_unique() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let register = |body: &Value| app.post("/api/v1/organisations").by(&owner).json(body);
    let bad = json!({
        "name": "X",
        "kind": "club",
        "org_number": "942110465",
        "email": "nope",
        "website": "konnerud-il.no",
        "districts": ["konnerud", "atlantis"],
    });
    let problem = register(&bad).problem(422).await;
    // Every bad field at once, the unknown district (which only the data can tell) included.
    assert_eq!(
        error_fields(&problem),
        ["name", "kind", "org_number", "email", "website", "districts[1]"]
    );

    // An unknown district alone, with every other field valid.
    let mut body = org_body("Konnerud IL");
    body["districts"] = json!(["konnerud", "atlantis"]);
    let problem = register(&body).problem(422).await;
    assert_eq!(problem["errors"][0]["field"], "districts[1]");

    let mut body = org_body("Drammen kommune kultur");
    body["org_number"] = json!("942 110 464");
    let created = register(&body).expect(201).await;
    assert_eq!(created["org_number"], "942110464");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["districts"], json!(["konnerud"]));

    let mut body = org_body("Et annet navn");
    body["org_number"] = json!("942110464");
    register(&body).problem(409).await;
    // Nothing half-written: still exactly one organisation for this owner.
    let me: Value = app.get("/api/v1/me").by(&owner).await.json().await.unwrap();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_verified_organisations_are_public() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    let pending = create_org(&app, &owner, "Ventende lag").await;
    let verified = create_org(&app, &owner, "Godkjent lag").await;
    app.verify(&admin, verified).await;
    let rejected = create_org(&app, &owner, "Avvist lag").await;
    let reject = format!("{}/reject", org_path(rejected));
    let reason = json!({"reason": "Finnes ikke"});
    app.post(&reject).by(&admin).json(&reason).expect(200).await;

    let list = || app.get("/api/v1/organisations");
    let list_body: Value = list().await.json().await.unwrap();
    assert_eq!(pluck(&list_body["items"], "name"), ["Godkjent lag"]);
    app.get(&org_path(verified)).expect(200).await;
    app.get(&org_path(pending)).problem(404).await;
    app.get(&org_path(rejected)).problem(404).await;
    let as_owner = app.get(&org_path(rejected)).by(&owner).await;
    let as_owner: Value = as_owner.json().await.unwrap();
    assert_eq!(as_owner["status"], "rejected");
    assert_eq!(as_owner["rejection_reason"], "Finnes ikke");

    // Archiving takes it out of the public list.
    app.delete(&org_path(verified)).by(&owner).expect(204).await;
    let list_body: Value = list().await.json().await.unwrap();
    assert_eq!(list_body["items"], json!([]));
    app.get(&org_path(verified)).problem(404).await;
}

#[tokio::test]
async fn public_list_filters_and_pages() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    for (name, kind, district) in [
        ("Åssiden Korps", "association", "solbergelva"),
        ("Konnerud frivilligsentral", "volunteer_centre", "konnerud"),
        ("Konnerud IL", "association", "konnerud"),
        ("Svelvik frivilligsentral", "volunteer_centre", "svelvik"),
    ] {
        let body = json!({"name": name, "kind": kind, "districts": [district]});
        app.verified_organisation(&owner, &admin, &body).await;
    }
    let filters: &[(&str, &[&str])] = &[
        ("kind=volunteer_centre", &["Konnerud frivilligsentral", "Svelvik frivilligsentral"]),
        (
            "district=konnerud&district=solbergelva&kind=association",
            &["Konnerud IL", "Åssiden Korps"],
        ),
        ("q=KONNERUD", &["Konnerud frivilligsentral", "Konnerud IL"]),
        ("q=%C3%A5ssiden", &["Åssiden Korps"]),
        ("q=50%25", &[]),
    ];
    for (query, expected) in filters {
        let path = format!("/api/v1/organisations?{query}");
        assert_eq!(app.get(&path).pluck("name").await, *expected, "{query}");
    }

    // Pages of one see every organisation exactly once.
    let pages = app.pages(None, "/api/v1/organisations?limit=1").await;
    let seen: Vec<String> = pages.iter().flat_map(|p| pluck(&p["items"], "name")).collect();
    assert_eq!(seen.len(), 4);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique, seen);

    for bad in
        ["limit=0", "limit=101", "limit=x", "kind=club", "district=Ikke%20slug", "cursor=garbage"]
    {
        let path = format!("/api/v1/organisations?{bad}");
        app.get(&path).problem(422).await;
    }
}

#[tokio::test]
async fn stale_if_match_is_412_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    let path = org_path(org);
    let first = app.etag(&owner, &path).await;
    let update = |etag: &str, body: Value| app.patch(&path).by(&owner).if_match(etag).json(&body);

    let res = update(&first, json!({"name": "Konnerud Idrettslag"})).await;
    assert_eq!(res.status(), 200);
    let second = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(first, second);

    // A second editor working from the first version loses, and loses nothing of the first.
    let body = json!({"name": "Et helt annet navn", "description": "overskrevet"});
    update(&first, body).problem(412).await;
    let stored: Value = app.get(&path).by(&owner).await.json().await.unwrap();
    assert_eq!(stored["name"], "Konnerud Idrettslag");
    assert_eq!(stored["description"], "Idrettslag for hele familien.");
    assert!(second.starts_with(&format!("\"v{}", stored["version"])), "{second}");

    // Without If-Match the update is refused outright.
    let unversioned = json!({"name": "Uten versjon"});
    app.patch(&path).by(&owner).json(&unversioned).problem(428).await;

    // Conditional GET.
    let res = app.get(&path).by(&owner).header("if-none-match", &second);
    assert_eq!(res.await.status(), 304);
}

#[tokio::test]
async fn patch_keeps_absent_fields_and_clears_nulls() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let mut body = org_body("Konnerud IL");
    body["email"] = json!("post@konnerud-il.no");
    body["website"] = json!("https://konnerud-il.no");
    let org = app.organisation(&owner, &body).await;
    let change = json!({"email": null, "districts": ["svelvik", "konnerud"]});
    let patch = app.patch_current(&owner, &org_path(org), &change);
    let updated = patch.expect(200).await;
    assert_eq!(updated["email"], Value::Null);
    assert_eq!(updated["website"], "https://konnerud-il.no");
    assert_eq!(updated["districts"], json!(["konnerud", "svelvik"]));
    assert_eq!(updated["version"], 2);
}

#[tokio::test]
async fn the_audit_log_records_mutations_for_admins_only() {
    let World { app, owner, admin, org } = World::new(&org_body("Konnerud IL")).await;

    app.get("/api/v1/admin/audit-log").problem(401).await;
    app.get("/api/v1/admin/audit-log").by(&owner).problem(403).await;

    let pages = app.pages(&admin, "/api/v1/admin/audit-log?limit=2").await;
    let items = pages[0]["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["action"], "organisation.verify");
    assert_eq!(items[0]["actor_id"], admin.id.to_string());
    assert_eq!(items[0]["resource_id"], org.to_string());
    assert_eq!(items[1]["action"], "organisation.create");
    assert_eq!(items[1]["actor_id"], owner.id.to_string());

    // The rest, older, on the following pages: the two registrations at least.
    let actions: Vec<String> =
        pages[1..].iter().flat_map(|page| pluck(&page["items"], "action")).collect();
    assert_eq!(actions.iter().filter(|a| *a == "user.register").count(), 2, "{actions:?}");
}
