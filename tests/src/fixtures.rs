//! What many tests set up the same way: organisations, activities and volunteer
//! opportunities made through the API, a [`World`] to start from, and readers of list bodies.

use serde_json::{Value, json};
use uuid::Uuid;

use crate::{AppConfig, Call, TestApp, TestUser};

/// A running app with a signed-in owner, a municipality admin and a verified organisation
/// of the owner's.
pub struct World {
    pub app: TestApp,
    pub owner: TestUser,
    pub admin: TestUser,
    pub org: Uuid,
}

impl World {
    /// `organisation` is the organisation's registration (`name`, `kind`, …).
    pub async fn new(organisation: &Value) -> World {
        Self::spawn_with(|_| {}, organisation).await
    }

    /// The same, with the app's configuration adjusted by `adjust`.
    pub async fn spawn_with(adjust: impl FnOnce(&mut AppConfig), organisation: &Value) -> World {
        let app = TestApp::spawn_with(adjust).await;
        let owner = app.signed_in_user("Owner").await;
        let admin = app.signed_in_admin().await;
        let org = app.verified_organisation(&owner, &admin, organisation).await;
        World { app, owner, admin, org }
    }

    /// The path of one of the organisation's collections, e.g. `activities`.
    pub fn org_path(&self, collection: &str) -> String {
        format!("/api/v1/organisations/{}/{collection}", self.org)
    }
}

impl TestApp {
    /// An organisation registered by `owner`, not verified yet.
    pub async fn organisation(&self, owner: &TestUser, body: &Value) -> Uuid {
        let created = self.post("/api/v1/organisations").by(owner).json(body);
        id(&created.expect(201).await)
    }

    /// An organisation registered by `owner` and verified by `admin`.
    pub async fn verified_organisation(
        &self, owner: &TestUser, admin: &TestUser, body: &Value,
    ) -> Uuid {
        let org = self.organisation(owner, body).await;
        self.verify(admin, org).await;
        org
    }

    /// The municipality verifies the organisation.
    pub async fn verify(&self, admin: &TestUser, org: Uuid) {
        let path = format!("/api/v1/organisations/{org}/verify");
        self.post(&path).by(admin).expect(200).await;
    }

    /// An activity of `org`, made by `owner`: a draft.
    pub async fn activity(&self, owner: &TestUser, org: Uuid, body: &Value) -> Uuid {
        let path = format!("/api/v1/organisations/{org}/activities");
        let created = self.post(&path).by(owner).json(body).expect(201).await;
        assert_eq!(created["status"], "draft", "{created}");
        id(&created)
    }

    pub async fn publish(&self, owner: &TestUser, activity: Uuid) {
        let path = format!("/api/v1/activities/{activity}/publish");
        self.post(&path).by(owner).expect(200).await;
    }

    /// An activity of `org`, made and published by `owner`.
    pub async fn published_activity(&self, owner: &TestUser, org: Uuid, body: &Value) -> Uuid {
        let id = self.activity(owner, org, body).await;
        self.publish(owner, id).await;
        id
    }

    /// A volunteer opportunity of `org`, made by `owner`.
    pub async fn opportunity(&self, owner: &TestUser, org: Uuid, body: &Value) -> Uuid {
        let path = format!("/api/v1/organisations/{org}/volunteer-opportunities");
        id(&self.post(&path).by(owner).json(body).expect(201).await)
    }

    /// A PATCH by `user` over whatever version is current (`If-Match: *`).
    pub fn patch_current(&self, user: &TestUser, path: &str, body: &Value) -> Call {
        self.patch(path).by(user).if_match("*").json(body)
    }

    /// An anonymous sign-up for `opportunity`.
    pub fn sign_up(&self, opportunity: Uuid, body: &Value) -> Call {
        let path = format!("/api/v1/volunteer-opportunities/{opportunity}/signups");
        self.post(&path).json(body)
    }

    /// An organisation member moves a sign-up to `status`.
    pub fn move_signup(&self, member: &TestUser, signup: &str, status: &str) -> Call {
        let path = format!("/api/v1/signups/{signup}");
        self.patch(&path).by(member).json(&json!({"status": status}))
    }

    /// The `ETag` of what `user` (or anyone) reads at `path`.
    pub async fn etag<'u>(&self, user: impl Into<Option<&'u TestUser>>, path: &str) -> String {
        let res = self.get(path).by(user).await;
        assert_eq!(res.status(), 200, "GET {path}");
        res.headers()["etag"].to_str().unwrap().to_owned()
    }

    /// Every page of a cursor-paged list as `user` (or anyone) reads it, from `path` (which
    /// has a query already) on.
    pub async fn pages<'u>(&self, user: impl Into<Option<&'u TestUser>>, path: &str) -> Vec<Value> {
        let user = user.into();
        let mut pages = Vec::new();
        let mut next = path.to_owned();
        loop {
            let page = self.get(&next).by(user).expect(200).await;
            let cursor = page["next_cursor"].as_str().map(str::to_owned);
            pages.push(page);
            match cursor {
                Some(c) => next = format!("{path}&cursor={c}"),
                None => return pages,
            }
        }
    }
}

/// Which per-client limit [`limited`] lowers.
pub enum Limit {
    /// Requests a minute.
    Requests,
    /// Registrations an hour.
    Registrations,
    /// Volunteer sign-ups an hour.
    Signups,
    /// Invitations an hour, per inviter.
    Invitations,
}

/// A configuration for [`TestApp::spawn_with`] with one per-client limit lowered to `rate`
/// after a burst of `burst`.
pub fn limited(limit: Limit, rate: u32, burst: u32) -> impl FnOnce(&mut AppConfig) {
    move |c| {
        let (rate_setting, burst_setting) = match limit {
            Limit::Requests => (&mut c.requests_per_minute, &mut c.request_burst),
            Limit::Registrations => (&mut c.registrations_per_hour, &mut c.registration_burst),
            Limit::Signups => (&mut c.signups_per_hour, &mut c.signup_burst),
            Limit::Invitations => (&mut c.invitations_per_hour, &mut c.invitation_burst),
        };
        *rate_setting = rate;
        *burst_setting = burst;
    }
}

/// The seconds a throttled answer's `Retry-After` asks to wait.
pub fn retry_after(res: &reqwest::Response) -> u64 {
    res.headers()["retry-after"].to_str().unwrap().parse().unwrap()
}

/// The `id` of a created resource.
pub fn id(created: &Value) -> Uuid {
    created["id"].as_str().unwrap().parse().unwrap()
}

/// `field` of every object in `list`, e.g. the titles of a page's `items`.
pub fn pluck(list: &Value, field: &str) -> Vec<String> {
    list.as_array()
        .unwrap_or_else(|| panic!("not a list: {list}"))
        .iter()
        .map(|item| item[field].as_str().unwrap().to_owned())
        .collect()
}

/// The fields a validation problem names, in its order.
pub fn error_fields(problem: &Value) -> Vec<String> {
    pluck(&problem["errors"], "field")
}
