//! The written response to a complaint, from draft to recorded outcome.
//!
//! The order (seed 002, para 48) says what every response must contain; the
//! checklist is data here ([`ChecklistItem`]) so a draft can say exactly
//! what it still lacks ([`Draft::check`]). A response goes
//! drafting → submitted for quality assurance → approved or returned with
//! comments → sent → outcome recorded. Para 40 and 48 require sign-off "by a
//! second, more senior, person": Casebook refuses the author, a reviewer of
//! the same or a lower grade, and a reviewer whose grade it does not know,
//! because "more senior" cannot then be shown.

use super::procedure::{EscalationStep, Ombudsman};
use crate::access::Grade;
use crate::calendar::london_date;
use crate::validation::{FieldErrors, required_text};
use jiff::Timestamp;
use jiff::civil::Date;
use serde::{Deserialize, Serialize};
use std::fmt;

const POINT_MAX: usize = 1_000;
const TEXT_MAX: usize = 20_000;
const POINTS_MAX: usize = 100;

/// The three outcomes the order allows (para 47, 48, 49).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Outcome {
    Substantiated,
    /// "Where part of the allegation has been upheld" (para 48).
    PartiallySubstantiated,
    NotSubstantiated,
}

impl Outcome {
    pub const ALL: [Outcome; 3] = [Outcome::Substantiated, Outcome::PartiallySubstantiated, Outcome::NotSubstantiated];

    pub fn slug(self) -> &'static str {
        match self {
            Outcome::Substantiated => "substantiated",
            Outcome::PartiallySubstantiated => "partially-substantiated",
            Outcome::NotSubstantiated => "not-substantiated",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Outcome::Substantiated => "Substantiated",
            Outcome::PartiallySubstantiated => "Partially substantiated",
            Outcome::NotSubstantiated => "Not substantiated",
        }
    }

    /// Whether any part was upheld: what counts towards an officer's
    /// substantiated complaints and what "substantiated" means in reports.
    pub fn upheld_in_part_or_whole(self) -> bool {
        !matches!(self, Outcome::NotSubstantiated)
    }
}

crate::slug::slug_enum_traits!(Outcome, UnknownOutcome, "outcome");

/// Someone who writes or reviews a response. A grade may be unknown (not
/// yet recorded for the user); sign-off rules then refuse rather than guess.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Staff {
    pub user_id: i64,
    pub grade: Option<Grade>,
}

/// The response checklist, in the order a response letter reads. Para 48
/// lists what the response includes; "covering all points" (para 48, 22,
/// 41) is the every-point item; the leaflet comes from para 37 and 48.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ChecklistItem {
    EveryPointAnswered,
    InvestigationAndFindings,
    Outcome,
    ActionToBeTaken,
    EscalationWording,
    OmbudsmanLeaflet,
    FeedbackForm,
}

impl ChecklistItem {
    pub const ALL: [ChecklistItem; 7] = [
        ChecklistItem::EveryPointAnswered,
        ChecklistItem::InvestigationAndFindings,
        ChecklistItem::Outcome,
        ChecklistItem::ActionToBeTaken,
        ChecklistItem::EscalationWording,
        ChecklistItem::OmbudsmanLeaflet,
        ChecklistItem::FeedbackForm,
    ];

    pub fn label(self) -> &'static str {
        match self {
            ChecklistItem::EveryPointAnswered => "Every point of the complaint answered",
            ChecklistItem::InvestigationAndFindings => "Detail of the investigation and findings",
            ChecklistItem::Outcome => "Outcome: substantiated, partially substantiated or not substantiated",
            ChecklistItem::ActionToBeTaken => "Action that will be taken as a result",
            ChecklistItem::EscalationWording => "How to escalate to the right ombudsman, in the procedure's wording",
            ChecklistItem::OmbudsmanLeaflet => "The ombudsman's leaflet enclosed, where the route has one",
            ChecklistItem::FeedbackForm => "The complaints handling feedback form enclosed",
        }
    }

    /// Where in the order the item comes from, shown beside it.
    pub fn basis(self) -> &'static str {
        match self {
            ChecklistItem::EveryPointAnswered => "Para 48 (all points in the Annex F checklist), para 22, para 41",
            ChecklistItem::InvestigationAndFindings | ChecklistItem::Outcome | ChecklistItem::ActionToBeTaken => "Para 48",
            ChecklistItem::EscalationWording => "Para 37, 39 and 48",
            ChecklistItem::OmbudsmanLeaflet => "Para 37 and 48",
            ChecklistItem::FeedbackForm => "Para 48 and 53 (Annex G)",
        }
    }
}

/// One point the complaint raises and what the response says about it.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct Point {
    pub point: String,
    pub answer: String,
}

/// Where the complainant escalates to, fixed when the draft is started from
/// the procedure's route for the complaint's category and nation, so that
/// editing the draft cannot change which ombudsman it must name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct EscalationRequirement {
    /// The wording must name it by its label.
    pub ombudsman: Ombudsman,
    /// Whether the route has a leaflet to enclose (the PPO's "How to
    /// complain to the Ombudsman", para 37).
    pub leaflet: bool,
}

impl EscalationRequirement {
    /// From the first step of the procedure's route; only the Prisons and
    /// Probation Ombudsman has a leaflet the order requires (para 37, 48).
    pub fn from_step(step: &EscalationStep) -> Self {
        EscalationRequirement { ombudsman: step.ombudsman, leaflet: step.ombudsman == Ombudsman::PrisonsAndProbationOmbudsman }
    }
}

/// What the responder writes and ticks.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct DraftContent {
    pub points: Vec<Point>,
    pub investigation_and_findings: String,
    pub outcome: Option<Outcome>,
    pub action_to_be_taken: String,
    pub escalation_wording: String,
    pub leaflet_enclosed: bool,
    pub feedback_form_enclosed: bool,
}

/// A response as drafted: its author, the escalation it must carry and the
/// content.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Draft {
    pub author: Staff,
    pub escalation: EscalationRequirement,
    pub content: DraftContent,
}

/// One thing a draft lacks, named so the responder can find it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "gap", rename_all = "kebab-case")]
pub enum ChecklistGap {
    NoPoints,
    PointNotAnswered { number: usize, point: String },
    InvestigationAndFindings,
    Outcome,
    ActionToBeTaken,
    EscalationWording { ombudsman: String },
    WrongOmbudsman { ombudsman: String },
    BlankInWording { blank: String },
    OmbudsmanLeaflet { ombudsman: String },
    FeedbackForm,
}

impl ChecklistGap {
    pub fn item(&self) -> ChecklistItem {
        match self {
            ChecklistGap::NoPoints | ChecklistGap::PointNotAnswered { .. } => ChecklistItem::EveryPointAnswered,
            ChecklistGap::InvestigationAndFindings => ChecklistItem::InvestigationAndFindings,
            ChecklistGap::Outcome => ChecklistItem::Outcome,
            ChecklistGap::ActionToBeTaken => ChecklistItem::ActionToBeTaken,
            ChecklistGap::EscalationWording { .. } | ChecklistGap::WrongOmbudsman { .. } | ChecklistGap::BlankInWording { .. } => {
                ChecklistItem::EscalationWording
            }
            ChecklistGap::OmbudsmanLeaflet { .. } => ChecklistItem::OmbudsmanLeaflet,
            ChecklistGap::FeedbackForm => ChecklistItem::FeedbackForm,
        }
    }

    /// The form field at fault; points are numbered from 1 as shown.
    pub fn field(&self) -> String {
        match self {
            ChecklistGap::NoPoints => "points".to_owned(),
            ChecklistGap::PointNotAnswered { number, .. } => format!("points[{number}].answer"),
            ChecklistGap::InvestigationAndFindings => "investigation_and_findings".to_owned(),
            ChecklistGap::Outcome => "outcome".to_owned(),
            ChecklistGap::ActionToBeTaken => "action_to_be_taken".to_owned(),
            ChecklistGap::EscalationWording { .. } | ChecklistGap::WrongOmbudsman { .. } | ChecklistGap::BlankInWording { .. } => {
                "escalation_wording".to_owned()
            }
            ChecklistGap::OmbudsmanLeaflet { .. } => "leaflet_enclosed".to_owned(),
            ChecklistGap::FeedbackForm => "feedback_form_enclosed".to_owned(),
        }
    }
}

impl fmt::Display for ChecklistGap {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ChecklistGap::NoPoints => f.write_str("List the points the complaint raises, so the response can answer each"),
            ChecklistGap::PointNotAnswered { number, point } => write!(f, "Point {number} (\"{point}\") is not answered"),
            ChecklistGap::InvestigationAndFindings => f.write_str("Describe the investigation and its findings"),
            ChecklistGap::Outcome => f.write_str("Choose the outcome: substantiated, partially substantiated or not substantiated"),
            ChecklistGap::ActionToBeTaken => f.write_str("Say what action will be taken as a result (or that none will)"),
            ChecklistGap::EscalationWording { ombudsman } => write!(f, "Add the wording on how to escalate to the {ombudsman}"),
            ChecklistGap::WrongOmbudsman { ombudsman } => {
                write!(f, "The escalation wording does not name the {ombudsman}, the right ombudsman for this complaint")
            }
            ChecklistGap::BlankInWording { blank } => write!(f, "The escalation wording still has a blank to fill in: {blank}"),
            ChecklistGap::OmbudsmanLeaflet { ombudsman } => write!(f, "Enclose the {ombudsman}'s leaflet"),
            ChecklistGap::FeedbackForm => f.write_str("Enclose the complaints handling feedback form"),
        }
    }
}

/// The first unfilled blank such as `[IRC supplier's name]` or `{name}`,
/// left over from pasting the procedure's wording.
fn first_blank(text: &str) -> Option<String> {
    for (open, close) in [('[', ']'), ('{', '}')] {
        if let Some(start) = text.find(open)
            && let Some(len) = text[start..].find(close)
        {
            return Some(text[start..=start + len].to_owned());
        }
    }
    None
}

impl Draft {
    /// Everything the draft still lacks, in checklist order; empty when it
    /// may be submitted.
    pub fn check(&self) -> Vec<ChecklistGap> {
        let c = &self.content;
        let mut gaps = Vec::new();
        if c.points.is_empty() {
            gaps.push(ChecklistGap::NoPoints);
        }
        for (i, p) in c.points.iter().enumerate() {
            if p.answer.trim().is_empty() {
                gaps.push(ChecklistGap::PointNotAnswered { number: i + 1, point: p.point.trim().to_owned() });
            }
        }
        if c.investigation_and_findings.trim().is_empty() {
            gaps.push(ChecklistGap::InvestigationAndFindings);
        }
        if c.outcome.is_none() {
            gaps.push(ChecklistGap::Outcome);
        }
        if c.action_to_be_taken.trim().is_empty() {
            gaps.push(ChecklistGap::ActionToBeTaken);
        }
        let ombudsman = self.escalation.ombudsman.label().to_owned();
        let wording = c.escalation_wording.trim();
        if wording.is_empty() {
            gaps.push(ChecklistGap::EscalationWording { ombudsman: ombudsman.clone() });
        } else {
            if !wording.to_lowercase().contains(&ombudsman.to_lowercase()) {
                gaps.push(ChecklistGap::WrongOmbudsman { ombudsman: ombudsman.clone() });
            }
            if let Some(blank) = first_blank(wording) {
                gaps.push(ChecklistGap::BlankInWording { blank });
            }
        }
        if self.escalation.leaflet && !c.leaflet_enclosed {
            gaps.push(ChecklistGap::OmbudsmanLeaflet { ombudsman });
        }
        if !c.feedback_form_enclosed {
            gaps.push(ChecklistGap::FeedbackForm);
        }
        gaps
    }
}

/// A reviewer's sign-off.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Approval {
    pub by: Staff,
    pub at: Timestamp,
}

/// A reviewer's return of a draft, kept after the draft is revised.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReturnedDraft {
    pub by: Staff,
    pub at: Timestamp,
    pub comments: String,
}

/// Where the response is. From submission on, the stage carries the
/// outcome the response gives; a sent response carries its approval, so a
/// response cannot be sent without one.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "stage", rename_all = "kebab-case")]
pub enum Stage {
    Drafting,
    SubmittedForQualityAssurance {
        at: Timestamp,
        outcome: Outcome,
    },
    /// The latest return is the last of [`Response::returns`].
    ReturnedWithComments,
    Approved {
        approval: Approval,
        outcome: Outcome,
    },
    Sent {
        approval: Approval,
        on: Date,
        outcome: Outcome,
    },
    OutcomeRecorded {
        approval: Approval,
        sent_on: Date,
        on: Date,
        outcome: Outcome,
    },
}

impl Stage {
    /// For messages: "The response is {label}, so …".
    pub fn label(&self) -> &'static str {
        match self {
            Stage::Drafting => "being drafted",
            Stage::SubmittedForQualityAssurance { .. } => "with the reviewer",
            Stage::ReturnedWithComments => "returned with comments",
            Stage::Approved { .. } => "approved",
            Stage::Sent { .. } => "sent",
            Stage::OutcomeRecorded { .. } => "sent and its outcome recorded",
        }
    }
}

/// One complaint's response (one per responsible body's part).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Response {
    pub complaint_id: i64,
    pub draft: Draft,
    pub returns: Vec<ReturnedDraft>,
    pub stage: Stage,
}

impl Response {
    /// A draft for the author to fill in, on the first escalation step of
    /// the procedure's route for the complaint's category and nation. The
    /// step's wording is filled in to start from; blanks in it such as
    /// `[IRC supplier's name]` must be completed before submission.
    pub fn start(complaint_id: i64, author: Staff, step: &EscalationStep, now: Timestamp) -> (Response, ResponseEvent) {
        let content = DraftContent { escalation_wording: step.wording.clone(), ..DraftContent::default() };
        let draft = Draft { author, escalation: EscalationRequirement::from_step(step), content };
        let response = Response { complaint_id, draft, returns: Vec::new(), stage: Stage::Drafting };
        (response, ResponseEvent::Started { by: author.user_id, at: now })
    }

    /// The date sent and the outcome, once sent.
    pub fn sent(&self) -> Option<(Date, Outcome)> {
        match self.stage {
            Stage::Sent { on, outcome, .. } => Some((on, outcome)),
            Stage::OutcomeRecorded { sent_on, outcome, .. } => Some((sent_on, outcome)),
            _ => None,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "command", rename_all = "kebab-case")]
pub enum ResponseCommand {
    /// Replaces the draft's content; only the author may.
    Revise {
        by: Staff,
        content: DraftContent,
    },
    Submit,
    Approve {
        reviewer: Staff,
    },
    Return {
        reviewer: Staff,
        comments: String,
    },
    /// `on` is the date the response went to the complainant.
    Send {
        on: Date,
    },
    /// The complaints unit records the outcome the response gives.
    RecordOutcome {
        on: Date,
        outcome: Outcome,
    },
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "event", rename_all = "kebab-case")]
pub enum ResponseEvent {
    Started { by: i64, at: Timestamp },
    Revised { by: i64, at: Timestamp },
    Submitted { at: Timestamp },
    Returned { by: i64, at: Timestamp },
    Approved { by: i64, at: Timestamp },
    Sent { on: Date },
    OutcomeRecorded { on: Date, outcome: Outcome },
}

impl ResponseEvent {
    /// The audit action, e.g. `complaint_response.approved`.
    pub fn action(&self) -> &'static str {
        match self {
            ResponseEvent::Started { .. } => "complaint_response.started",
            ResponseEvent::Revised { .. } => "complaint_response.revised",
            ResponseEvent::Submitted { .. } => "complaint_response.submitted",
            ResponseEvent::Returned { .. } => "complaint_response.returned",
            ResponseEvent::Approved { .. } => "complaint_response.approved",
            ResponseEvent::Sent { .. } => "complaint_response.sent",
            ResponseEvent::OutcomeRecorded { .. } => "complaint_response.outcome_recorded",
        }
    }

    /// A short line for the audit trail; no complaint text.
    pub fn summary(&self) -> String {
        match self {
            ResponseEvent::Started { .. } => "Response started".to_owned(),
            ResponseEvent::Revised { .. } => "Response draft revised".to_owned(),
            ResponseEvent::Submitted { .. } => "Response submitted for quality assurance".to_owned(),
            ResponseEvent::Returned { .. } => "Response returned with comments".to_owned(),
            ResponseEvent::Approved { .. } => "Response approved by a more senior reviewer".to_owned(),
            ResponseEvent::Sent { on } => format!("Response sent on {on}"),
            ResponseEvent::OutcomeRecorded { outcome, .. } => format!("Outcome recorded: {}", outcome.label()),
        }
    }
}

/// Why a command was refused; the response is unchanged when one is returned.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResponseRejection {
    #[error("The response cannot be submitted yet: {}", gaps_text(.0))]
    Incomplete(Vec<ChecklistGap>),
    #[error("{0}")]
    Invalid(FieldErrors),
    #[error("The response is {stage}, so it cannot be {action}")]
    WrongStage { stage: &'static str, action: &'static str },
    #[error("The response is with the reviewer, so it cannot be changed until it is approved or returned")]
    WithReviewer,
    #[error("Only the author of the draft can change it")]
    NotTheAuthor,
    #[error("The author of a response cannot {action} it: a second, more senior person must")]
    ReviewerIsAuthor { action: &'static str },
    #[error("The reviewer's grade is not recorded, so Casebook cannot tell that they are more senior than the author")]
    ReviewerUngraded,
    #[error("The author's grade is not recorded, so Casebook cannot tell that the reviewer is more senior")]
    AuthorUngraded,
    #[error("The reviewer's grade ({}) is the same as the author's: a more senior person must review the response", .grade.label())]
    ReviewerSameGrade { grade: Grade },
    #[error("The reviewer's grade ({}) is more junior than the author's ({}): a more senior person must review the response", .reviewer.label(), .author.label())]
    ReviewerMoreJunior { reviewer: Grade, author: Grade },
    #[error("A response cannot be sent before a more senior reviewer has approved it")]
    SentBeforeApproval,
    #[error("The date sent ({on}) cannot be in the future (today is {today})")]
    SentInFuture { on: Date, today: Date },
    #[error("The date sent ({on}) is before the response was approved ({approved})")]
    SentBeforeApproved { on: Date, approved: Date },
    #[error("The response has not been sent, so its outcome cannot be recorded")]
    OutcomeBeforeSent,
    #[error("The date the outcome was recorded ({on}) cannot be in the future (today is {today})")]
    OutcomeInFuture { on: Date, today: Date },
    #[error("The date the outcome was recorded ({on}) is before the response was sent ({sent})")]
    OutcomeBeforeSentDate { on: Date, sent: Date },
    #[error("The outcome recorded ({}) is not the outcome the response gives ({})", .recorded.label(), .response.label())]
    OutcomeDiffers { recorded: Outcome, response: Outcome },
}

fn gaps_text(gaps: &[ChecklistGap]) -> String {
    gaps.iter().map(|g| g.to_string()).collect::<Vec<_>>().join("; ")
}

impl ResponseRejection {
    /// The refusal as field errors, for a form: one per checklist gap.
    pub fn field_errors(&self) -> FieldErrors {
        let field = match self {
            ResponseRejection::Incomplete(gaps) => {
                let mut errors = FieldErrors::new();
                for gap in gaps {
                    errors.add(&gap.field(), gap.to_string());
                }
                return errors;
            }
            ResponseRejection::Invalid(errors) => return errors.clone(),
            ResponseRejection::WrongStage { .. } | ResponseRejection::WithReviewer | ResponseRejection::SentBeforeApproval => "stage",
            ResponseRejection::NotTheAuthor => "by",
            ResponseRejection::ReviewerIsAuthor { .. }
            | ResponseRejection::ReviewerUngraded
            | ResponseRejection::ReviewerSameGrade { .. }
            | ResponseRejection::ReviewerMoreJunior { .. } => "reviewer",
            ResponseRejection::AuthorUngraded => "author",
            ResponseRejection::SentInFuture { .. }
            | ResponseRejection::SentBeforeApproved { .. }
            | ResponseRejection::OutcomeInFuture { .. }
            | ResponseRejection::OutcomeBeforeSentDate { .. } => "on",
            ResponseRejection::OutcomeBeforeSent => "stage",
            ResponseRejection::OutcomeDiffers { .. } => "outcome",
        };
        FieldErrors::single(field, self.to_string())
    }
}

/// The sign-off rule (para 40, 48): a second person, strictly more senior
/// than the author. Applies to returning a draft as well as approving it,
/// so only someone who could approve can send a draft back.
pub fn check_reviewer(author: Staff, reviewer: Staff, action: &'static str) -> Result<(), ResponseRejection> {
    if reviewer.user_id == author.user_id {
        return Err(ResponseRejection::ReviewerIsAuthor { action });
    }
    let Some(reviewer_grade) = reviewer.grade else {
        return Err(ResponseRejection::ReviewerUngraded);
    };
    let Some(author_grade) = author.grade else {
        return Err(ResponseRejection::AuthorUngraded);
    };
    if reviewer_grade == author_grade {
        return Err(ResponseRejection::ReviewerSameGrade { grade: reviewer_grade });
    }
    if !reviewer_grade.is_more_senior_than(author_grade) {
        return Err(ResponseRejection::ReviewerMoreJunior { reviewer: reviewer_grade, author: author_grade });
    }
    Ok(())
}

fn check_content(content: &DraftContent) -> Result<DraftContent, ResponseRejection> {
    let mut errors = FieldErrors::new();
    if content.points.len() > POINTS_MAX {
        errors.add("points", format!("A response can answer at most {POINTS_MAX} points; group related points together"));
    }
    let mut points = Vec::with_capacity(content.points.len());
    for (i, p) in content.points.iter().enumerate() {
        let n = i + 1;
        let point = errors.check(&format!("points[{n}].point"), required_text(&p.point, &format!("point {n}"), POINT_MAX));
        // An answer may still be blank while drafting; check() reports it.
        let answer = p.answer.trim().to_owned();
        if answer.chars().count() > TEXT_MAX {
            errors.add(&format!("points[{n}].answer"), format!("The answer to point {n} must be {TEXT_MAX} characters or fewer"));
        }
        if let Some(point) = point {
            points.push(Point { point, answer });
        }
    }
    for (field, value, what) in [
        ("investigation_and_findings", &content.investigation_and_findings, "The investigation and findings"),
        ("action_to_be_taken", &content.action_to_be_taken, "The action to be taken"),
        ("escalation_wording", &content.escalation_wording, "The escalation wording"),
    ] {
        if value.chars().count() > TEXT_MAX {
            errors.add(field, format!("{what} must be {TEXT_MAX} characters or fewer"));
        }
    }
    let checked = DraftContent {
        points,
        investigation_and_findings: content.investigation_and_findings.trim().to_owned(),
        outcome: content.outcome,
        action_to_be_taken: content.action_to_be_taken.trim().to_owned(),
        escalation_wording: content.escalation_wording.trim().to_owned(),
        leaflet_enclosed: content.leaflet_enclosed,
        feedback_form_enclosed: content.feedback_form_enclosed,
    };
    errors.into_result(checked).map_err(ResponseRejection::Invalid)
}

/// Applies one command at `now` (read at the edge). Dates are London dates.
pub fn decide(state: &Response, command: ResponseCommand, now: Timestamp) -> Result<(Response, ResponseEvent), ResponseRejection> {
    let today = london_date(now);
    let mut next = state.clone();
    let wrong = |action| ResponseRejection::WrongStage { stage: state.stage.label(), action };
    match command {
        ResponseCommand::Revise { by, content } => {
            match state.stage {
                Stage::Drafting | Stage::ReturnedWithComments => {}
                Stage::SubmittedForQualityAssurance { .. } => return Err(ResponseRejection::WithReviewer),
                _ => return Err(wrong("changed")),
            }
            if by.user_id != state.draft.author.user_id {
                return Err(ResponseRejection::NotTheAuthor);
            }
            next.draft.content = check_content(&content)?;
            next.stage = Stage::Drafting;
            Ok((next, ResponseEvent::Revised { by: by.user_id, at: now }))
        }
        ResponseCommand::Submit => {
            if !matches!(state.stage, Stage::Drafting | Stage::ReturnedWithComments) {
                return Err(wrong("submitted"));
            }
            let gaps = state.draft.check();
            // An empty list of gaps implies an outcome; matching both says so.
            let (true, Some(outcome)) = (gaps.is_empty(), state.draft.content.outcome) else {
                return Err(ResponseRejection::Incomplete(gaps));
            };
            next.stage = Stage::SubmittedForQualityAssurance { at: now, outcome };
            Ok((next, ResponseEvent::Submitted { at: now }))
        }
        ResponseCommand::Approve { reviewer } => {
            let Stage::SubmittedForQualityAssurance { outcome, .. } = state.stage else {
                return Err(wrong("approved"));
            };
            check_reviewer(state.draft.author, reviewer, "approve")?;
            next.stage = Stage::Approved { approval: Approval { by: reviewer, at: now }, outcome };
            Ok((next, ResponseEvent::Approved { by: reviewer.user_id, at: now }))
        }
        ResponseCommand::Return { reviewer, comments } => {
            if !matches!(state.stage, Stage::SubmittedForQualityAssurance { .. }) {
                return Err(wrong("returned"));
            }
            check_reviewer(state.draft.author, reviewer, "return")?;
            let comments = required_text(&comments, "comments for the author", TEXT_MAX)
                .map_err(|m| ResponseRejection::Invalid(FieldErrors::single("comments", m)))?;
            next.returns.push(ReturnedDraft { by: reviewer, at: now, comments });
            next.stage = Stage::ReturnedWithComments;
            Ok((next, ResponseEvent::Returned { by: reviewer.user_id, at: now }))
        }
        ResponseCommand::Send { on } => {
            let (approval, outcome) = match state.stage {
                Stage::Approved { approval, outcome } => (approval, outcome),
                Stage::Drafting | Stage::SubmittedForQualityAssurance { .. } | Stage::ReturnedWithComments => {
                    return Err(ResponseRejection::SentBeforeApproval);
                }
                Stage::Sent { .. } | Stage::OutcomeRecorded { .. } => return Err(wrong("sent again")),
            };
            if on > today {
                return Err(ResponseRejection::SentInFuture { on, today });
            }
            let approved = london_date(approval.at);
            if on < approved {
                return Err(ResponseRejection::SentBeforeApproved { on, approved });
            }
            next.stage = Stage::Sent { approval, on, outcome };
            Ok((next, ResponseEvent::Sent { on }))
        }
        ResponseCommand::RecordOutcome { on, outcome } => {
            let (approval, sent_on, response) = match state.stage {
                Stage::Sent { approval, on, outcome } => (approval, on, outcome),
                Stage::OutcomeRecorded { .. } => return Err(wrong("given a second outcome")),
                _ => return Err(ResponseRejection::OutcomeBeforeSent),
            };
            if on > today {
                return Err(ResponseRejection::OutcomeInFuture { on, today });
            }
            if on < sent_on {
                return Err(ResponseRejection::OutcomeBeforeSentDate { on, sent: sent_on });
            }
            if outcome != response {
                return Err(ResponseRejection::OutcomeDiffers { recorded: outcome, response });
            }
            next.stage = Stage::OutcomeRecorded { approval, sent_on, on, outcome };
            Ok((next, ResponseEvent::OutcomeRecorded { on, outcome }))
        }
    }
}

#[cfg(test)]
#[path = "response_tests.rs"]
mod tests;
