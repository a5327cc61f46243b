//! Administration of sites, their closure days, and the bank-holiday calendars.

use super::{NoticeQuery, notice_text, ok, render};
use crate::AppState;
use crate::auth::CurrentUser;
use crate::error::Failure;
use crate::forms::{Choice, ticked, with_prompt};
use crate::layout::Layout;
use askama::Template;
use axum::Form;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use casebook_app::AppError;
use casebook_app::sites::{self, SiteForm};
use casebook_domain::calendar::{BankHoliday, Division, bank_holidays, london_date};
use casebook_domain::nation::Nation;
use casebook_domain::site::SiteKind;
use casebook_domain::validation::FieldErrors;
use casebook_store::closures::ClosureDay;
use casebook_store::sites::SiteRecord;
use serde::Deserialize;

#[derive(Template)]
#[template(path = "admin/sites.html")]
struct SitesPage {
    layout: Layout,
    sites: Vec<SiteRecord>,
}

#[derive(Template)]
#[template(path = "admin/site_form.html")]
struct SiteFormPage {
    layout: Layout,
    errors: FieldErrors,
    site_id: Option<i64>,
    version: i64,
    form: SiteForm,
    kinds: Vec<Choice>,
    nations: Vec<Choice>,
    /// Shown on an existing site's page.
    year: i16,
    closures: Vec<ClosureDay>,
    holidays: Vec<BankHoliday>,
    closure_errors: FieldErrors,
    closure_date: String,
    closure_reason: String,
}

#[derive(Debug, Deserialize, Default)]
pub struct SiteInput {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    kind: String,
    #[serde(default)]
    nation: String,
    active: Option<String>,
    #[serde(default)]
    version: i64,
}

impl SiteInput {
    fn form(&self, is_new: bool) -> SiteForm {
        SiteForm {
            code: self.code.clone(),
            name: self.name.clone(),
            kind: self.kind.clone(),
            nation: self.nation.clone(),
            active: is_new || ticked(&self.active),
        }
    }
}

#[derive(Debug, Deserialize, Default)]
pub struct SiteQuery {
    notice: Option<String>,
    year: Option<i16>,
}

pub async fn list(State(state): State<AppState>, user: CurrentUser, Query(q): Query<NoticeQuery>) -> Result<Response, Failure> {
    let sites = sites::list(&state.app).await?;
    let layout =
        Layout::for_user(&user, "Sites", "/admin/sites", &state.app.settings.organisation).with_notice(notice_text(q.notice.as_deref()));
    Ok(ok(&SitesPage { layout, sites }))
}

/// What the site form shows: the site being edited (or none), the year of
/// closures to list, and any errors in the site or the closure form.
struct Draft {
    site_id: Option<i64>,
    version: i64,
    form: SiteForm,
    errors: FieldErrors,
    year: Option<i16>,
    closure_errors: FieldErrors,
    closure_date: String,
    closure_reason: String,
}

impl Draft {
    fn new(site_id: Option<i64>, version: i64, form: SiteForm) -> Draft {
        Draft {
            site_id,
            version,
            form,
            errors: FieldErrors::new(),
            year: None,
            closure_errors: FieldErrors::new(),
            closure_date: String::new(),
            closure_reason: String::new(),
        }
    }
}

async fn form_page(state: &AppState, user: &CurrentUser, draft: Draft, notice: Option<String>) -> Result<SiteFormPage, Failure> {
    let Draft { site_id, version, form, errors, year, closure_errors, closure_date, closure_reason } = draft;
    let year = year.filter(|y| (1900..=2200).contains(y)).unwrap_or_else(|| london_date(state.app.now()).year());
    let (closures, holidays) = match site_id {
        Some(id) => {
            let nation: Nation = form.nation.parse().unwrap_or(Nation::EnglandAndWales);
            (sites::closures(&state.app, id, Some(year)).await?, bank_holidays(Division::from(nation), year))
        }
        None => (Vec::new(), Vec::new()),
    };
    let title = if site_id.is_some() { format!("Site {}", form.name) } else { "Add a site".to_owned() };
    let layout = Layout::for_user(user, title, "/admin/sites", &state.app.settings.organisation)
        .with_errors(!errors.is_empty() || !closure_errors.is_empty())
        .with_notice(notice);
    Ok(SiteFormPage {
        layout,
        site_id,
        version,
        kinds: with_prompt("Choose the kind of site", &form.kind, SiteKind::ALL.map(|k| (k.slug().to_owned(), k.label().to_owned()))),
        nations: with_prompt("Choose a nation", &form.nation, Nation::ALL.map(|n| (n.slug().to_owned(), n.label().to_owned()))),
        form,
        errors,
        year,
        closures,
        holidays,
        closure_errors,
        closure_date,
        closure_reason,
    })
}

fn to_form(site: &SiteRecord) -> SiteForm {
    SiteForm {
        code: site.code.clone(),
        name: site.name.clone(),
        kind: site.kind.slug().into(),
        nation: site.nation.slug().into(),
        active: site.active,
    }
}

pub async fn new_form(State(state): State<AppState>, user: CurrentUser) -> Result<Response, Failure> {
    let form = SiteForm { active: true, ..SiteForm::default() };
    Ok(ok(&form_page(&state, &user, Draft::new(None, 0, form), None).await?))
}

pub async fn create(State(state): State<AppState>, user: CurrentUser, Form(input): Form<SiteInput>) -> Result<Response, Failure> {
    let form = input.form(true);
    match sites::create(&state.app, &user.actor(), &form).await {
        Ok(site) => Ok(Redirect::to(&format!("/admin/sites/{}?notice=site-created", site.id)).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = form_page(&state, &user, Draft { errors, ..Draft::new(None, 0, form) }, None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn edit_form(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Query(q): Query<SiteQuery>,
) -> Result<Response, Failure> {
    let site = sites::get(&state.app, id).await?;
    let page = form_page(
        &state,
        &user,
        Draft { year: q.year, ..Draft::new(Some(id), site.version, to_form(&site)) },
        notice_text(q.notice.as_deref()),
    )
    .await?;
    Ok(ok(&page))
}

pub async fn update(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<SiteInput>,
) -> Result<Response, Failure> {
    let form = input.form(false);
    match sites::update(&state.app, &user.actor(), id, input.version, &form).await {
        Ok(_) => Ok(Redirect::to(&format!("/admin/sites/{id}?notice=site-updated")).into_response()),
        Err(AppError::Invalid(errors)) => {
            let page = form_page(&state, &user, Draft { errors, ..Draft::new(Some(id), input.version, form) }, None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

#[derive(Debug, Deserialize)]
pub struct ClosureInput {
    #[serde(default)]
    closed_on: String,
    #[serde(default)]
    reason: String,
}

pub async fn add_closure(
    State(state): State<AppState>,
    user: CurrentUser,
    Path(id): Path<i64>,
    Form(input): Form<ClosureInput>,
) -> Result<Response, Failure> {
    match sites::add_closure(&state.app, &user.actor(), id, &input.closed_on, &input.reason).await {
        Ok(day) => Ok(Redirect::to(&format!("/admin/sites/{id}?notice=closure-added&year={}", day.closed_on.year())).into_response()),
        Err(AppError::Invalid(errors)) => {
            let site = sites::get(&state.app, id).await?;
            let draft = Draft {
                closure_errors: errors,
                closure_date: input.closed_on,
                closure_reason: input.reason,
                ..Draft::new(Some(id), site.version, to_form(&site))
            };
            let page = form_page(&state, &user, draft, None).await?;
            Ok(render(StatusCode::UNPROCESSABLE_ENTITY, &page))
        }
        Err(other) => Err(other.into()),
    }
}

pub async fn remove_closure(
    State(state): State<AppState>,
    user: CurrentUser,
    Path((id, closure_id)): Path<(i64, i64)>,
) -> Result<Response, Failure> {
    sites::remove_closure(&state.app, &user.actor(), id, closure_id).await?;
    Ok(Redirect::to(&format!("/admin/sites/{id}?notice=closure-removed")).into_response())
}

#[derive(Template)]
#[template(path = "admin/calendars.html")]
struct CalendarsPage {
    layout: Layout,
    divisions: Vec<Choice>,
    division: Division,
    year: i16,
    holidays: Vec<BankHoliday>,
    errors: FieldErrors,
}

#[derive(Debug, Deserialize, Default)]
pub struct CalendarQuery {
    division: Option<String>,
    year: Option<String>,
}

pub async fn calendars(State(state): State<AppState>, user: CurrentUser, Query(q): Query<CalendarQuery>) -> Result<Response, Failure> {
    let this_year = london_date(state.app.now()).year();
    let mut errors = FieldErrors::new();
    let division = q.division.as_deref().unwrap_or("england-and-wales");
    let year = match q.year.as_deref().map(str::trim) {
        None | Some("") => this_year,
        Some(raw) => errors.check("year", raw.parse::<i16>().map_err(|_| "Enter a year as a number, like 2027")).unwrap_or(this_year),
    };
    let (division, holidays) = match casebook_app::calendar::holidays(division, year) {
        Ok(found) => found,
        Err(AppError::Invalid(e)) => {
            for err in e.iter() {
                errors.add(&err.field, err.message.clone());
            }
            casebook_app::calendar::holidays("england-and-wales", this_year)?
        }
        Err(other) => return Err(other.into()),
    };
    let status = if errors.is_empty() { StatusCode::OK } else { StatusCode::UNPROCESSABLE_ENTITY };
    let page = CalendarsPage {
        layout: Layout::for_user(&user, "Bank holiday calendars", "/admin/calendars", &state.app.settings.organisation)
            .with_errors(!errors.is_empty()),
        divisions: Division::ALL.iter().map(|d| Choice::new(d.slug(), d.label(), *d == division)).collect(),
        division,
        year: if errors.is_empty() { year } else { this_year },
        holidays,
        errors,
    };
    Ok(render(status, &page))
}
