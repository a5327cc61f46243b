//! The role walk and the OpenAPI document: the route table is the truth.

use super::*;

// ---------------------------------------------------------------------------
// 1. The role walk
// ---------------------------------------------------------------------------

/// Sample values for path parameters; a new parameter must be added here.
fn sample_path(pattern: &str) -> String {
    let path = pattern
        .replace("{id}", "1")
        .replace("{closure_id}", "1")
        .replace("{part}", "1")
        .replace("{letter_id}", "1")
        .replace("{division}", "england-and-wales")
        .replace("{*path}", "app/casebook.js");
    assert!(!path.contains('{'), "the walk has no sample value for a parameter of {pattern}");
    path
}

fn method_of(spec: &RouteSpec) -> Method {
    match spec.method {
        "get" => Method::GET,
        "post" => Method::POST,
        "put" => Method::PUT,
        "delete" => Method::DELETE,
        other => panic!("the walk does not know the method {other} of {}", spec.path),
    }
}

fn is_public(spec: &RouteSpec) -> bool {
    spec.access.allows(None).is_ok()
}

struct Caller {
    role: Role,
    session: Client,
    csrf: String,
    token: String,
}

/// The request a caller makes: bearer token for the API, session and CSRF token for pages.
fn request_as(app: &TestApp, spec: &RouteSpec, path: &str, caller: &Caller) -> RequestBuilder {
    let method = method_of(spec);
    if path.starts_with("/api/") {
        return bearer(app, &caller.token, method, path);
    }
    let request = caller.session.request(method.clone(), app.url(path));
    if method == Method::GET { request } else { request.form(&[("csrf_token", caller.csrf.as_str())]) }
}

/// What is wrong with a signed-in caller's reply, if anything.
fn judge(api: bool, allowed: bool, reply: &Reply) -> Option<String> {
    if reply.header("x-request-id").is_empty() {
        return Some("no x-request-id header".into());
    }
    let status = reply.status.as_u16();
    if !allowed {
        if status != 403 {
            return Some(format!("should be refused with 403, got {status}: {}", reply.snippet()));
        }
        let content_type = reply.header("content-type");
        let (wanted_type, wanted_text, what) = if api {
            ("application/problem+json", "\"status\":403", "a problem object")
        } else {
            ("text/html", "You do not have access to this page", "the access page")
        };
        let right = content_type.starts_with(wanted_type) && reply.text.contains(wanted_text);
        return (!right).then(|| format!("403 should be {what}, got {content_type}: {}", reply.snippet()));
    }
    if matches!(status, 401 | 403 | 405) || status >= 500 {
        return Some(format!("should be let through, got {status}: {}", reply.snippet()));
    }
    if !api && status == 303 && reply.location().starts_with("/sign-in?") {
        return Some(format!("should be let through, was sent to {}", reply.location()));
    }
    None
}

/// What is wrong with an anonymous caller's reply to a non-public route, if anything.
fn judge_anonymous(api: bool, path: &str, reply: &Reply) -> Option<String> {
    let status = reply.status.as_u16();
    if api {
        let ok = status == 401
            && reply.header("www-authenticate") == "Bearer"
            && reply.header("content-type").starts_with("application/problem+json");
        return (!ok).then(|| {
            format!("should be 401 with WWW-Authenticate: Bearer, got {status} {:?}: {}", reply.header("www-authenticate"), reply.snippet())
        });
    }
    let wanted = format!("/sign-in?next={path}");
    (status != 303 || reply.location() != wanted).then(|| format!("should be 303 to {wanted}, got {status} to {:?}", reply.location()))
}

#[tokio::test]
async fn every_route_admits_exactly_the_roles_the_table_declares() {
    let app = spawn_app().await;
    let mut callers = Vec::new();
    for role in Role::ALL {
        let (session, csrf) = app.sign_in(username_for(role)).await;
        let token = app.token_for(username_for(role)).await;
        callers.push(Caller { role, session, csrf, token });
    }
    // An anonymous browser holding the sign-in form's token, so its posts get past CSRF to the guard.
    let anonymous = client();
    let anonymous_csrf = csrf_from(&send(anonymous.get(app.url("/sign-in"))).await.text);

    let mut table = routes::table();
    // Signing out ends the walking sessions, so it comes last.
    table.sort_by_key(|spec| spec.path == "/sign-out");

    let mut mismatches = Vec::new();
    let mut calls = 0;
    for spec in &table {
        let path = sample_path(spec.path);
        let api = path.starts_with("/api/");
        let name = format!("{} {}", spec.method.to_uppercase(), spec.path);
        for caller in &callers {
            let allowed = spec.access.admits(Roles::of(&[caller.role]));
            let reply = send(request_as(&app, spec, &path, caller)).await;
            calls += 1;
            if let Some(problem) = judge(api, allowed, &reply) {
                mismatches.push(format!("{name} as {}: {problem}", caller.role.slug()));
            }
        }
        let request = match (api, spec.method) {
            // An API client without a token has no cookies either.
            (true, _) => client().request(method_of(spec), app.url(&path)),
            (false, "get") => anonymous.get(app.url(&path)),
            (false, _) => anonymous.request(method_of(spec), app.url(&path)).form(&[("csrf_token", anonymous_csrf.as_str())]),
        };
        let reply = send(request).await;
        calls += 1;
        let problem = if is_public(spec) { judge(api, true, &reply) } else { judge_anonymous(api, &path, &reply) };
        if let Some(problem) = problem {
            mismatches.push(format!("{name} anonymously: {problem}"));
        }
    }
    assert_eq!(calls, table.len() * (Role::ALL.len() + 1));
    assert!(mismatches.is_empty(), "{} of {calls} calls answered wrongly:\n{}", mismatches.len(), mismatches.join("\n"));
}

/// The table itself, checked against what Casebook promises, independently of the guard.
#[test]
fn the_route_table_keeps_administration_to_administrators_and_little_public() {
    let table = routes::table();
    let mut public: Vec<String> = table.iter().filter(|s| is_public(s)).map(|s| format!("{} {}", s.method, s.path)).collect();
    public.sort();
    let expected = [
        "get /accessibility",
        "get /api/v1/openapi.json",
        "get /assets/{*path}",
        "get /healthz",
        "get /metrics",
        "get /readyz",
        "get /sign-in",
        "post /sign-in",
    ];
    assert_eq!(public, expected, "the public routes changed");

    let mut seen = std::collections::HashSet::new();
    for spec in &table {
        assert!(seen.insert((spec.method, spec.path)), "{} {} is declared twice", spec.method, spec.path);
        // The telephony platform's machine account posts call events and does nothing else.
        let telephony = spec.path == "/api/v1/telephony/events";
        let restricted = !spec.access.admits(Roles::NONE);
        if restricted {
            let admitted = spec.access.admits(Roles::of(&[Role::TelephonyPlatform]));
            assert_eq!(admitted, telephony, "{} {} as the telephony platform", spec.method, spec.path);
        }
        if telephony {
            continue;
        }
        // Complaint responses (issue 4, response): investigators and the complaints unit
        // ask for extensions, draft, submit, send and produce letters; the unit decides
        // extensions; senior reviewers and managers approve or return.
        let response_parts = ["/parts/", "/extension-", "/interim-response", "/response/", "/letters"];
        if spec.path.contains("complaints/{id}/") && response_parts.iter().any(|p| spec.path.contains(p)) {
            let expected: &[Role] = if spec.path.ends_with("/approve") || spec.path.ends_with("/return") {
                &[Role::SeniorReviewer, Role::Manager]
            } else if spec.path.ends_with("/extension-decision") {
                &[Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer]
            } else {
                &[Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer, Role::Investigator]
            };
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, expected.contains(&role), "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // Complaints (issue 4): handlers run the journey, investigators also read and
        // acknowledge; never the monitoring board, call handlers or administrators.
        if spec.path == "/complaints" || spec.path.starts_with("/complaints/") || spec.path.starts_with("/api/v1/complaints") {
            let handlers = [Role::ComplianceOfficer, Role::Manager, Role::SeniorReviewer];
            let reads = spec.method == "get" && spec.path != "/complaints/new" || spec.path.ends_with("/acknowledge");
            for role in Role::ALL {
                let expected = handlers.contains(&role) || (reads && role == Role::Investigator);
                assert_eq!(spec.access.admits(Roles::of(&[role])), expected, "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // Safeguarding (issue 3): markers, concerns, tasks and merges have their own role sets.
        if let Some(expected) = safeguarding_roles(spec) {
            for role in Role::ALL {
                assert_eq!(
                    spec.access.admits(Roles::of(&[role])),
                    expected.contains(&role),
                    "{} {} as {}",
                    spec.method,
                    spec.path,
                    role.slug()
                );
            }
            continue;
        }
        // Frequent callers (issue 3): managers decide, the meeting's readers read, every handler sees a person's flag.
        if spec.path.contains("/frequent-caller") {
            let expected = if spec.path == "/api/v1/persons/{id}/frequent-caller" {
                Roles::FRONT_LINE
            } else if spec.method == "get"
                && (spec.path.starts_with("/frequent-callers") || spec.path.starts_with("/api/v1/frequent-callers"))
            {
                Roles::FREQUENT_CALLER_READERS
            } else {
                Roles::MANAGERS
            };
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, expected.contains(role), "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // Persons, contacts, messages and the caller screen (issue 3) are for the front-line roles only.
        let front_line_areas =
            ["/people", "/api/v1/persons", "/contacts", "/messages", "/api/v1/contacts", "/api/v1/messages", "/caller-screen"];
        if front_line_areas.iter().any(|p| spec.path == *p || spec.path.starts_with(&format!("{p}/"))) {
            for role in Role::ALL {
                let front_line =
                    matches!(role, Role::CallHandler | Role::ComplianceOfficer | Role::Investigator | Role::SeniorReviewer | Role::Manager);
                assert_eq!(spec.access.admits(Roles::of(&[role])), front_line, "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // THRIVE (issue 3, triage): proposals and the rules for the front line, the
        // rules page and report for report readers, changing the rules for managers.
        let triage_roles: Option<&[Role]> = match (spec.method, spec.path) {
            ("post", "/triage/proposal" | "/api/v1/triage/proposal") | ("get", "/api/v1/triage/policy") => {
                Some(&[Role::CallHandler, Role::ComplianceOfficer, Role::Investigator, Role::SeniorReviewer, Role::Manager])
            }
            ("get", "/triage/policy" | "/reports/triage" | "/api/v1/reports/triage" | "/reports/contacts" | "/api/v1/reports/contacts") => {
                Some(&[Role::SeniorReviewer, Role::Manager])
            }
            ("put", "/api/v1/triage/policy") => Some(&[Role::Manager]),
            _ => None,
        };
        if let Some(allowed) = triage_roles {
            for role in Role::ALL {
                assert_eq!(
                    spec.access.admits(Roles::of(&[role])),
                    allowed.contains(&role),
                    "{} {} as {}",
                    spec.method,
                    spec.path,
                    role.slug()
                );
            }
            continue;
        }
        // Complaints after the response (issue 4): the registers and their steps are for
        // complaint handlers; approving an end to correspondence for managers and senior reviewers.
        let aftercare = [
            "/api/v1/ex-gratia",
            "/api/v1/lessons",
            "/api/v1/officers",
            "/api/v1/correspondence-decisions",
            "/reports/ex-gratia",
            "/reports/ex-gratia.csv",
            "/reports/officers",
            "/reports/lessons",
            "/reports/correspondence-decisions",
        ];
        if aftercare.iter().any(|p| spec.path == *p || spec.path.starts_with(&format!("{p}/"))) {
            let certification_decision = ["/suspension", "/appeal-decision", "/recommendation"];
            let allowed: &[Role] = if spec.path.ends_with("/approval") {
                &[Role::SeniorReviewer, Role::Manager]
            } else if (spec.path.contains("/certification/") || spec.path.starts_with("/reports/officers/"))
                && certification_decision.iter().any(|s| spec.path.ends_with(s))
            {
                &[Role::Manager]
            } else {
                &[Role::ComplianceOfficer, Role::SeniorReviewer, Role::Manager]
            };
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, allowed.contains(&role), "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // Complaints administration (issue 4): everyone handling complaints reads the procedure,
        // administrators change it (below); the complaint-box log is for its keepers.
        let complaint_admin_roles: Option<&[Role]> = match (spec.method, spec.path) {
            ("get", "/admin/complaint-procedure" | "/api/v1/complaint-procedure") => {
                Some(&[Role::ComplianceOfficer, Role::Investigator, Role::SeniorReviewer, Role::Manager, Role::Administrator])
            }
            (_, path) if path.starts_with("/complaint-boxes") || path.starts_with("/api/v1/complaint-boxes") => {
                Some(&[Role::ComplianceOfficer, Role::SeniorReviewer, Role::Manager])
            }
            _ => None,
        };
        if let Some(allowed) = complaint_admin_roles {
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, allowed.contains(&role), "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // Complaint reports (issue 4): the board's routes admit the monitoring board and no one else;
        // the summary and the dip samples admit the complaint handlers (who include the report readers).
        let report_roles: Option<&[Role]> = if spec.path.starts_with("/board/") || spec.path.starts_with("/api/v1/board/") {
            Some(&[Role::MonitoringBoard])
        } else if spec.path.starts_with("/reports/complaints")
            || spec.path.starts_with("/reports/dip-samples")
            || spec.path == "/api/v1/reports/complaints"
            || spec.path.starts_with("/api/v1/dip-samples")
        {
            Some(&[Role::ComplianceOfficer, Role::SeniorReviewer, Role::Manager])
        } else {
            None
        };
        if let Some(allowed) = report_roles {
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, allowed.contains(&role), "{} {} as {}", spec.method, spec.path, role.slug());
            }
            continue;
        }
        // The monitoring board reaches nothing else that is not open to everyone signed in.
        if spec.access.admits(Roles::of(&[Role::MonitoringBoard])) {
            assert!(spec.access.admits(Roles::NONE), "{} {} admits the monitoring board", spec.method, spec.path);
        }
        let admin_only = spec.path.starts_with("/admin/")
            || (spec.path.starts_with("/api/") && spec.method != "get")
            || spec.path.starts_with("/api/v1/users")
            || spec.path == "/api/v1/audit";
        if admin_only {
            for role in Role::ALL {
                let admitted = spec.access.admits(Roles::of(&[role]));
                assert_eq!(admitted, role == Role::Administrator, "{} {} as {}", spec.method, spec.path, role.slug());
            }
        } else if !is_public(spec) {
            assert!(spec.access.admits(Roles::NONE), "{} {} should be open to anyone signed in", spec.method, spec.path);
            assert!(
                !spec.path.starts_with("/api/") || spec.method == "get",
                "{} {} changes data yet is open to anyone",
                spec.method,
                spec.path
            );
        }
    }
}

/// Who the safeguarding routes admit, written out role by role rather than
/// through the named role sets, so a change to a set shows here.
fn safeguarding_roles(spec: &RouteSpec) -> Option<Vec<Role>> {
    let path = spec.path;
    let front_line = vec![Role::CallHandler, Role::ComplianceOfficer, Role::Investigator, Role::SeniorReviewer, Role::Manager];
    if path == "/api/v1/persons/{id}/markers" && spec.method == "get" {
        // Need-to-know for special-category data: not investigators, compliance officers, the board or administrators.
        return Some(vec![Role::CallHandler, Role::SeniorReviewer, Role::Manager]);
    }
    let managers_only = path.ends_with("/markers")
        || path.ends_with("/merge")
        || path.ends_with("/withdraw")
        || path.ends_with("/unmerge")
        || path.starts_with("/markers/")
        || path.starts_with("/merges/")
        || path.starts_with("/api/v1/markers/")
        || path.starts_with("/api/v1/merges/");
    if managers_only {
        return Some(vec![Role::Manager]);
    }
    let tasks_or_concerns =
        path.ends_with("/concerns") || path == "/tasks" || path.starts_with("/tasks/") || path.starts_with("/api/v1/tasks");
    tasks_or_concerns.then_some(front_line)
}

// ---------------------------------------------------------------------------
// 2. The OpenAPI document
// ---------------------------------------------------------------------------

#[tokio::test]
async fn the_openapi_document_describes_every_api_route() {
    let app = spawn_app().await;
    let reply = send(client().get(app.url("/api/v1/openapi.json"))).await;
    assert_eq!(reply.status, 200);
    assert!(reply.header("content-type").starts_with("application/json"));
    let doc = reply.json();
    let version = doc["openapi"].as_str().expect("an openapi version");
    assert!(version.starts_with("3."), "OpenAPI {version}");
    assert_eq!(doc["info"]["title"], "Casebook API");
    assert_eq!(doc["components"]["securitySchemes"]["bearer"]["scheme"], "bearer");

    let paths = doc["paths"].as_object().expect("paths");
    let mut missing = Vec::new();
    let mut described = 0;
    for spec in routes::table() {
        if !spec.path.starts_with("/api/v1/") || spec.path == "/api/v1/openapi.json" {
            continue;
        }
        described += 1;
        if paths.get(spec.path).and_then(|ops| ops.get(spec.method)).is_none() {
            missing.push(format!("{} {}", spec.method, spec.path));
        }
    }
    assert!(described >= 14, "only {described} API routes in the table");
    assert!(missing.is_empty(), "not in the OpenAPI document: {missing:?}");
    // And nothing documented that the server does not serve.
    let table = routes::table();
    for (path, ops) in paths {
        for method in ops.as_object().expect("operations").keys() {
            assert!(table.iter().any(|s| s.path == path && s.method == method), "documented but not routed: {method} {path}");
        }
    }
}
