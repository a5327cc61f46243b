//! Every route, who may use it, and the handler, in one table. Reading this
//! file tells you the whole surface of Casebook and its permissions; a test
//! walks the table with every role and proves the refusals.

use crate::auth::{Access, access, csrf, principal};
use crate::{AppState, api, assets, error, ops, pages};
use axum::Router;
use axum::routing::{MethodRouter, delete, get, post, put};
use casebook_domain::access::Roles;
use tower_http::request_id::{MakeRequestUuid, PropagateRequestIdLayer, SetRequestIdLayer};
use tower_http::trace::TraceLayer;

const PUBLIC: Access = Access::Public;
const SIGNED_IN: Access = Access::SignedIn;
const ADMIN: Access = Access::Roles(Roles::ADMINISTRATORS);
const FRONT_LINE: Access = Access::Roles(Roles::FRONT_LINE);
const TELEPHONY: Access = Access::Roles(Roles::TELEPHONY);
const MANAGERS: Access = Access::Roles(Roles::MANAGERS);
const FREQUENT_CALLER_READERS: Access = Access::Roles(Roles::FREQUENT_CALLER_READERS);
const SPECIAL_CATEGORY_READERS: Access = Access::Roles(Roles::SPECIAL_CATEGORY_READERS);
const REPORT_READERS: Access = Access::Roles(Roles::REPORT_READERS);
const COMPLAINT_HANDLERS: Access = Access::Roles(Roles::COMPLAINT_HANDLERS);
const COMPLAINT_READERS: Access = Access::Roles(Roles::COMPLAINT_READERS);
const COMPLAINT_PROCEDURE_READERS: Access = Access::Roles(Roles::COMPLAINT_PROCEDURE_READERS);
const COMPLAINT_BOX_KEEPERS: Access = Access::Roles(Roles::COMPLAINT_BOX_KEEPERS);
// Complaint responses (issue 4): who approves or returns a drafted response.
const RESPONSE_APPROVERS: Access = Access::Roles(Roles::RESPONSE_APPROVERS);
// Complaint reports (issue 4): the monitoring board alone; the complaint handlers (who include the report readers).
const MONITORING_BOARD: Access = Access::Roles(casebook_app::complaint_reports::BOARD);
const COMPLAINT_REPORTERS: Access = Access::Roles(casebook_app::complaint_reports::REPORTERS);
const CORRESPONDENCE_APPROVERS: Access = Access::Roles(Roles::CORRESPONDENCE_APPROVERS);
// Certification of officers complained about (issue 4): managers decide.
const CERTIFICATION_DECIDERS: Access = Access::Roles(casebook_app::complaint_aftercare::certification::DECIDERS);

/// One line of the table.
pub struct RouteSpec {
    pub method: &'static str,
    pub path: &'static str,
    pub access: Access,
    handler: fn() -> MethodRouter<AppState>,
}

macro_rules! table {
    ($( $method:ident $path:literal $access:expr => $handler:path ;)*) => {
        /// The route table.
        pub fn table() -> Vec<RouteSpec> {
            vec![$(RouteSpec {
                method: stringify!($method),
                path: $path,
                access: $access,
                handler: || $method($handler),
            }),*]
        }
    };
}

table! {
    // Operations and assets
    get    "/healthz"                                   PUBLIC    => ops::healthz;
    get    "/readyz"                                    PUBLIC    => ops::readyz;
    get    "/metrics"                                   PUBLIC    => ops::metrics;
    get    "/assets/{*path}"                            PUBLIC    => assets::serve;
    get    "/accessibility"                             PUBLIC    => pages::accessibility::show;

    // Signing in and out; one's own account
    get    "/sign-in"                                   PUBLIC    => pages::sign_in::form;
    post   "/sign-in"                                   PUBLIC    => pages::sign_in::submit;
    post   "/sign-out"                                  SIGNED_IN => pages::sign_in::sign_out;
    get    "/"                                          SIGNED_IN => pages::home::show;
    get    "/account/password"                          SIGNED_IN => pages::account::password_form;
    post   "/account/password"                          SIGNED_IN => pages::account::change_password;

    // Administration
    get    "/admin/users"                               ADMIN     => pages::admin_users::list;
    get    "/admin/users/new"                           ADMIN     => pages::admin_users::new_form;
    post   "/admin/users"                               ADMIN     => pages::admin_users::create;
    get    "/admin/users/{id}"                          ADMIN     => pages::admin_users::edit_form;
    post   "/admin/users/{id}"                          ADMIN     => pages::admin_users::update;
    post   "/admin/users/{id}/password"                 ADMIN     => pages::admin_users::set_password;
    get    "/admin/roles"                               ADMIN     => pages::admin_roles::show;
    get    "/admin/sites"                               ADMIN     => pages::admin_sites::list;
    get    "/admin/sites/new"                           ADMIN     => pages::admin_sites::new_form;
    post   "/admin/sites"                               ADMIN     => pages::admin_sites::create;
    get    "/admin/sites/{id}"                          ADMIN     => pages::admin_sites::edit_form;
    post   "/admin/sites/{id}"                          ADMIN     => pages::admin_sites::update;
    post   "/admin/sites/{id}/closures"                 ADMIN     => pages::admin_sites::add_closure;
    post   "/admin/sites/{id}/closures/{closure_id}/delete" ADMIN => pages::admin_sites::remove_closure;
    get    "/admin/calendars"                           ADMIN     => pages::admin_sites::calendars;
    get    "/admin/audit"                               ADMIN     => pages::admin_audit::list;

    // People and recognition (issue 3)
    get    "/people"                                   FRONT_LINE => pages::people::list;
    get    "/people/new"                               FRONT_LINE => pages::people::new_form;
    post   "/people"                                   FRONT_LINE => pages::people::create;
    get    "/people/{id}"                              FRONT_LINE => pages::people::show;

    // Contacts (issue 3)
    get    "/contacts"                                  FRONT_LINE => pages::contacts::list;
    get    "/contacts/new"                              FRONT_LINE => pages::contacts::new_form;
    post   "/contacts"                                  FRONT_LINE => pages::contacts::create;
    get    "/contacts/person-candidates"                FRONT_LINE => pages::person_picker::candidates;
    get    "/contacts/person-field"                     FRONT_LINE => pages::person_picker::choose;
    get    "/contacts/{id}"                             FRONT_LINE => pages::contacts::show;
    get    "/messages"                                  FRONT_LINE => pages::contacts::inbox;
    post   "/messages/{id}/returned"                    FRONT_LINE => pages::contacts::returned;
    post   "/messages/{id}/not-returned"                FRONT_LINE => pages::contacts::not_returned;

    // THRIVE triage (issue 3)
    post   "/triage/proposal"                           FRONT_LINE => pages::triage::proposal;
    get    "/triage/policy"                             REPORT_READERS => pages::triage::policy;
    get    "/reports/triage"                            REPORT_READERS => pages::triage::report;
    get    "/reports/contacts"                          REPORT_READERS => pages::contact_report::show;

    // Frequent callers (issue 3)
    get    "/frequent-callers"                          FREQUENT_CALLER_READERS => pages::frequent_callers::list;
    get    "/frequent-callers/report"                   FREQUENT_CALLER_READERS => pages::frequent_callers::report;
    get    "/frequent-callers/report.csv"               FREQUENT_CALLER_READERS => pages::frequent_callers::report_csv;
    get    "/frequent-callers/report.xlsx"              FREQUENT_CALLER_READERS => pages::frequent_callers::report_xlsx;
    get    "/frequent-callers/thresholds"               FREQUENT_CALLER_READERS => pages::frequent_callers::thresholds;
    post   "/frequent-callers/thresholds"               MANAGERS  => pages::frequent_callers::save_thresholds;
    get    "/people/{id}/frequent-caller/flag"          MANAGERS  => pages::frequent_callers::person::flag_form;
    post   "/people/{id}/frequent-caller/flag"          MANAGERS  => pages::frequent_callers::person::flag;
    get    "/people/{id}/frequent-caller/review"        MANAGERS  => pages::frequent_callers::person::review_form;
    post   "/people/{id}/frequent-caller/review"        MANAGERS  => pages::frequent_callers::person::review;
    get    "/people/{id}/frequent-caller/lift"          MANAGERS  => pages::frequent_callers::person::lift_form;
    post   "/people/{id}/frequent-caller/lift"          MANAGERS  => pages::frequent_callers::person::lift;
    get    "/people/{id}/frequent-caller/referral"      MANAGERS  => pages::frequent_callers::person::referral_form;
    post   "/people/{id}/frequent-caller/referral"      MANAGERS  => pages::frequent_callers::person::referral;

    // Special-category markers, concerns and tasks, merge and unmerge (issue 3)
    post   "/people/{id}/markers"                       MANAGERS   => pages::safeguarding::record_marker;
    post   "/markers/{id}/withdraw"                     MANAGERS   => pages::safeguarding::withdraw_marker;
    post   "/people/{id}/concerns"                      FRONT_LINE => pages::safeguarding::raise_concern;
    get    "/people/{id}/merge"                         MANAGERS   => pages::safeguarding::merge_form;
    post   "/people/{id}/merge"                         MANAGERS   => pages::safeguarding::merge;
    post   "/merges/{id}/unmerge"                       MANAGERS   => pages::safeguarding::unmerge;
    get    "/tasks"                                     FRONT_LINE => pages::tasks::list;
    post   "/tasks/{id}/done"                           FRONT_LINE => pages::tasks::complete;

    // Caller screen and telephony (issue 3)
    get    "/caller-screen"                             FRONT_LINE => pages::caller_screen::show_latest;
    get    "/caller-screen/stream"                      FRONT_LINE => pages::caller_screen::stream;
    get    "/caller-screen/calls/{id}"                  FRONT_LINE => pages::caller_screen::show_call;
    get    "/people/{id}/screen"                        FRONT_LINE => pages::caller_screen::show_person;

    // Complaints administration (issue 4): the procedure in force, the complaint-box log
    get    "/admin/complaint-procedure"                 COMPLAINT_PROCEDURE_READERS => pages::complaint_procedure::show;
    get    "/admin/complaint-procedure/edit"            ADMIN     => pages::complaint_procedure::edit_form;
    post   "/admin/complaint-procedure/edit"            ADMIN     => pages::complaint_procedure::save_numbers;
    post   "/admin/complaint-procedure/preset"          ADMIN     => pages::complaint_procedure::choose_preset;
    get    "/complaint-boxes"                           COMPLAINT_BOX_KEEPERS => pages::complaint_boxes::log;
    get    "/complaint-boxes/emptyings/new"             COMPLAINT_BOX_KEEPERS => pages::complaint_boxes::new_emptying;
    post   "/complaint-boxes/emptyings"                 COMPLAINT_BOX_KEEPERS => pages::complaint_boxes::record_emptying;
    get    "/complaint-boxes/emptyings/{id}"            COMPLAINT_BOX_KEEPERS => pages::complaint_boxes::show_emptying;
    post   "/complaint-boxes/emptyings/{id}/scans"      COMPLAINT_BOX_KEEPERS => pages::complaint_boxes::record_scan;
    get    "/api/v1/complaint-procedure"                COMPLAINT_PROCEDURE_READERS => api::complaint_procedure::show;
    put    "/api/v1/complaint-procedure"                ADMIN     => api::complaint_procedure::replace;
    get    "/api/v1/complaint-boxes"                    COMPLAINT_BOX_KEEPERS => api::complaint_boxes::log;
    post   "/api/v1/complaint-boxes/emptyings"          COMPLAINT_BOX_KEEPERS => api::complaint_boxes::record_emptying;
    get    "/api/v1/complaint-boxes/emptyings/{id}"     COMPLAINT_BOX_KEEPERS => api::complaint_boxes::show_emptying;
    post   "/api/v1/complaint-boxes/emptyings/{id}/scans" COMPLAINT_BOX_KEEPERS => api::complaint_boxes::record_scan;

    // Complaints after the response (issue 4): ombudsman, ex-gratia, lessons, officers, persistent complainants
    get    "/api/v1/complaints/{id}/escalations"        COMPLAINT_READERS  => api::complaint_aftercare::escalations;
    post   "/api/v1/complaints/{id}/escalations"        COMPLAINT_HANDLERS => api::complaint_aftercare::escalate;
    post   "/api/v1/complaints/{id}/ex-gratia"          COMPLAINT_HANDLERS => api::complaint_aftercare::propose_ex_gratia;
    get    "/api/v1/ex-gratia"                          COMPLAINT_HANDLERS => api::complaint_aftercare::ex_gratia_register;
    get    "/api/v1/ex-gratia/{id}"                     COMPLAINT_HANDLERS => api::complaint_aftercare::show_ex_gratia;
    post   "/api/v1/ex-gratia/{id}/steps"               COMPLAINT_HANDLERS => api::complaint_aftercare::ex_gratia_step;
    post   "/api/v1/complaints/{id}/lessons"            COMPLAINT_HANDLERS => api::complaint_aftercare::raise_lesson;
    get    "/api/v1/lessons"                            COMPLAINT_HANDLERS => api::complaint_aftercare::lesson_log;
    post   "/api/v1/lessons/{id}/steps"                 COMPLAINT_HANDLERS => api::complaint_aftercare::lesson_step;
    get    "/api/v1/officers"                           COMPLAINT_HANDLERS => api::complaint_aftercare::list_officers;
    post   "/api/v1/officers"                           COMPLAINT_HANDLERS => api::complaint_aftercare::add_officer;
    get    "/api/v1/officers/threshold"                 COMPLAINT_HANDLERS => api::complaint_aftercare::officers_over_threshold;
    get    "/api/v1/complaints/{id}/officers"           COMPLAINT_READERS  => api::complaint_aftercare::named_officers;
    post   "/api/v1/complaints/{id}/officers"           COMPLAINT_HANDLERS => api::complaint_aftercare::name_officer;
    post   "/api/v1/complaints/{id}/officers/finding"   COMPLAINT_HANDLERS => api::complaint_aftercare::record_finding;
    post   "/api/v1/complaints/{id}/correspondence-decisions" COMPLAINT_HANDLERS => api::complaint_aftercare::propose_decision;
    get    "/api/v1/correspondence-decisions"           COMPLAINT_HANDLERS => api::complaint_aftercare::decisions;
    post   "/api/v1/correspondence-decisions/{id}/approval" CORRESPONDENCE_APPROVERS => api::complaint_aftercare::decide_proposal;
    post   "/api/v1/correspondence-decisions/{id}/steps" COMPLAINT_HANDLERS => api::complaint_aftercare::decision_step;
    // Certification (para 50): managers suspend, decide appeals and recommend; handlers read and record appeals
    get    "/api/v1/officers/{id}/certification"        COMPLAINT_HANDLERS => api::complaint_aftercare::certification;
    post   "/api/v1/officers/{id}/certification/suspension" CERTIFICATION_DECIDERS => api::complaint_aftercare::suspend_certification;
    post   "/api/v1/officers/{id}/certification/appeal" COMPLAINT_HANDLERS => api::complaint_aftercare::lodge_certification_appeal;
    post   "/api/v1/officers/{id}/certification/appeal-decision" CERTIFICATION_DECIDERS => api::complaint_aftercare::decide_certification_appeal;
    post   "/api/v1/officers/{id}/certification/recommendation" CERTIFICATION_DECIDERS => api::complaint_aftercare::recommend_certification;
    // Their pages: the registers, the officer's certification, a complaint's aftercare
    get    "/reports/ex-gratia"                         COMPLAINT_HANDLERS => pages::complaint_aftercare::ex_gratia::register;
    get    "/reports/ex-gratia.csv"                     COMPLAINT_HANDLERS => pages::complaint_aftercare::ex_gratia::register_csv;
    get    "/reports/ex-gratia/{id}"                    COMPLAINT_HANDLERS => pages::complaint_aftercare::payment::show;
    post   "/reports/ex-gratia/{id}/steps"              COMPLAINT_HANDLERS => pages::complaint_aftercare::payment::record_step;
    get    "/reports/lessons"                           COMPLAINT_HANDLERS => pages::complaint_aftercare::lessons::log;
    post   "/reports/lessons/progress"                  COMPLAINT_HANDLERS => pages::complaint_aftercare::lessons::progress;
    post   "/reports/lessons/change"                    COMPLAINT_HANDLERS => pages::complaint_aftercare::lessons::change;
    get    "/reports/correspondence-decisions"          COMPLAINT_HANDLERS => pages::complaint_aftercare::correspondence::register;
    post   "/reports/correspondence-decisions/approval" CORRESPONDENCE_APPROVERS => pages::complaint_aftercare::correspondence::approval;
    post   "/reports/correspondence-decisions/steps"    COMPLAINT_HANDLERS => pages::complaint_aftercare::correspondence::step;
    get    "/reports/officers"                          COMPLAINT_HANDLERS => pages::complaint_aftercare::officers::list;
    post   "/reports/officers"                          COMPLAINT_HANDLERS => pages::complaint_aftercare::officers::add;
    get    "/reports/officers/{id}"                     COMPLAINT_HANDLERS => pages::complaint_aftercare::officers::show;
    post   "/reports/officers/{id}/suspension"          CERTIFICATION_DECIDERS => pages::complaint_aftercare::officers::suspend;
    post   "/reports/officers/{id}/appeal"              COMPLAINT_HANDLERS => pages::complaint_aftercare::officers::appeal;
    post   "/reports/officers/{id}/appeal-decision"     CERTIFICATION_DECIDERS => pages::complaint_aftercare::officers::decide_appeal;
    post   "/reports/officers/{id}/recommendation"      CERTIFICATION_DECIDERS => pages::complaint_aftercare::officers::recommend;
    get    "/complaints/{id}/aftercare"                 COMPLAINT_READERS  => pages::complaint_aftercare::complaint::show;
    post   "/complaints/{id}/aftercare/escalation"      COMPLAINT_HANDLERS => pages::complaint_aftercare::complaint::escalation;
    post   "/complaints/{id}/aftercare/ex-gratia"       COMPLAINT_HANDLERS => pages::complaint_aftercare::complaint::propose_ex_gratia;
    post   "/complaints/{id}/aftercare/lesson"          COMPLAINT_HANDLERS => pages::complaint_aftercare::complaint::raise_lesson;
    post   "/complaints/{id}/aftercare/officer"         COMPLAINT_HANDLERS => pages::complaint_aftercare::complaint::name_officer;
    post   "/complaints/{id}/aftercare/finding"         COMPLAINT_HANDLERS => pages::complaint_aftercare::complaint::record_finding;
    post   "/complaints/{id}/aftercare/correspondence"  COMPLAINT_HANDLERS => pages::complaint_aftercare::correspondence::propose;

    // JSON API (bearer token or session)
    get    "/api/v1/openapi.json"                       PUBLIC    => api::openapi::document;
    get    "/api/v1/me"                                 SIGNED_IN => api::me::show;
    get    "/api/v1/users"                              ADMIN     => api::users::list;
    post   "/api/v1/users"                              ADMIN     => api::users::create;
    get    "/api/v1/users/{id}"                         ADMIN     => api::users::show;
    put    "/api/v1/users/{id}"                         ADMIN     => api::users::update;
    get    "/api/v1/sites"                              SIGNED_IN => api::sites::list;
    post   "/api/v1/sites"                              ADMIN     => api::sites::create;
    get    "/api/v1/sites/{id}"                         SIGNED_IN => api::sites::show;
    put    "/api/v1/sites/{id}"                         ADMIN     => api::sites::update;
    get    "/api/v1/sites/{id}/closures"                SIGNED_IN => api::sites::closures;
    post   "/api/v1/sites/{id}/closures"                ADMIN     => api::sites::add_closure;
    delete "/api/v1/sites/{id}/closures/{closure_id}"   ADMIN     => api::sites::remove_closure;
    get    "/api/v1/calendars/{division}/holidays"      SIGNED_IN => api::calendars::holidays;
    get    "/api/v1/audit"                              ADMIN     => api::audit::list;
    // People API (issue 3)
    get    "/api/v1/persons"                           FRONT_LINE => api::people::search;
    post   "/api/v1/persons"                           FRONT_LINE => api::people::create;
    post   "/api/v1/persons/match"                     FRONT_LINE => api::people::match_candidates;
    get    "/api/v1/persons/{id}"                      FRONT_LINE => api::people::show;
    // Contacts API (issue 3)
    get    "/api/v1/contacts"                           FRONT_LINE => api::contacts::list;
    post   "/api/v1/contacts"                           FRONT_LINE => api::contacts::create;
    get    "/api/v1/contacts/{id}"                      FRONT_LINE => api::contacts::show;
    get    "/api/v1/messages"                           FRONT_LINE => api::contacts::inbox;
    post   "/api/v1/messages/{id}/returned"             FRONT_LINE => api::contacts::returned;
    post   "/api/v1/messages/{id}/not-returned"         FRONT_LINE => api::contacts::not_returned;
    // THRIVE API (issue 3)
    post   "/api/v1/triage/proposal"                    FRONT_LINE => api::triage::proposal;
    get    "/api/v1/triage/policy"                      FRONT_LINE => api::triage::show_policy;
    put    "/api/v1/triage/policy"                      MANAGERS  => api::triage::replace_policy;
    get    "/api/v1/reports/triage"                     REPORT_READERS => api::triage::report;
    get    "/api/v1/reports/contacts"                   REPORT_READERS => api::contacts::report;

    // Frequent-callers API (issue 3)
    get    "/api/v1/frequent-callers"                   FREQUENT_CALLER_READERS => api::frequent_callers::list;
    get    "/api/v1/frequent-callers/thresholds"        FREQUENT_CALLER_READERS => api::frequent_callers::thresholds;
    put    "/api/v1/frequent-callers/thresholds"        MANAGERS  => api::frequent_callers::replace_thresholds;
    get    "/api/v1/persons/{id}/frequent-caller"       FRONT_LINE => api::frequent_callers::show;
    post   "/api/v1/persons/{id}/frequent-caller/flag"  MANAGERS  => api::frequent_callers::flag;
    post   "/api/v1/persons/{id}/frequent-caller/review" MANAGERS => api::frequent_callers::review;
    post   "/api/v1/persons/{id}/frequent-caller/lift"  MANAGERS  => api::frequent_callers::lift;
    post   "/api/v1/persons/{id}/frequent-caller/referral" MANAGERS => api::frequent_callers::referral;

    // Safeguarding API (issue 3)
    get    "/api/v1/persons/{id}/markers"               SPECIAL_CATEGORY_READERS => api::safeguarding::markers;
    post   "/api/v1/persons/{id}/markers"               MANAGERS   => api::safeguarding::record_marker;
    post   "/api/v1/markers/{id}/withdraw"              MANAGERS   => api::safeguarding::withdraw_marker;
    post   "/api/v1/persons/{id}/concerns"              FRONT_LINE => api::safeguarding::raise_concern;
    get    "/api/v1/tasks"                              FRONT_LINE => api::safeguarding::tasks;
    post   "/api/v1/tasks/{id}/done"                    FRONT_LINE => api::safeguarding::complete_task;
    post   "/api/v1/persons/{id}/merge"                 MANAGERS   => api::safeguarding::merge;
    post   "/api/v1/merges/{id}/unmerge"                MANAGERS   => api::safeguarding::unmerge;

    // Telephony API (issue 3)
    post   "/api/v1/telephony/events"                   TELEPHONY => api::telephony::receive;

    // Complaints (issue 4): handlers run the journey, investigators read and acknowledge; not the monitoring board.
    get    "/complaints"                                COMPLAINT_READERS  => pages::complaints::list;
    get    "/complaints/new"                            COMPLAINT_HANDLERS => pages::complaints::new_form;
    post   "/complaints"                                COMPLAINT_HANDLERS => pages::complaints::create;
    get    "/complaints/{id}"                           COMPLAINT_READERS  => pages::complaints::show;
    post   "/complaints/{id}/translation"               COMPLAINT_HANDLERS => pages::complaints::translation;
    post   "/complaints/{id}/triage"                    COMPLAINT_HANDLERS => pages::complaints::triage;
    post   "/complaints/{id}/forward"                   COMPLAINT_HANDLERS => pages::complaints::forward;
    post   "/complaints/{id}/log"                       COMPLAINT_HANDLERS => pages::complaints::log;
    post   "/complaints/{id}/allocate"                  COMPLAINT_HANDLERS => pages::complaints::allocate;
    post   "/complaints/{id}/send-for-investigation"    COMPLAINT_HANDLERS => pages::complaints::send_for_investigation;
    post   "/complaints/{id}/acknowledge"               COMPLAINT_READERS  => pages::complaints::acknowledge;
    post   "/complaints/{id}/reallocate"                COMPLAINT_HANDLERS => pages::complaints::reallocate;
    post   "/complaints/{id}/recategorise"              COMPLAINT_HANDLERS => pages::complaints::recategorise;
    post   "/complaints/{id}/withdraw"                  COMPLAINT_HANDLERS => pages::complaints::withdraw;
    post   "/api/v1/complaints"                         COMPLAINT_HANDLERS => api::complaints::create;
    get    "/api/v1/complaints"                         COMPLAINT_READERS  => api::complaints::list;
    get    "/api/v1/complaints/work"                    COMPLAINT_READERS  => api::complaints::work;
    get    "/api/v1/complaints/{id}"                    COMPLAINT_READERS  => api::complaints::show;
    post   "/api/v1/complaints/{id}/translation"        COMPLAINT_HANDLERS => api::complaints::translation;
    post   "/api/v1/complaints/{id}/triage"             COMPLAINT_HANDLERS => api::complaints::triage;
    post   "/api/v1/complaints/{id}/forward"            COMPLAINT_HANDLERS => api::complaints::forward;
    post   "/api/v1/complaints/{id}/log"                COMPLAINT_HANDLERS => api::complaints::log;
    post   "/api/v1/complaints/{id}/allocate"           COMPLAINT_HANDLERS => api::complaints::allocate;
    post   "/api/v1/complaints/{id}/send-for-investigation" COMPLAINT_HANDLERS => api::complaints::send_for_investigation;
    post   "/api/v1/complaints/{id}/acknowledge"        COMPLAINT_READERS  => api::complaints::acknowledge;
    post   "/api/v1/complaints/{id}/reallocate"         COMPLAINT_HANDLERS => api::complaints::reallocate;
    post   "/api/v1/complaints/{id}/recategorise"       COMPLAINT_HANDLERS => api::complaints::recategorise;
    post   "/api/v1/complaints/{id}/withdraw"           COMPLAINT_HANDLERS => api::complaints::withdraw;

    // Complaint extensions, responses with quality assurance, and letters (issue 4, response)
    get    "/complaints/{id}/parts/{part}/response"     COMPLAINT_READERS  => pages::complaint_response::show;
    post   "/complaints/{id}/extension-request"         COMPLAINT_READERS  => pages::complaint_response::request_extension;
    post   "/complaints/{id}/extension-decision"        COMPLAINT_HANDLERS => pages::complaint_response::decide_extension;
    post   "/complaints/{id}/interim-response"          COMPLAINT_READERS  => pages::complaint_response::interim_response;
    post   "/complaints/{id}/response/draft"            COMPLAINT_READERS  => pages::complaint_response::save_draft;
    post   "/complaints/{id}/response/submit"           COMPLAINT_READERS  => pages::complaint_response::submit;
    post   "/complaints/{id}/response/approve"          RESPONSE_APPROVERS => pages::complaint_response::approve;
    post   "/complaints/{id}/response/return"           RESPONSE_APPROVERS => pages::complaint_response::return_draft;
    post   "/complaints/{id}/response/send"             COMPLAINT_READERS  => pages::complaint_response::send;
    post   "/complaints/{id}/letters"                   COMPLAINT_READERS  => pages::complaint_response::produce_letter;
    get    "/complaints/{id}/letters/{letter_id}"       COMPLAINT_READERS  => pages::complaint_response::show_letter;
    get    "/api/v1/complaints/{id}/parts/{part}/response" COMPLAINT_READERS => api::complaint_response::show;
    post   "/api/v1/complaints/{id}/extension-request"  COMPLAINT_READERS  => api::complaint_response::request_extension;
    post   "/api/v1/complaints/{id}/extension-decision" COMPLAINT_HANDLERS => api::complaint_response::decide_extension;
    post   "/api/v1/complaints/{id}/interim-response"   COMPLAINT_READERS  => api::complaint_response::interim_response;
    post   "/api/v1/complaints/{id}/response/draft"     COMPLAINT_READERS  => api::complaint_response::save_draft;
    post   "/api/v1/complaints/{id}/response/submit"    COMPLAINT_READERS  => api::complaint_response::submit;
    post   "/api/v1/complaints/{id}/response/approve"   RESPONSE_APPROVERS => api::complaint_response::approve;
    post   "/api/v1/complaints/{id}/response/return"    RESPONSE_APPROVERS => api::complaint_response::return_draft;
    post   "/api/v1/complaints/{id}/response/send"      COMPLAINT_READERS  => api::complaint_response::send;
    get    "/api/v1/complaints/{id}/letters"            COMPLAINT_READERS  => api::complaint_response::list_letters;
    post   "/api/v1/complaints/{id}/letters"            COMPLAINT_READERS  => api::complaint_response::produce_letter;
    get    "/api/v1/complaints/{id}/letters/{letter_id}" COMPLAINT_READERS => api::complaint_response::show_letter;
    // Complaint reports (issue 4): the monitoring board's view, the monthly summary, the dip sample
    get    "/board/complaints"                          MONITORING_BOARD => pages::board::list;
    get    "/board/complaints/{id}"                     MONITORING_BOARD => pages::board::show;
    get    "/api/v1/board/complaints"                   MONITORING_BOARD => api::complaint_reports::board_list;
    get    "/api/v1/board/complaints/{id}"              MONITORING_BOARD => api::complaint_reports::board_show;
    get    "/reports/complaints"                        COMPLAINT_REPORTERS => pages::complaint_reports::summary;
    get    "/reports/complaints.csv"                    COMPLAINT_REPORTERS => pages::complaint_reports::summary_csv;
    get    "/reports/complaints.xlsx"                   COMPLAINT_REPORTERS => pages::complaint_reports::summary_xlsx;
    get    "/reports/dip-samples"                       COMPLAINT_REPORTERS => pages::complaint_reports::dip_samples::list;
    post   "/reports/dip-samples"                       COMPLAINT_REPORTERS => pages::complaint_reports::dip_samples::draw;
    get    "/reports/dip-samples/{id}"                  COMPLAINT_REPORTERS => pages::complaint_reports::dip_samples::show;
    post   "/reports/dip-samples/{id}/findings"         COMPLAINT_REPORTERS => pages::complaint_reports::dip_samples::record;
    get    "/api/v1/reports/complaints"                 COMPLAINT_REPORTERS => api::complaint_reports::monthly_summary;
    get    "/api/v1/dip-samples"                        COMPLAINT_REPORTERS => api::complaint_reports::dip_samples;
    post   "/api/v1/dip-samples"                        COMPLAINT_REPORTERS => api::complaint_reports::draw;
    get    "/api/v1/dip-samples/{id}"                   COMPLAINT_REPORTERS => api::complaint_reports::dip_sample;
    post   "/api/v1/dip-samples/{id}/findings"          COMPLAINT_REPORTERS => api::complaint_reports::record_finding;
    // Complaints at scale: the sweep for breached clocks (issue 4)
    get    "/api/v1/complaints/breaches"                COMPLAINT_READERS  => api::complaint_breaches::sweep;
}

/// The service navigation, in order; each link shows only to people its route admits.
pub const NAVIGATION: &[(&str, &str)] = &[
    ("/", "Home"),
    ("/caller-screen", "Caller screen"),
    ("/contacts", "Contacts"),
    ("/people", "People"),
    ("/tasks", "Tasks"),
    ("/complaints", "Complaints"),
    ("/frequent-callers", "Frequent callers"),
    ("/complaint-boxes", "Complaint boxes"),
    ("/reports/contacts", "Contacts report"),
    ("/reports/triage", "THRIVE report"),
    // Complaint reports (issue 4)
    ("/reports/complaints", "Complaints summary"),
    ("/board/complaints", "Shared complaints"),
    // Complaints after the response (issue 4)
    ("/reports/ex-gratia", "Ex-gratia register"),
    ("/reports/officers", "Officers complained about"),
    ("/reports/lessons", "Lessons learned"),
    ("/reports/correspondence-decisions", "Ending correspondence"),
    ("/admin/users", "Users"),
    ("/admin/sites", "Sites"),
    ("/admin/calendars", "Calendars"),
    ("/admin/complaint-procedure", "Complaints procedure"),
    ("/admin/audit", "Audit trail"),
];

/// The access declared for a page's GET route.
pub fn access_for_page(path: &str) -> Option<Access> {
    table().into_iter().find(|r| r.method == "get" && r.path == path).map(|r| r.access)
}

/// Builds the router: each route behind its own access guard, then the
/// layers every request passes through (outermost last).
pub fn build(state: AppState) -> Router {
    let mut router = Router::new();
    for spec in table() {
        let access = spec.access;
        let handler = (spec.handler)().layer(axum::middleware::from_fn(move |req, next| access::guard(access, req, next)));
        router = router.route(spec.path, handler);
    }
    router
        .fallback(ops::not_found)
        .layer(axum::middleware::from_fn(csrf::protect))
        .layer(axum::middleware::from_fn_with_state(state.clone(), principal::authenticate))
        .layer(axum::middleware::from_fn(error::render_failures))
        .layer(axum::middleware::from_fn(ops::security_headers))
        .layer(axum::middleware::from_fn(ops::record_metrics))
        .layer(TraceLayer::new_for_http().make_span_with(ops::request_span))
        .layer(PropagateRequestIdLayer::x_request_id())
        .layer(SetRequestIdLayer::x_request_id(MakeRequestUuid))
        .with_state(state)
}
