//! Browser smoke test: a real headless Chromium, driven over WebDriver by
//! fantoccini, walks the main journey of Casebook and runs axe-core on every
//! page it visits (WCAG 2.0/2.1 A and AA, and WCAG 2.2 AA).
//!
//! Needs Debian's `chromium` and `chromium-driver` (/usr/bin/chromium,
//! /usr/bin/chromedriver): `apt-get install chromium chromium-driver`, or run
//! `scripts/test`, which installs them. Without them this test fails rather
//! than passing silently.
//!
//! The test starts its own chromedriver on a free port on 127.0.0.1, with a
//! fresh Chromium profile, and stops both when it ends, also when it fails.
//!
//! axe-core is not served by Casebook (assets.rs leaves it out). It is injected
//! with WebDriver's Execute Script, which Chromium runs outside the page's
//! Content-Security-Policy; the test proves that the policy is in force in the
//! page (an inline script is refused) while the injected script still runs.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "browser/aftercare.rs"]
mod aftercare;
#[path = "browser/caller.rs"]
mod caller;
#[path = "browser/complaint_response.rs"]
mod complaint_response;
#[path = "browser/cross_cutting.rs"]
mod cross_cutting;
mod support;

use fantoccini::{Client, ClientBuilder, Locator};
use serde_json::{Value, json};
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::os::unix::process::CommandExt;
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const CHROMEDRIVER: &str = "/usr/bin/chromedriver";
const CHROMIUM: &str = "/usr/bin/chromium";
const AXE_PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../assets/vendor/axe-core/axe.min.js");
// Generous: on 2 shared cores with PostgreSQL a page can take many seconds; a wrong page still fails.
const WAIT: Duration = Duration::from_secs(45);

/// chromedriver and Chromium, for one test. Dropping it ends the WebDriver
/// session (closing Chromium), then stops chromedriver and anything left in
/// its process group, then removes the profile and log folder.
struct Driver {
    child: Child,
    addr: SocketAddr,
    dir: tempfile::TempDir,
}

impl Driver {
    fn start() -> Driver {
        if !Path::new(CHROMEDRIVER).exists() || !Path::new(CHROMIUM).exists() {
            panic!(
                "the browser test needs Debian's Chromium and ChromeDriver ({CHROMIUM}, {CHROMEDRIVER}), and at least one is missing.\n\
                 Install them with:  sudo apt-get install chromium chromium-driver\n\
                 or run the whole suite with scripts/test, which installs them when run as root."
            );
        }
        let dir = tempfile::Builder::new().prefix("casebook-browser-").tempdir().expect("temporary folder");
        let port = {
            let probe = TcpListener::bind("127.0.0.1:0").expect("a free port");
            probe.local_addr().expect("port").port()
        };
        let log = dir.path().join("chromedriver.log");
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .arg("--allowed-ips=127.0.0.1")
            .arg(format!("--log-path={}", log.display()))
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            // Its own process group, so that a Chromium left behind can be stopped with it.
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("could not start {CHROMEDRIVER}: {e}"));
        let driver = Driver { child, addr: SocketAddr::from(([127, 0, 0, 1], port)), dir };
        driver.wait_until_ready();
        driver
    }

    fn url(&self) -> String {
        format!("http://{}", self.addr)
    }

    fn log_tail(&self) -> String {
        let text = std::fs::read_to_string(self.dir.path().join("chromedriver.log")).unwrap_or_default();
        let lines: Vec<&str> = text.lines().collect();
        lines[lines.len().saturating_sub(30)..].join("\n")
    }

    fn wait_until_ready(&self) {
        let deadline = Instant::now() + WAIT;
        loop {
            if let Some(body) = http(self.addr, "GET", "/status", None)
                && (body.contains("\"ready\":true") || body.contains("\"ready\": true"))
            {
                return;
            }
            assert!(
                Instant::now() < deadline,
                "chromedriver did not answer on {} within {WAIT:?}; its log ends:\n{}",
                self.addr,
                self.log_tail()
            );
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    async fn connect(&self) -> Client {
        let profile = self.dir.path().join("profile");
        std::fs::create_dir_all(&profile).expect("profile folder");
        let mut caps = serde_json::Map::new();
        caps.insert("browserName".into(), json!("chrome"));
        caps.insert(
            "goog:chromeOptions".into(),
            json!({
                "binary": CHROMIUM,
                "args": [
                    "--headless=new",
                    "--no-sandbox",
                    "--disable-gpu",
                    "--disable-dev-shm-usage",
                    "--disable-quic",
                    "--no-first-run",
                    "--disable-background-networking",
                    "--disable-component-update",
                    "--disable-sync",
                    "--window-size=1280,1024",
                    format!("--user-data-dir={}", profile.display()),
                ],
            }),
        );
        caps.insert("goog:loggingPrefs".into(), json!({ "browser": "ALL" }));
        ClientBuilder::rustls().expect("rustls").capabilities(caps).connect(&self.url()).await.unwrap_or_else(|e| {
            panic!("could not start a Chromium session through chromedriver: {e}\nchromedriver's log ends:\n{}", self.log_tail())
        })
    }

    /// The browser's console messages since the last call (chromedriver's
    /// logging extension; not part of W3C WebDriver, so fantoccini lacks it).
    fn console(&self, session: &str) -> Option<Vec<Value>> {
        let body = http(self.addr, "POST", &format!("/session/{session}/se/log"), Some(r#"{"type":"browser"}"#))?;
        let value: Value = serde_json::from_str(&body).ok()?;
        value.get("value")?.as_array().cloned()
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        // Asks chromedriver to close every session (and so Chromium) and exit.
        let _ = http(self.addr, "GET", "/shutdown", None);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                break;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        // Whatever is still running in chromedriver's process group (which is
        // the group of the process we started, and only ours) is stopped.
        let _ = Command::new("kill").args(["-KILL", "--", &format!("-{}", self.child.id())]).stderr(Stdio::null()).status();
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// One small blocking HTTP/1.1 request to chromedriver; `None` if it does not
/// answer. chromedriver keeps the connection open after answering, so the
/// body is read by its Content-Length.
fn http(addr: SocketAddr, method: &str, path: &str, body: Option<&str>) -> Option<String> {
    let mut stream = TcpStream::connect_timeout(&addr, Duration::from_secs(2)).ok()?;
    stream.set_read_timeout(Some(Duration::from_secs(10))).ok()?;
    let body = body.unwrap_or("");
    let request = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    stream.write_all(request.as_bytes()).ok()?;
    let mut response = Vec::new();
    let mut buffer = [0u8; 16 * 1024];
    loop {
        if let Some(end) = response.windows(4).position(|w| w == b"\r\n\r\n") {
            let head = String::from_utf8_lossy(&response[..end]).to_ascii_lowercase();
            let length = head.lines().find_map(|l| l.strip_prefix("content-length:")).and_then(|v| v.trim().parse::<usize>().ok());
            if let Some(length) = length
                && response.len() >= end + 4 + length
            {
                return Some(String::from_utf8_lossy(&response[end + 4..end + 4 + length]).into_owned());
            }
        }
        match stream.read(&mut buffer) {
            Ok(0) => break,
            Ok(n) => response.extend_from_slice(&buffer[..n]),
            Err(_) => return None,
        }
    }
    let text = String::from_utf8_lossy(&response);
    text.split_once("\r\n\r\n").map(|(_, rest)| rest.to_owned())
}

/// The journey: one browser, two people.
struct Journey<'a> {
    app: &'a support::TestApp,
    driver: &'a Driver,
    client: Client,
    session: String,
    axe: String,
    /// Failures collected along the way, reported together at the end, so one
    /// run shows every page's accessibility problems.
    problems: Vec<String>,
}

impl Journey<'_> {
    async fn goto(&self, path: &str) {
        self.client.goto(&self.app.url(path)).await.unwrap_or_else(|e| panic!("open {path}: {e}"));
    }

    async fn path(&self) -> String {
        self.client.current_url().await.expect("current URL").path().to_owned()
    }

    /// Waits until the browser is on `path` and its `h1` has loaded; returns the `h1` text.
    async fn arrive(&self, path: &str) -> String {
        let deadline = Instant::now() + WAIT;
        loop {
            if self.path().await == path
                && let Ok(h1) = self.client.find(Locator::Css("h1")).await
                && self.client.execute("return document.readyState", vec![]).await.ok() == Some(json!("complete"))
            {
                return h1.text().await.expect("h1 text");
            }
            assert!(
                Instant::now() < deadline,
                "expected to arrive at {path}, but the browser is at {} (title {:?})",
                self.path().await,
                self.client.title().await
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    async fn click(&self, css: &str) {
        let here = self.path().await;
        self.client
            .find(Locator::Css(css))
            .await
            .unwrap_or_else(|e| panic!("no {css} on {here}: {e}"))
            .click()
            .await
            .unwrap_or_else(|e| panic!("click {css}: {e}"));
    }

    async fn fill(&self, id: &str, value: &str) {
        let field = self.client.find(Locator::Id(id)).await.unwrap_or_else(|e| panic!("no #{id}: {e}"));
        field.clear().await.expect("clear");
        field.send_keys(value).await.expect("type");
    }

    async fn nav_labels(&self) -> Vec<String> {
        let mut labels = Vec::new();
        for link in self.client.find_all(Locator::Css(".govuk-service-navigation__link")).await.expect("navigation links") {
            labels.push(link.text().await.expect("link text").trim().to_owned());
        }
        labels
    }

    async fn sign_in(&mut self, username: &str) {
        self.fill("username", username).await;
        self.fill("password", support::PASSWORD).await;
        self.click("form[action='/sign-in'] button[type=submit]").await;
    }

    /// Console messages of level SEVERE (errors) since the last look.
    fn console_errors(&mut self) -> Vec<String> {
        match self.driver.console(&self.session) {
            Some(entries) => entries
                .iter()
                .filter(|e| e.get("level").and_then(Value::as_str) == Some("SEVERE"))
                .map(|e| e.get("message").and_then(Value::as_str).unwrap_or_default().to_owned())
                .collect(),
            None => Vec::new(),
        }
    }

    /// Records console errors, but for those containing one of `expected`.
    fn check_console(&mut self, page: &str, expected: &[&str]) {
        for message in self.console_errors() {
            if !expected.iter().any(|e| message.contains(e)) {
                self.problems.push(format!("{page}: console error: {message}"));
            }
        }
    }

    /// Our scripts ran under the page's policy: the layout's inline script
    /// (allowed by its hash) marked the body, and casebook.js started GOV.UK
    /// Frontend on the page's button.
    async fn check_scripts_ran(&mut self, page: &str) {
        let state = self
            .client
            .execute(
                "const b = document.querySelector('[data-module=govuk-button]'); \
                 return { body: document.body.className, button: b ? b.hasAttribute('data-govuk-button-init') : null };",
                vec![],
            )
            .await
            .expect("script state");
        let body = state["body"].as_str().unwrap_or_default();
        if !body.contains("js-enabled") || !body.contains("govuk-frontend-supported") {
            self.problems.push(format!(
                "{page}: the layout's inline script did not run (body class {body:?}); is its hash in the Content-Security-Policy current?"
            ));
        }
        if state["button"] == json!(false) {
            self.problems.push(format!("{page}: GOV.UK Frontend did not start on the page's button (casebook.js did not run?)"));
        }
    }

    /// Runs axe-core on the current page and records each violation; console
    /// errors containing one of `expected` are not counted.
    async fn axe(&mut self, page: &str, expected: &[&str]) {
        self.check_scripts_ran(page).await;
        self.check_console(page, expected);
        let injected = self
            .client
            .execute(&format!("{}\n;return typeof window.axe === 'object' ? window.axe.version : null;", self.axe), vec![])
            .await
            .unwrap_or_else(|e| panic!("inject axe-core on {page}: {e}"));
        assert!(injected.is_string(), "axe-core did not load on {page} (got {injected})");
        let script = r#"
            const done = arguments[arguments.length - 1];
            axe.run(document, { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] } })
              .then((results) => done({ violations: results.violations.map((v) => ({
                  id: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
                  nodes: v.nodes.map((n) => ({ target: n.target, html: n.html, summary: n.failureSummary })),
                })), passes: results.passes.length }))
              .catch((e) => done({ error: String(e && e.stack || e) }));
        "#;
        let result = self.client.execute_async(script, vec![]).await.unwrap_or_else(|e| panic!("run axe-core on {page}: {e}"));
        if let Some(error) = result.get("error") {
            panic!("axe-core failed on {page}: {error}");
        }
        let violations = result["violations"].as_array().cloned().unwrap_or_default();
        let passes = result["passes"].as_u64().unwrap_or(0);
        assert!(passes > 0, "axe-core checked nothing on {page}: {result}");
        println!("axe on {page}: {} rules passed, {} violated", passes, violations.len());
        for v in violations {
            let mut text = format!(
                "{page}: axe {} ({}): {} <{}>",
                v["id"].as_str().unwrap_or("?"),
                v["impact"].as_str().unwrap_or("?"),
                v["help"].as_str().unwrap_or("?"),
                v["helpUrl"].as_str().unwrap_or("")
            );
            for node in v["nodes"].as_array().cloned().unwrap_or_default() {
                text.push_str(&format!(
                    "\n    target {}\n      {}\n      {}",
                    node["target"],
                    node["html"].as_str().unwrap_or(""),
                    node["summary"].as_str().unwrap_or("").replace('\n', "\n      ")
                ));
            }
            self.problems.push(text);
        }
    }

    /// Shows that the page's Content-Security-Policy is enforced (an inline
    /// script added to the page does not run) while WebDriver's own scripts,
    /// and so axe-core, still run.
    async fn prove_csp_enforced(&mut self) {
        let blocked = self
            .client
            .execute_async(
                r#"
                const done = arguments[arguments.length - 1];
                window.__casebookInline = false;
                document.addEventListener('securitypolicyviolation', () => done('refused'), { once: true });
                const s = document.createElement('script');
                s.textContent = 'window.__casebookInline = true';
                document.head.appendChild(s);
                setTimeout(() => done(window.__casebookInline ? 'ran' : 'no event'), 2000);
                "#,
                vec![],
            )
            .await
            .expect("CSP probe");
        assert_eq!(blocked, json!("refused"), "an inline script injected into the page should be refused by the Content-Security-Policy");
        // The probe's own refusal is logged on the console; it is not a fault of the page.
        let _ = self.console_errors();
    }
}

/// One browser at a time: two Chromiums on a 2-core machine only slow each other down.
static ONE_BROWSER: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Starts chromedriver and Chromium over a fresh app, runs `walk` within four
/// minutes, and reports every problem found along the way.
async fn in_chromium<F>(setup: impl AsyncFnOnce(&support::TestApp), walk: F)
where
    F: for<'a, 'b> AsyncFnOnce(&'a mut Journey<'b>),
{
    let _one = ONE_BROWSER.lock().await;
    let axe = std::fs::read_to_string(AXE_PATH).unwrap_or_else(|e| panic!("read {AXE_PATH}: {e}"));
    let driver = Driver::start();
    let app = support::spawn_app().await;
    setup(&app).await;
    let client = driver.connect().await;
    let session = client.session_id().await.expect("session id").expect("a WebDriver session");
    let mut j = Journey { app: &app, driver: &driver, client, session, axe, problems: Vec::new() };
    let outcome = tokio::time::timeout(Duration::from_secs(240), walk(&mut j)).await;
    let problems = std::mem::take(&mut j.problems);
    let _ = j.client.clone().close().await;
    drop(driver);
    outcome.expect("the browser journey took longer than 4 minutes");
    assert!(problems.is_empty(), "{} problem(s) found in the browser:\n\n{}\n", problems.len(), problems.join("\n\n"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_call_rings_the_screen_shows_the_caller_and_the_contact_is_logged_with_thrive() {
    in_chromium(caller::setup, caller::journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_complaint_from_the_box_is_answered_with_senior_sign_off_and_the_board_sees_what_it_may() {
    in_chromium(async |_| {}, complaint_response::journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_cross_cutting_complaint_is_split_between_the_site_and_healthcare() {
    in_chromium(async |_| {}, cross_cutting::journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn an_ex_gratia_payment_proposed_on_a_complaint_reaches_the_register() {
    in_chromium(async |_| {}, aftercare::journey).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn sign_in_administer_and_sign_out_in_chromium_with_axe() {
    in_chromium(
        async |app| {
            // The page's policy, as the browser receives it.
            let headers = reqwest::get(app.url("/sign-in")).await.expect("GET /sign-in");
            let csp = headers.headers().get("content-security-policy").and_then(|v| v.to_str().ok()).unwrap_or_default().to_owned();
            assert!(csp.contains("script-src 'self'"), "expected a Content-Security-Policy restricting scripts, got {csp:?}");
        },
        journey,
    )
    .await;
}

async fn journey(j: &mut Journey<'_>) {
    // Signed out, the home page sends you to sign in.
    j.goto("/").await;
    assert_eq!(j.arrive("/sign-in").await, "Sign in to Casebook");
    j.check_console("sign-in page", &[]);
    j.prove_csp_enforced().await;
    j.axe("sign-in page", &[]).await;

    // An administrator signs in and sees the Users link.
    j.sign_in("administrator").await;
    assert_eq!(j.arrive("/").await, "Welcome, Test Administrator");
    let nav = j.nav_labels().await;
    assert!(nav.iter().any(|l| l == "Users"), "the administrator's navigation should have Users, has {nav:?}");
    j.axe("home page (administrator)", &[]).await;

    // Users list, through the navigation.
    let users = j
        .client
        .find(Locator::XPath("//a[contains(@class,'govuk-service-navigation__link')][normalize-space()='Users']"))
        .await
        .expect("Users link");
    users.click().await.expect("follow Users");
    let h1 = j.arrive("/admin/users").await;
    assert!(!h1.is_empty(), "the users page has a heading");
    j.axe("users list", &[]).await;

    // Adding a user with nothing filled in shows the error summary.
    j.goto("/admin/users/new").await;
    j.arrive("/admin/users/new").await;
    j.axe("new user form", &[]).await;
    j.click("form[action='/admin/users'] button[type=submit]").await;
    j.arrive("/admin/users").await;
    let summary = j
        .client
        .wait()
        .at_most(WAIT)
        .for_element(Locator::Css(".govuk-error-summary"))
        .await
        .expect("an error summary after submitting an empty form");
    assert!(summary.is_displayed().await.expect("visible?"), "the error summary should be visible");
    let title = summary.find(Locator::Css(".govuk-error-summary__title")).await.expect("error summary title").text().await.expect("text");
    assert_eq!(title.trim(), "There is a problem");
    let page_title = j.client.title().await.expect("title");
    assert!(page_title.starts_with("Error: "), "a page with errors should have a title starting 'Error: ', has {page_title:?}");
    // Chromium logs the form's 422 status itself; that is the expected answer.
    j.axe("new user form with errors", &["status of 422"]).await;

    // Sign out, then a call handler signs in: no Users link for them.
    j.click("form[action='/sign-out'] button[type=submit]").await;
    assert_eq!(j.arrive("/sign-in").await, "Sign in to Casebook");
    j.sign_in("call-handler").await;
    assert_eq!(j.arrive("/").await, "Welcome, Test Call handler");
    let nav = j.nav_labels().await;
    assert!(!nav.iter().any(|l| l == "Users"), "a call handler's navigation should not have Users, has {nav:?}");
    assert!(
        j.client.find_all(Locator::Css("a[href='/admin/users']")).await.expect("links").is_empty(),
        "a call handler's home page should not link to /admin/users"
    );
    j.axe("home page (call handler)", &[]).await;
}
