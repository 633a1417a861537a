use fritid_tests::{TestApp, TestUser, assert_problem};
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
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&org_body(name)),
        )
        .await;
    assert_eq!(res.status(), 201);
    let body: Value = res.json().await.unwrap();
    body["id"].as_str().unwrap().parse().unwrap()
}

/// Invites `user` as `role` (by `by`) and accepts the invitation as `user`.
async fn add_member(app: &TestApp, org: Uuid, by: &TestUser, user: &TestUser, role: &str) {
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(&by.token),
            Some(&json!({"email": user.email, "role": role})),
        )
        .await;
    assert_eq!(res.status(), 201);
    let inv: Value = res.json().await.unwrap();
    let res = app
        .send(
            Method::POST,
            &format!(
                "/api/v1/invitations/{}/accept",
                inv["token"].as_str().unwrap()
            ),
            Some(&user.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn verify(app: &TestApp, org: Uuid, admin: &TestUser) {
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/verify"),
            Some(&admin.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 200);
}

async fn etag(app: &TestApp, org: Uuid, as_user: &TestUser) -> String {
    let res = app
        .get_as(&as_user.token, &format!("/api/v1/organisations/{org}"))
        .await;
    assert_eq!(res.status(), 200);
    res.headers()["etag"].to_str().unwrap().to_owned()
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
        let org = create_org(
            app,
            &self.owner,
            &format!("Lag {}", Uuid::new_v4().simple()),
        )
        .await;
        add_member(app, org, &self.owner, &self.editor, "editor").await;
        add_member(app, org, &self.owner, &self.target, "editor").await;
        if !pending {
            verify(app, org, &self.admin).await;
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

/// Every mutating endpoint of the organisation API, as every kind of caller.
#[tokio::test]
#[expect(clippy::too_many_lines, reason = "the full role × endpoint table")]
async fn every_mutation_as_every_role() {
    let app = TestApp::spawn().await;
    let cast = Cast::new(&app).await;

    // (name, method, path template, body, If-Match?, pending org?,
    //  expected: anonymous, outsider, editor, owner, admin)
    type Case = (
        &'static str,
        Method,
        &'static str,
        Option<Value>,
        bool,
        bool,
        [u16; 5],
    );
    let cases: Vec<Case> = vec![
        (
            "create",
            Method::POST,
            "/api/v1/organisations",
            Some(org_body("Nytt lag")),
            false,
            false,
            [401, 201, 201, 201, 201],
        ),
        (
            "update",
            Method::PATCH,
            "/api/v1/organisations/{org}",
            Some(json!({"description": "Ny tekst"})),
            true,
            false,
            [401, 403, 200, 200, 200],
        ),
        (
            "update pending",
            Method::PATCH,
            "/api/v1/organisations/{org}",
            Some(json!({"description": "Ny tekst"})),
            true,
            true,
            [401, 404, 200, 200, 200],
        ),
        (
            "archive",
            Method::DELETE,
            "/api/v1/organisations/{org}",
            None,
            false,
            false,
            [401, 403, 403, 204, 204],
        ),
        (
            "verify",
            Method::POST,
            "/api/v1/organisations/{org}/verify",
            None,
            false,
            true,
            [401, 404, 403, 403, 200],
        ),
        (
            "reject",
            Method::POST,
            "/api/v1/organisations/{org}/reject",
            Some(json!({"reason": "Ukjent i Enhetsregisteret"})),
            false,
            true,
            [401, 404, 403, 403, 200],
        ),
        (
            "invite",
            Method::POST,
            "/api/v1/organisations/{org}/invitations",
            Some(json!({"email": "ny@example.no", "role": "editor"})),
            false,
            false,
            [401, 403, 403, 201, 201],
        ),
        (
            "change role",
            Method::PATCH,
            "/api/v1/organisations/{org}/members/{target}",
            Some(json!({"role": "owner"})),
            false,
            false,
            [401, 403, 403, 204, 204],
        ),
        (
            "remove member",
            Method::DELETE,
            "/api/v1/organisations/{org}/members/{target}",
            None,
            false,
            false,
            [401, 403, 403, 204, 204],
        ),
        (
            "list members",
            Method::GET,
            "/api/v1/organisations/{org}/members",
            None,
            false,
            false,
            [401, 403, 200, 200, 200],
        ),
        (
            "read pending",
            Method::GET,
            "/api/v1/organisations/{org}",
            None,
            false,
            true,
            [404, 404, 200, 200, 200],
        ),
    ];

    let mut failures = Vec::new();
    for (name, method, template, body, needs_if_match, pending, expected) in cases {
        for ((who, actor), want) in cast.actors().into_iter().zip(expected) {
            let org = cast.fresh_org(&app, pending).await;
            let path = template
                .replace("{org}", &org.to_string())
                .replace("{target}", &cast.target.id.to_string());
            let mut req = app.client.request(method.clone(), app.url(&path));
            if let Some(user) = actor {
                req = req.bearer_auth(&user.token);
            }
            if let Some(body) = &body {
                req = req.json(body);
            }
            if needs_if_match {
                req = req.header("if-match", etag(&app, org, &cast.owner).await);
            }
            let res = req.send().await.unwrap();
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
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{org}/invitations"),
            Some(&owner.token),
            Some(&json!({"email": invited.email.to_uppercase(), "role": "editor"})),
        )
        .await;
    let inv: Value = res.json().await.unwrap();
    let accept = format!(
        "/api/v1/invitations/{}/accept",
        inv["token"].as_str().unwrap()
    );

    assert_problem(app.send(Method::POST, &accept, None, None).await, 401).await;
    assert_problem(
        app.send(Method::POST, &accept, Some(&someone.token), None)
            .await,
        403,
    )
    .await;
    let res = app
        .send(Method::POST, &accept, Some(&invited.token), None)
        .await;
    assert_eq!(res.status(), 200);
    let me: Value = app
        .get_as(&invited.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        me["memberships"],
        json!([{"organisation_id": org.to_string(), "role": "editor"}])
    );
    // Used once.
    assert_problem(
        app.send(Method::POST, &accept, Some(&invited.token), None)
            .await,
        404,
    )
    .await;
    assert_problem(
        app.send(
            Method::POST,
            "/api/v1/invitations/guessed-token/accept",
            Some(&invited.token),
            None,
        )
        .await,
        404,
    )
    .await;
}

#[tokio::test]
async fn the_last_owner_cannot_be_removed_or_demoted() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let second = app.signed_in_user("Second").await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    let me = format!("/api/v1/organisations/{org}/members/{}", owner.id);

    assert_problem(
        app.send(
            Method::PATCH,
            &me,
            Some(&owner.token),
            Some(&json!({"role": "editor"})),
        )
        .await,
        409,
    )
    .await;
    assert_problem(
        app.send(Method::DELETE, &me, Some(&owner.token), None)
            .await,
        409,
    )
    .await;
    // Nor may the account be deleted while it is the last owner.
    assert_problem(
        app.send(Method::DELETE, "/api/v1/me", Some(&owner.token), None)
            .await,
        409,
    )
    .await;

    // With a second owner, the first may step down.
    add_member(&app, org, &owner, &second, "owner").await;
    let res = app
        .send(
            Method::PATCH,
            &me,
            Some(&owner.token),
            Some(&json!({"role": "editor"})),
        )
        .await;
    assert_eq!(res.status(), 204);
    let members: Value = app
        .get_as(
            &second.token,
            &format!("/api/v1/organisations/{org}/members"),
        )
        .await
        .json()
        .await
        .unwrap();
    let roles: Vec<(&str, &str)> = members["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|m| (m["email"].as_str().unwrap(), m["role"].as_str().unwrap()))
        .collect();
    assert!(
        roles.contains(&(owner.email.as_str(), "editor")),
        "{roles:?}"
    );
    assert!(
        roles.contains(&(second.email.as_str(), "owner")),
        "{roles:?}"
    );
}

#[tokio::test]
async fn creation_validates_every_field_and_org_numbers_are_unique() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&json!({
                "name": "X",
                "kind": "club",
                "org_number": "942110465",
                "email": "nope",
                "website": "konnerud-il.no",
                "districts": ["konnerud", "atlantis"],
            })),
        )
        .await;
    let body = assert_problem(res, 422).await;
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    // Every bad field at once, the unknown district (which only the data can tell) included.
    assert_eq!(
        fields,
        [
            "name",
            "kind",
            "org_number",
            "email",
            "website",
            "districts[1]"
        ]
    );

    // An unknown district alone, with every other field valid.
    let mut body = org_body("Konnerud IL");
    body["districts"] = json!(["konnerud", "atlantis"]);
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&body),
        )
        .await;
    let problem = assert_problem(res, 422).await;
    assert_eq!(problem["errors"][0]["field"], "districts[1]");

    let mut body = org_body("Drammen kommune kultur");
    body["org_number"] = json!("942 110 464");
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&body),
        )
        .await;
    assert_eq!(res.status(), 201);
    let created: Value = res.json().await.unwrap();
    assert_eq!(created["org_number"], "942110464");
    assert_eq!(created["status"], "pending");
    assert_eq!(created["districts"], json!(["konnerud"]));

    let mut body = org_body("Et annet navn");
    body["org_number"] = json!("942110464");
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&body),
        )
        .await;
    assert_problem(res, 409).await;
    // Nothing half-written: still exactly one organisation for this owner.
    let me: Value = app
        .get_as(&owner.token, "/api/v1/me")
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(me["memberships"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn only_verified_organisations_are_public() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    let pending = create_org(&app, &owner, "Ventende lag").await;
    let verified = create_org(&app, &owner, "Godkjent lag").await;
    verify(&app, verified, &admin).await;
    let rejected = create_org(&app, &owner, "Avvist lag").await;
    let res = app
        .send(
            Method::POST,
            &format!("/api/v1/organisations/{rejected}/reject"),
            Some(&admin.token),
            Some(&json!({"reason": "Finnes ikke"})),
        )
        .await;
    assert_eq!(res.status(), 200);

    let list: Value = app.get("/api/v1/organisations").await.json().await.unwrap();
    let names: Vec<&str> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Godkjent lag"]);
    assert_eq!(
        app.get(&format!("/api/v1/organisations/{verified}"))
            .await
            .status(),
        200
    );
    assert_problem(
        app.get(&format!("/api/v1/organisations/{pending}")).await,
        404,
    )
    .await;
    assert_problem(
        app.get(&format!("/api/v1/organisations/{rejected}")).await,
        404,
    )
    .await;
    let as_owner: Value = app
        .get_as(&owner.token, &format!("/api/v1/organisations/{rejected}"))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(as_owner["status"], "rejected");
    assert_eq!(as_owner["rejection_reason"], "Finnes ikke");

    // Archiving takes it out of the public list.
    let res = app
        .send(
            Method::DELETE,
            &format!("/api/v1/organisations/{verified}"),
            Some(&owner.token),
            None,
        )
        .await;
    assert_eq!(res.status(), 204);
    let list: Value = app.get("/api/v1/organisations").await.json().await.unwrap();
    assert_eq!(list["items"], json!([]));
    assert_problem(
        app.get(&format!("/api/v1/organisations/{verified}")).await,
        404,
    )
    .await;
}

#[tokio::test]
#[expect(
    clippy::too_many_lines,
    reason = "one list followed through every filter and page"
)]
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
        let res = app
            .send(
                Method::POST,
                "/api/v1/organisations",
                Some(&owner.token),
                Some(&body),
            )
            .await;
        let id: Uuid = res.json::<Value>().await.unwrap()["id"]
            .as_str()
            .unwrap()
            .parse()
            .unwrap();
        verify(&app, id, &admin).await;
    }
    let names = |v: &Value| -> Vec<String> {
        v["items"]
            .as_array()
            .unwrap()
            .iter()
            .map(|o| o["name"].as_str().unwrap().to_owned())
            .collect()
    };
    let get = |path: &'static str| {
        let app = &app;
        async move { app.get(path).await.json::<Value>().await.unwrap() }
    };
    assert_eq!(
        names(&get("/api/v1/organisations?kind=volunteer_centre").await),
        ["Konnerud frivilligsentral", "Svelvik frivilligsentral"]
    );
    assert_eq!(
        names(
            &get("/api/v1/organisations?district=konnerud&district=solbergelva&kind=association")
                .await
        ),
        ["Konnerud IL", "Åssiden Korps"]
    );
    assert_eq!(
        names(&get("/api/v1/organisations?q=KONNERUD").await),
        ["Konnerud frivilligsentral", "Konnerud IL"]
    );
    assert_eq!(
        names(&get("/api/v1/organisations?q=%C3%A5ssiden").await),
        ["Åssiden Korps"]
    );
    assert_eq!(
        names(&get("/api/v1/organisations?q=50%25").await),
        Vec::<String>::new()
    );

    // Pages of one see every organisation exactly once.
    let mut seen = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let path = match &cursor {
            Some(c) => format!("/api/v1/organisations?limit=1&cursor={c}"),
            None => "/api/v1/organisations?limit=1".to_owned(),
        };
        let page: Value = app.get(&path).await.json().await.unwrap();
        seen.extend(names(&page));
        match page["next_cursor"].as_str() {
            Some(c) => cursor = Some(c.to_owned()),
            None => break,
        }
    }
    assert_eq!(seen.len(), 4);
    let mut unique = seen.clone();
    unique.dedup();
    assert_eq!(unique, seen);

    for bad in [
        "limit=0",
        "limit=101",
        "limit=x",
        "kind=club",
        "district=Ikke%20slug",
        "cursor=garbage",
    ] {
        let res = app.get(&format!("/api/v1/organisations?{bad}")).await;
        assert_problem(res, 422).await;
    }
}

#[tokio::test]
async fn stale_if_match_is_412_and_changes_nothing() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    let path = format!("/api/v1/organisations/{org}");
    let first = etag(&app, org, &owner).await;

    let res = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&owner.token)
        .header("if-match", &first)
        .json(&json!({"name": "Konnerud Idrettslag"}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let second = res.headers()["etag"].to_str().unwrap().to_owned();
    assert_ne!(first, second);

    // A second editor working from the first version loses, and loses nothing of the first.
    let res = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&owner.token)
        .header("if-match", &first)
        .json(&json!({"name": "Et helt annet navn", "description": "overskrevet"}))
        .send()
        .await
        .unwrap();
    assert_problem(res, 412).await;
    let stored: Value = app.get_as(&owner.token, &path).await.json().await.unwrap();
    assert_eq!(stored["name"], "Konnerud Idrettslag");
    assert_eq!(stored["description"], "Idrettslag for hele familien.");
    assert!(
        second.starts_with(&format!("\"v{}", stored["version"])),
        "{second}"
    );

    // Without If-Match the update is refused outright.
    let res = app
        .send(
            Method::PATCH,
            &path,
            Some(&owner.token),
            Some(&json!({"name": "Uten versjon"})),
        )
        .await;
    assert_problem(res, 428).await;

    // Conditional GET.
    let res = app
        .client
        .get(app.url(&path))
        .bearer_auth(&owner.token)
        .header("if-none-match", &second)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 304);
}

#[tokio::test]
async fn patch_keeps_absent_fields_and_clears_nulls() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let mut body = org_body("Konnerud IL");
    body["email"] = json!("post@konnerud-il.no");
    body["website"] = json!("https://konnerud-il.no");
    let res = app
        .send(
            Method::POST,
            "/api/v1/organisations",
            Some(&owner.token),
            Some(&body),
        )
        .await;
    let created: Value = res.json().await.unwrap();
    let path = format!("/api/v1/organisations/{}", created["id"].as_str().unwrap());
    let res = app
        .client
        .patch(app.url(&path))
        .bearer_auth(&owner.token)
        .header("if-match", "*")
        .json(&json!({"email": null, "districts": ["svelvik", "konnerud"]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), 200);
    let updated: Value = res.json().await.unwrap();
    assert_eq!(updated["email"], Value::Null);
    assert_eq!(updated["website"], "https://konnerud-il.no");
    assert_eq!(updated["districts"], json!(["konnerud", "svelvik"]));
    assert_eq!(updated["version"], 2);
}

#[tokio::test]
async fn the_audit_log_records_mutations_for_admins_only() {
    let app = TestApp::spawn().await;
    let owner = app.signed_in_user("Owner").await;
    let admin = app.signed_in_admin().await;
    let org = create_org(&app, &owner, "Konnerud IL").await;
    verify(&app, org, &admin).await;

    assert_problem(app.get("/api/v1/admin/audit-log").await, 401).await;
    assert_problem(
        app.get_as(&owner.token, "/api/v1/admin/audit-log").await,
        403,
    )
    .await;

    let page: Value = app
        .get_as(&admin.token, "/api/v1/admin/audit-log?limit=2")
        .await
        .json()
        .await
        .unwrap();
    let items = page["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    assert_eq!(items[0]["action"], "organisation.verify");
    assert_eq!(items[0]["actor_id"], admin.id.to_string());
    assert_eq!(items[0]["resource_id"], org.to_string());
    assert_eq!(items[1]["action"], "organisation.create");
    assert_eq!(items[1]["actor_id"], owner.id.to_string());

    // The rest, older, on the following pages: the two registrations at least.
    let mut actions = Vec::new();
    let mut cursor = page["next_cursor"].as_str().map(str::to_owned);
    while let Some(c) = cursor {
        let page: Value = app
            .get_as(
                &admin.token,
                &format!("/api/v1/admin/audit-log?limit=2&cursor={c}"),
            )
            .await
            .json()
            .await
            .unwrap();
        actions.extend(
            page["items"]
                .as_array()
                .unwrap()
                .iter()
                .map(|i| i["action"].as_str().unwrap().to_owned()),
        );
        cursor = page["next_cursor"].as_str().map(str::to_owned);
    }
    assert_eq!(
        actions.iter().filter(|a| *a == "user.register").count(),
        2,
        "{actions:?}"
    );
}
