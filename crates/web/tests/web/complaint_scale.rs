//! Complaints at scale over HTTP: the sweep for breached clocks finds a
//! complaint whose clocks ran out, follows it as it moves on, hides a
//! sealed one from roles it does not name, and refuses the board.

use super::*;

fn old_receipt(confidential: bool) -> Value {
    json!({"arrived_by": "letter", "received_at": "2026-03-02T08:00:00Z", "site_id": "1", "setting": "removal-centre",
        "anonymous": true, "incident_date": "2026-02-20", "summary": "Nobody answered my letter.",
        "confidential": confidential, "visible_to_roles": if confidential { vec!["manager", "compliance-officer"] } else { vec![] }})
}

fn breached(reply: &Reply, id: i64) -> Vec<String> {
    reply.json()["breaches"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|b| b["complaint_id"].as_i64() == Some(id))
        .map(|b| b["clock_key"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn the_sweep_finds_breached_clocks_as_they_stand() {
    let app = spawn_app().await;
    let clerk = app.token_for("compliance-officer").await;
    let manager = app.token_for("manager").await;
    let investigator = app.token_for("investigator").await;
    let board = app.token_for("monitoring-board").await;

    let reply = api_send(&app, &clerk, Method::POST, "/api/v1/complaints", &old_receipt(false)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let id = reply.json()["id"].as_i64().unwrap();
    let sweep = api_get(&app, &investigator, "/api/v1/complaints/breaches").await;
    assert_eq!(sweep.status, 200, "{}", sweep.text);
    let keys = breached(&sweep, id);
    assert!(keys.contains(&"forward".to_owned()), "received in March and never forwarded: {keys:?}");
    assert_eq!(sweep.json()["count"].as_u64(), Some(sweep.json()["breaches"].as_array().unwrap().len() as u64));
    // The work list shows the same clocks as overdue.
    let work = api_get(&app, &clerk, "/api/v1/complaints/work?site_id=1").await;
    let work = work.json();
    let overdue: Vec<&str> = work["overdue"].as_array().unwrap().iter().filter_map(|i| i["clock_key"].as_str()).collect();
    assert!(keys.iter().all(|k| overdue.contains(&k.as_str())), "{keys:?} in {overdue:?}");

    // Forwarding meets that clock: the index moves with the complaint.
    let reply =
        api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/triage"), &json!({"category": "service-delivery"})).await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    assert_eq!(api_send(&app, &clerk, Method::POST, &format!("/api/v1/complaints/{id}/forward"), &json!({})).await.status, 200);
    let after = breached(&api_get(&app, &clerk, "/api/v1/complaints/breaches").await, id);
    assert!(!after.contains(&"forward".to_owned()), "{after:?}");

    // A sealed complaint's breaches show only to the roles it names.
    let reply = api_send(&app, &clerk, Method::POST, "/api/v1/complaints", &old_receipt(true)).await;
    assert_eq!(reply.status, 201, "{}", reply.text);
    let sealed = reply.json()["id"].as_i64().unwrap();
    assert!(!breached(&api_get(&app, &manager, "/api/v1/complaints/breaches").await, sealed).is_empty());
    assert!(breached(&api_get(&app, &investigator, "/api/v1/complaints/breaches").await, sealed).is_empty());

    assert_eq!(api_get(&app, &board, "/api/v1/complaints/breaches").await.status, 403);
}
