//! The OpenAPI 3 document, generated from the handlers' annotations.

use axum::Json;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi};

#[derive(OpenApi)]
#[openapi(
    info(title = "Casebook API", description = "Case management for UK public-sector contact centres and complaints units. Authenticate with `Authorization: Bearer <token>` (create one with `casebook token create --user NAME`). Errors are RFC 9457 problem objects; validation errors name each field."),
    paths(
        super::me::show,
        super::users::list, super::users::create, super::users::show, super::users::update,
        super::sites::list, super::sites::create, super::sites::show, super::sites::update,
        super::sites::closures, super::sites::add_closure, super::sites::remove_closure,
        super::calendars::holidays,
        super::audit::list,
        // People API (issue 3)
        super::people::create, super::people::show, super::people::search, super::people::match_candidates,
        // Contacts API (issue 3)
        super::contacts::create, super::contacts::list, super::contacts::show,
        super::contacts::inbox, super::contacts::returned, super::contacts::not_returned, super::contacts::report,
        // THRIVE API (issue 3)
        super::triage::proposal, super::triage::report, super::triage::show_policy, super::triage::replace_policy,

        // Frequent-callers API (issue 3)
        super::frequent_callers::list, super::frequent_callers::show,
        super::frequent_callers::flag, super::frequent_callers::review, super::frequent_callers::lift, super::frequent_callers::referral,
        super::frequent_callers::thresholds, super::frequent_callers::replace_thresholds,

        // Safeguarding API (issue 3)
        super::safeguarding::markers, super::safeguarding::record_marker, super::safeguarding::withdraw_marker,
        super::safeguarding::raise_concern, super::safeguarding::tasks, super::safeguarding::complete_task,
        super::safeguarding::merge, super::safeguarding::unmerge,

        // Telephony API (issue 3)
        super::telephony::receive,

        // Complaints API (issue 4)
        super::complaints::create, super::complaints::list, super::complaints::show, super::complaints::work,
        super::complaints::translation, super::complaints::triage, super::complaints::forward, super::complaints::log,
        super::complaints::allocate, super::complaints::send_for_investigation, super::complaints::acknowledge,
        super::complaints::reallocate, super::complaints::recategorise, super::complaints::withdraw,
        // Complaints administration: the procedure in force and the complaint-box log (issue 4)
        super::complaint_procedure::show, super::complaint_procedure::replace,
        super::complaint_boxes::log, super::complaint_boxes::record_emptying, super::complaint_boxes::show_emptying,
        super::complaint_boxes::record_scan,
        // Complaint extensions, responses with quality assurance, and letters (issue 4, response)
        super::complaint_response::show, super::complaint_response::request_extension,
        super::complaint_response::decide_extension, super::complaint_response::interim_response,
        super::complaint_response::save_draft, super::complaint_response::submit, super::complaint_response::approve,
        super::complaint_response::return_draft, super::complaint_response::send, super::complaint_response::list_letters,
        super::complaint_response::produce_letter, super::complaint_response::show_letter,
        // Complaint reports: board view, monthly summary, dip samples (issue 4)
        super::complaint_reports::board_list, super::complaint_reports::board_show, super::complaint_reports::monthly_summary,
        super::complaint_reports::dip_samples, super::complaint_reports::draw, super::complaint_reports::dip_sample,
        super::complaint_reports::record_finding,
        // Complaints at scale: the sweep for breached clocks (issue 4)
        super::complaint_breaches::sweep,
        // Complaints after the response: ombudsman, ex-gratia, lessons, officers, persistent complainants (issue 4)
        super::complaint_aftercare::escalations, super::complaint_aftercare::escalate,
        super::complaint_aftercare::propose_ex_gratia, super::complaint_aftercare::ex_gratia_register,
        super::complaint_aftercare::show_ex_gratia, super::complaint_aftercare::ex_gratia_step,
        super::complaint_aftercare::raise_lesson, super::complaint_aftercare::lesson_log, super::complaint_aftercare::lesson_step,
        super::complaint_aftercare::list_officers, super::complaint_aftercare::add_officer,
        super::complaint_aftercare::officers_over_threshold, super::complaint_aftercare::named_officers,
        super::complaint_aftercare::name_officer, super::complaint_aftercare::record_finding,
        super::complaint_aftercare::propose_decision, super::complaint_aftercare::decisions,
        super::complaint_aftercare::decide_proposal, super::complaint_aftercare::decision_step,
        super::complaint_aftercare::certification, super::complaint_aftercare::suspend_certification,
        super::complaint_aftercare::lodge_certification_appeal, super::complaint_aftercare::decide_certification_appeal,
        super::complaint_aftercare::recommend_certification,
    ),
    modifiers(&BearerAuth),
)]
pub struct ApiDoc;

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme("bearer", SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()));
    }
}

pub async fn document() -> Json<utoipa::openapi::OpenApi> {
    Json(ApiDoc::openapi())
}
