//! CSRF, sign-in, throttling, redirects and sign-out.

use super::*;

// ---------------------------------------------------------------------------
// 3. CSRF
// ---------------------------------------------------------------------------

#[tokio::test]
async fn state_changing_forms_need_the_session_token_from_our_own_site() {
    let app = spawn_app().await;
    let (browser, csrf) = app.sign_in(username_for(Role::CallHandler)).await;
    let url = app.url("/account/password");
    let fields = [("current_password", ""), ("new_password", ""), ("confirm_password", "")];
    let with_token = |token: &str| {
        let mut form: Vec<(&str, String)> = fields.iter().map(|(k, v)| (*k, (*v).to_owned())).collect();
        form.push(("csrf_token", token.to_owned()));
        form
    };
    let refused = |reply: &Reply, case: &str| {
        assert_eq!(reply.status, 403, "{case}: {}", reply.snippet());
        assert!(reply.text.contains("Your form could not be sent"), "{case}: {}", reply.snippet());
    };

    refused(&send(browser.post(&url).form(&fields)).await, "no token");
    refused(&send(browser.post(&url).form(&with_token("not-the-token"))).await, "wrong token");
    refused(&send(browser.post(&url).form(&with_token(""))).await, "empty token");
    refused(&send(browser.post(&url).header("sec-fetch-site", "cross-site").form(&with_token(&csrf))).await, "cross-site");
    refused(&send(browser.post(&url).header("origin", "https://evil.example").form(&with_token(&csrf))).await, "foreign origin");
    refused(&send(browser.post(&url).header("x-csrf-token", "not-the-token").form(&fields)).await, "wrong header token");

    // The right token, in the form or in the header, gets the form processed (here: rejected as empty).
    for reply in [
        send(browser.post(&url).header("sec-fetch-site", "same-origin").form(&with_token(&csrf))).await,
        send(browser.post(&url).header("x-csrf-token", &csrf).form(&fields)).await,
    ] {
        assert_eq!(reply.status, 422, "{}", reply.snippet());
        assert_eq!(summary_links(&reply), ["current_password", "new_password"]);
    }

    // The JSON API with a session cookie needs the token too, in the header.
    let reply = send(browser.post(app.url("/api/v1/sites")).json(&json!({}))).await;
    assert_eq!(assert_problem(&reply, 403)["title"], "Your form could not be sent");
    let reply = send(browser.post(app.url("/api/v1/sites")).header("x-csrf-token", &csrf).json(&json!({}))).await;
    assert_eq!(assert_problem(&reply, 403)["title"], "You do not have access to this page", "past CSRF, a call handler is refused by role");

    // Signing in needs the token of the short-lived pre-session cookie.
    let stranger = client();
    let form = [("csrf_token", "made-up"), ("username", "call-handler"), ("password", PASSWORD), ("next", "/")];
    let reply = send(stranger.post(app.url("/sign-in")).form(&form)).await;
    assert_eq!(reply.status, 403, "sign-in without the pre-session cookie: {}", reply.snippet());
    let _ = send(stranger.get(app.url("/sign-in"))).await;
    let reply = send(stranger.post(app.url("/sign-in")).form(&form)).await;
    assert_eq!(reply.status, 403, "sign-in with a token that is not the cookie's: {}", reply.snippet());
    assert!(reply.set_cookies().iter().all(|c| !c.starts_with("casebook_session=")));
}

#[tokio::test]
async fn an_authorization_header_that_is_not_a_bearer_token_does_not_switch_off_csrf() {
    let app = spawn_app().await;
    let (admin, _csrf) = app.sign_in("administrator").await;
    let token = app.token_for("administrator").await;
    let before = user_count(&app, &token).await;
    let mut answers = Vec::new();
    for (i, authorization) in ["Basic dXNlcjpwYXNz", "bearer made-up", "Negotiate abc"].into_iter().enumerate() {
        let username = format!("forged{i}");
        let form = [("username", username.as_str()), ("display_name", "Forged"), ("grade", "eo"), ("roles", "administrator")];
        let reply = send(
            admin.post(app.url("/admin/users")).header("authorization", authorization).header("sec-fetch-site", "cross-site").form(&form),
        )
        .await;
        if reply.status != 403 {
            answers.push(format!("Authorization: {authorization} -> {} {}", reply.status, reply.location()));
        }
    }
    assert!(
        answers.is_empty(),
        "forged cross-site posts were processed ({} users created):\n{}",
        user_count(&app, &token).await - before,
        answers.join("\n")
    );
}

// ---------------------------------------------------------------------------
// 4. Signing in and out
// ---------------------------------------------------------------------------

#[tokio::test]
async fn a_wrong_password_is_refused_without_a_session() {
    let app = spawn_app().await;
    let browser = client();
    let reply = sign_in_attempt(&app, &browser, "investigator", "not the password", "/").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["username"]);
    assert!(reply.text.contains("Enter a correct username and password"));
    assert!(reply.text.contains("value=\"investigator\""), "the username is kept in the form");
    assert!(reply.set_cookies().iter().all(|c| !c.starts_with("casebook_session=")), "{:?}", reply.set_cookies());
    let home = send(browser.get(app.url("/"))).await;
    assert_eq!((home.status.as_u16(), home.location()), (303, "/sign-in?next=/"));

    // An unknown user reads exactly the same.
    let reply = sign_in_attempt(&app, &client(), "nobody-at-all", "not the password", "/").await;
    assert_eq!(reply.status, 422);
    assert!(reply.text.contains("Enter a correct username and password"));

    // Empty fields are named one by one.
    let reply = sign_in_attempt(&app, &client(), "", "", "/").await;
    assert_eq!(reply.status, 422);
    assert_eq!(summary_links(&reply), ["username", "password"]);
}

#[tokio::test]
async fn repeated_failures_pause_the_account_even_for_the_right_password() {
    let app = spawn_app().await;
    let browser = client();
    for attempt in 1..=5 {
        let reply = sign_in_attempt(&app, &browser, "manager", "wrong password", "/").await;
        assert_eq!(reply.status, 422, "attempt {attempt}");
        assert!(reply.text.contains("Enter a correct username and password"), "attempt {attempt}");
    }
    let reply = sign_in_attempt(&app, &browser, "manager", PASSWORD, "/").await;
    assert_eq!(reply.status, 422, "{}", reply.snippet());
    assert_eq!(summary_links(&reply), ["username"]);
    assert!(reply.text.contains("Too many failed attempts"), "{}", reply.snippet());
    assert!(reply.set_cookies().iter().all(|c| !c.starts_with("casebook_session=")));
    // Other people are not affected.
    let (_, _) = app.sign_in("investigator").await;
}

#[tokio::test]
async fn after_sign_in_only_local_paths_are_followed() {
    let app = spawn_app().await;
    let form = send(client().get(app.url("/sign-in?next=//evil.example"))).await;
    assert!(form.text.contains("name=\"next\" value=\"/\""), "the form should carry next=/");

    for (next, expected) in
        [("//evil.example", "/"), ("https://evil.example/", "/"), ("/\\evil.example", "/"), ("/admin/users", "/admin/users")]
    {
        let reply = sign_in_attempt(&app, &client(), "administrator", PASSWORD, next).await;
        assert_eq!((reply.status.as_u16(), reply.location()), (303, expected), "next={next}");
    }

    // A page asked for before signing in, query and all, is where signing in leads.
    let browser = client();
    let asked = send(browser.get(app.url("/admin/audit?action=user"))).await;
    assert_eq!((asked.status.as_u16(), asked.location()), (303, "/sign-in?next=/admin/audit%3Faction%3Duser"));
    let form = send(browser.get(app.url(asked.location()))).await;
    assert!(form.text.contains("name=\"next\" value=\"/admin/audit?action=user\""), "the form should carry the page asked for");
    let reply = sign_in_attempt(&app, &browser, "administrator", PASSWORD, "/admin/audit?action=user").await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, "/admin/audit?action=user"));
}

#[tokio::test]
async fn after_sign_in_paths_with_control_characters_are_not_followed() {
    let app = spawn_app().await;
    let mut answers = Vec::new();
    for next in ["/\t/evil.example", "/\n/evil.example", "/\r/evil.example"] {
        let reply = sign_in_attempt(&app, &client(), "administrator", PASSWORD, next).await;
        if (reply.status.as_u16(), reply.location()) != (303, "/") {
            answers.push(format!("next={next:?} -> {} {:?}", reply.status, reply.location()));
        }
        let form =
            send(client().get(app.url(&format!("/sign-in?next={}", next.replace('\t', "%09").replace('\n', "%0A").replace('\r', "%0D")))))
                .await;
        if !form.text.contains("name=\"next\" value=\"/\"") {
            answers.push(format!("the sign-in form keeps next={next:?}"));
        }
    }
    assert!(answers.is_empty(), "{}", answers.join("\n"));
}

#[tokio::test]
async fn signing_out_ends_the_session_on_the_server() {
    let app = spawn_app().await;
    let browser = client();
    let reply = sign_in_attempt(&app, &browser, "call-handler", PASSWORD, "/").await;
    assert_eq!((reply.status.as_u16(), reply.location()), (303, "/"));
    let session = reply.set_cookies().into_iter().find(|c| c.starts_with("casebook_session=")).expect("a session cookie").to_owned();
    assert!(session.contains("HttpOnly") && session.contains("SameSite=Lax"), "{session}");
    let cookie = session.split(';').next().unwrap().to_owned();

    let home = send(browser.get(app.url("/"))).await;
    assert_eq!(home.status, 200);
    let csrf = csrf_from(&home.text);
    let replayed = send(client().get(app.url("/")).header("cookie", &cookie)).await;
    assert_eq!(replayed.status, 200, "the cookie alone is the session");

    // Behind a TLS-terminating proxy the cookies are marked Secure.
    let form = send(client().get(app.url("/sign-in")).header("x-forwarded-proto", "https")).await;
    let pre_session = form.set_cookies().into_iter().find(|c| c.starts_with("casebook_csrf=")).expect("a pre-session cookie").to_owned();
    assert!(pre_session.contains("Secure") && pre_session.contains("HttpOnly"), "{pre_session}");
    assert!(!session.contains("Secure"), "plain HTTP in tests: {session}");

    let out = send(browser.post(app.url("/sign-out")).form(&[("csrf_token", csrf.as_str())])).await;
    assert_eq!((out.status.as_u16(), out.location()), (303, "/sign-in"));
    let home = send(browser.get(app.url("/"))).await;
    assert_eq!((home.status.as_u16(), home.location()), (303, "/sign-in?next=/"));
    let replayed = send(client().get(app.url("/")).header("cookie", &cookie)).await;
    assert_eq!((replayed.status.as_u16(), replayed.location()), (303, "/sign-in?next=/"), "a copied cookie must not outlive sign-out");
}
