//! Shared by the web crate's tests: a real Casebook server on a random
//! port over a fresh database (SQLite, or PostgreSQL when
//! `CASEBOOK_TEST_DATABASE_URL` is set), with one user per role.
#![allow(dead_code, clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use casebook_app::accounts::{self, AccountForm};
use casebook_app::sites::{self, SiteForm};
use casebook_app::{Actor, App};
use casebook_domain::access::Role;
use casebook_store::testing::TestDb;
use std::net::SocketAddr;

pub const PASSWORD: &str = "correct horse battery staple";

pub struct TestApp {
    pub addr: SocketAddr,
    pub base: String,
    pub app: App,
    _db: TestDb,
    _shutdown: tokio::sync::oneshot::Sender<()>,
}

/// Starts the server with a site (id 1, code TEST-SITE) and one active user per
/// role, named by the role's slug (e.g. `call-handler`), all with [`PASSWORD`].
pub async fn spawn_app() -> TestApp {
    let test_db = TestDb::new().await.expect("test database");
    let app = App::new(test_db.db.clone());
    let system = Actor::system("test setup");
    sites::create(
        &app,
        &system,
        &SiteForm {
            code: "TEST-SITE".into(),
            name: "Test site".into(),
            kind: "contact-centre".into(),
            nation: "england-and-wales".into(),
            active: true,
        },
    )
    .await
    .expect("site");
    for role in Role::ALL {
        let form = AccountForm {
            username: username_for(role).into(),
            display_name: format!("Test {}", role.label()),
            email: String::new(),
            grade: "heo".into(),
            site: "TEST-SITE".into(),
            roles: vec![role.slug().into()],
            active: true,
        };
        accounts::create(&app, &system, &form, Some(PASSWORD)).await.expect("user");
    }
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.expect("bind");
    let addr = listener.local_addr().expect("addr");
    let (tx, rx) = tokio::sync::oneshot::channel::<()>();
    let served = app.clone();
    tokio::spawn(async move {
        casebook_web::serve(listener, served, async {
            let _ = rx.await;
        })
        .await
        .expect("server");
    });
    TestApp { addr, base: format!("http://{addr}"), app, _db: test_db, _shutdown: tx }
}

/// The username the test fixture gives the user holding only `role`.
pub fn username_for(role: Role) -> &'static str {
    role.slug()
}

/// A browser-like client: keeps cookies, does not follow redirects.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder().cookie_store(true).redirect(reqwest::redirect::Policy::none()).build().unwrap()
}

/// Pulls the CSRF token out of a page's meta tag or hidden field.
pub fn csrf_from(html: &str) -> String {
    let marker = "name=\"csrf_token\" value=\"";
    let alt = "name=\"csrf-token\" content=\"";
    let start =
        html.find(marker).map(|i| i + marker.len()).or_else(|| html.find(alt).map(|i| i + alt.len())).expect("a CSRF token on the page");
    html[start..].split('"').next().unwrap().to_owned()
}

impl TestApp {
    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// Signs in through the real sign-in form; returns the client and the session's CSRF token.
    pub async fn sign_in(&self, username: &str) -> (reqwest::Client, String) {
        let client = client();
        let page = client.get(self.url("/sign-in")).send().await.unwrap().text().await.unwrap();
        let token = csrf_from(&page);
        let response = client
            .post(self.url("/sign-in"))
            .form(&[("csrf_token", token.as_str()), ("username", username), ("password", PASSWORD), ("next", "/")])
            .send()
            .await
            .unwrap();
        assert_eq!(response.status(), 303, "sign-in as {username} should redirect");
        let home = client.get(self.url("/")).send().await.unwrap().text().await.unwrap();
        let csrf = csrf_from(&home);
        (client, csrf)
    }

    /// An API token for the user.
    pub async fn token_for(&self, username: &str) -> String {
        let user = accounts::find_by_username(&self.app, username).await.unwrap();
        accounts::create_token(&self.app, &Actor::system("test"), user.id, "test").await.unwrap()
    }
}
