//! The JSON API under `/api/v1`, described by an OpenAPI 3 document built
//! from these handlers' annotations. Same use cases as the pages.

pub mod audit;
pub mod calendars;
// Complaints at scale: the sweep for breached clocks (issue 4)
pub mod complaint_aftercare;
pub mod complaint_boxes;
pub mod complaint_breaches;
pub mod complaint_procedure;
pub mod complaint_response; // extensions, response and letters (issue 4)
// Reports (issue 4): board view, monthly summary, dip samples
pub mod complaint_reports;
pub mod complaints;
pub mod contacts;
pub mod frequent_callers;
pub mod me;
pub mod openapi;
pub mod people;
pub mod safeguarding;
pub mod sites;
pub mod telephony;
pub mod triage;
pub mod users;

use crate::error::Failure;
use axum::extract::rejection::JsonRejection;
use axum::extract::{FromRequest, Request};
use serde::Serialize;
use serde::de::DeserializeOwned;
use utoipa::ToSchema;

/// A JSON body whose parse errors become a problem object naming the mistake.
pub struct ApiJson<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for ApiJson<T> {
    type Rejection = Failure;

    async fn from_request(req: Request, state: &S) -> Result<Self, Self::Rejection> {
        match axum::Json::<T>::from_request(req, state).await {
            Ok(axum::Json(value)) => Ok(ApiJson(value)),
            Err(JsonRejection::MissingJsonContentType(_)) => {
                Err(Failure::BadRequest("Send the body as JSON with Content-Type: application/json.".into()))
            }
            Err(e) => Err(Failure::BadRequest(format!("The JSON body is not valid: {}", e.body_text()))),
        }
    }
}

/// RFC 9457 problem details, as every API error is answered.
#[derive(Serialize, ToSchema)]
pub struct Problem {
    #[serde(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Present for validation failures: one entry per problem, naming the field.
    pub errors: Option<Vec<FieldProblem>>,
    pub request_id: Option<String>,
}

#[derive(Serialize, ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// Lists are wrapped so fields can be added later without breaking clients.
#[derive(Serialize, ToSchema)]
pub struct Page<T: ToSchema> {
    pub items: Vec<T>,
}
