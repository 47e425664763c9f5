import type { ColumnType, Generated } from 'kysely'

// Table shapes of db/migrations, as Kysely sees them. Update with every migration.
type Timestamp = ColumnType<Date, Date | string | undefined, Date | string>
type CreatedAt = ColumnType<Date, Date | string | undefined, never>

export interface OrgsTable {
  id: Generated<string>
  parent_id: string | null
  path: string
  name: string
  short_name: string | null
  kind: string
  level: string
  division_code: string | null
  sort_order: Generated<number>
  status: Generated<string>
  established_on: string | null
  dissolved_on: string | null
  dissolved_reason: string | null
  host_unit_type: string | null
  host_unit_name: string | null
  establishment_mode: string | null
  covered_units: Generated<string[]>
  attached_to_org_id: string | null
  address: string | null
  contact_phone: string | null
  name_pinyin: Generated<string>
  name_initials: Generated<string>
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface OrgHistoryTable {
  id: Generated<number>
  org_id: string
  valid_from: Date
  valid_to: Date | null
  parent_id: string | null
  path: string
  name: string
  kind: string
  level: string
  status: string
  division_code: string | null
  host_unit_type: string | null
  establishment_mode: string | null
}

export interface UnitsTable {
  id: Generated<string>
  name: string
  credit_code: string | null
  unit_type: string
  located_org_id: string
  covering_org_id: string | null
  employee_count: Generated<number>
  has_instructor: Generated<boolean>
  instructor_name: string | null
  address: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface UsersTable {
  id: Generated<string>
  login_name: string
  password_hash: string
  display_name: string
  person_id: string | null
  is_disabled: Generated<boolean>
  must_change_password: Generated<boolean>
  password_changed_at: Timestamp
  last_login_at: Date | string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface RolesTable {
  id: Generated<string>
  code: string
  name: string
  description: Generated<string>
  permissions: string[]
  is_builtin: Generated<boolean>
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface GrantsTable {
  id: Generated<string>
  user_id: string
  role_id: string
  org_id: string
  created_by: string | null
  created_at: CreatedAt
}

export interface SessionsTable {
  token_hash: Buffer
  user_id: string
  grant_id: string | null
  csrf_token: string
  ip: string | null
  user_agent: string | null
  created_at: CreatedAt
  last_seen_at: Timestamp
  expires_at: Date | string
  revoked_at: Date | string | null
}

export interface LoginThrottleTable {
  key: string
  failures: number
  first_failed_at: Timestamp
  locked_until: Date | string | null
}

export interface AuditLogTable {
  seq: ColumnType<string, never, never>
  occurred_at: CreatedAt
  actor_user_id: string | null
  actor_login: string | null
  action: string
  entity_type: string | null
  entity_id: string | null
  org_id: string | null
  org_path: string | null
  before: ColumnType<unknown, string | null, never>
  after: ColumnType<unknown, string | null, never>
  request_id: string | null
  ip: string | null
  prev_hash: ColumnType<Buffer, never, never>
  hash: ColumnType<Buffer, never, never>
}

export interface PeopleTable {
  id: Generated<string>
  name: string
  name_pinyin: Generated<string>
  name_initials: Generated<string>
  name_grams: ColumnType<string[], never, never>
  gender: string
  ethnicity: string
  birth_date: string
  id_number_enc: Buffer | null
  id_number_hash: Buffer | null
  phone_enc: Buffer | null
  phone_hash: Buffer | null
  education: string | null
  occupation: string | null
  work_unit: string | null
  post: string | null
  cadre_rank: string | null
  is_in_difficulty: Generated<boolean>
  is_lost_contact: Generated<boolean>
  is_mobile: Generated<boolean>
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface MembersTable {
  person_id: string
  org_id: string
  status: string
  applied_on: string | null
  activist_on: string | null
  candidate_on: string | null
  admitted_on: string | null
  full_on: string | null
  left_on: string | null
  left_reason: string | null
  left_document: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface MemberStatusHistoryTable {
  id: ColumnType<number, never, never>
  person_id: string
  from_status: string | null
  to_status: string
  effective_on: string
  reason: string | null
  document_no: string | null
  recorded_by: string | null
  recorded_at: CreatedAt
}

export interface MemberOrgHistoryTable {
  id: ColumnType<number, never, never>
  person_id: string
  org_id: string
  valid_from: string
  valid_to: string | null
  /** Why the relation began here: 转接原因, '支部合并'… */
  reason: string | null
  document_no: string | null
  recorded_at: CreatedAt
}

export interface MemberImportsTable {
  id: Generated<string>
  org_id: string
  created_by: string
  file_name: string
  file_sha256: Buffer
  file_size: number
  status: string
  bytes_read: Generated<number>
  rows_read: Generated<number>
  rows_written: Generated<number>
  created_count: Generated<number>
  skipped_count: Generated<number>
  error_count: Generated<number>
  duplicate_of: string | null
  message: string | null
  created_at: CreatedAt
  started_at: Date | null
  finished_at: Date | null
}

export interface MemberImportErrorsTable {
  id: ColumnType<number, never, never>
  import_id: string
  row_no: number
  column_name: string
  value: string | null
  message: string
}

export interface ContactChangeRequestsTable {
  id: Generated<string>
  person_id: string
  org_id: string
  requested_by: string
  phone_enc: Buffer
  note: string | null
  status: Generated<string>
  decided_by: string | null
  decided_at: Date | string | null
  reject_reason: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface PersonPhotosTable {
  person_id: string
  content: Buffer
  mime_type: string
  byte_size: number
  sha256: Buffer
  uploaded_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface OrgCommitteeTermsTable {
  id: Generated<string>
  org_id: string
  term_number: number
  structure: string
  elected_on: string
  term_years: number
  term_years_reason: string | null
  term_ends_on: ColumnType<string, never, never>
  ended_on: string | null
  end_reason: string | null
  note: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface OrgCommitteeMembersTable {
  id: Generated<string>
  term_id: string
  person_id: string
  post: string
  started_on: string
  ended_on: string | null
  end_reason: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

/** Whole-tree statistics snapshots as of a day (0013); the rows are read with raw SQL. */
export interface StatSnapshotsTable {
  id: ColumnType<number, never, never>
  as_of: string
  state: Generated<string>
  requested_by: string | null
  started_at: CreatedAt
  finished_at: Date | null
  row_count: number | null
  error: string | null
}

/** One row per 1- or 2-character fragment of a person's name, in list order (0015). */
export interface PeopleNameIndexTable {
  gram: string
  name_pinyin: string
  person_id: string
}

/** Organizational life and study records (0018); a record may be of several kinds. */
export interface ActivitiesTable {
  id: Generated<string>
  org_id: string
  kinds: string[]
  held_on: string
  hours: string | null
  topic: string
  speaker_person_id: string | null
  speaker_name: string | null
  location: string | null
  minutes: string | null
  voided_at: Date | null
  void_reason: string | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

export interface ActivityAttendanceTable {
  activity_id: string
  person_id: string
  presence: string
  absence_reason: string | null
}

/** A subtree's own parameter values of a rule, in force from a day until ended (0018). */
export interface RuleOverridesTable {
  id: Generated<string>
  rule_id: string
  org_id: string
  params: Record<string, number>
  reason: string
  effective_from: string
  ended_on: string | null
  created_by: string | null
  created_at: Generated<Date>
}

/** One row per rule, period and org the rule applies to (0018). */
export interface RuleResultsTable {
  rule_id: string
  period_start: string
  org_id: string
  is_met: boolean
  actual: string
  required: string
  evidence: string[]
  params_from: string | null
  /** Set by an override; null: the rule's defaults (0051). */
  params: Record<string, number> | null
  computed_at: Date
}

/** Each person's study hours per calendar year, kept by triggers (0031). */
export interface StudyHoursTable {
  person_id: string
  year: number
  hours: ColumnType<string, string | number, string | number>
}

/** Each org's members by whole hours of study in a year (counts[k + 1]: k hours), kept by triggers (0050). */
export interface StudyHoursByOrgTable {
  org_id: string
  year: number
  counts: number[]
}

/** Whether a committee meeting had more than half of the committee attending, kept by triggers (0053). */
export interface ActivityCommitteeQuorumTable {
  activity_id: string
  quorate: boolean
}

/** Subtree counts of a rule and period: orgs it applies to, orgs that meet it (0018). */
export interface RuleRollupTable {
  rule_id: string
  period_start: string
  org_id: string
  applicable: number
  met: number
}

export interface RuleDirtyTable {
  id: Generated<number>
  org_id: string
  day: string
}

export interface RulePeriodsTable {
  rule_id: string
  period_start: string
  computed_at: Date
}

/** Leading cadres' study reflections and theory articles (0022). */
export interface CadreWritingsTable {
  id: Generated<string>
  person_id: string
  org_id: string
  kind: string
  title: string
  written_on: string
  published_in: string | null
  voided_at: Date | null
  void_reason: string | null
  created_by: string | null
  created_at: Generated<Date>
}

/** A cadre's yearly 述学 report with its 评学 and 考学 results (0022). */
export interface StudyReportsTable {
  id: Generated<string>
  person_id: string
  org_id: string
  year: number
  summary: string
  reported_on: string
  review_result: string | null
  exam_score: string | null
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** Org and personal study plans, one a year each (0024). */
export interface StudyPlansTable {
  id: Generated<string>
  org_id: string
  person_id: string | null
  year: number
  title: string
  content: string
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** Training plans by field and level (0024). */
export interface TrainingPlansTable {
  id: Generated<string>
  org_id: string
  year: number
  field: string
  level: string
  title: string
  audience: string
  planned_sessions: number
  planned_hours: string
  planned_trainees: number
  created_by: string | null
  created_at: Generated<Date>
  updated_at: Generated<Date>
}

/** 学习标兵: nominated → approved / rejected → published (0024). */
export interface StudyExemplarsTable {
  id: Generated<string>
  org_id: string
  person_id: string
  year: number
  deeds: string
  status: Generated<string>
  nominated_by: string | null
  nominated_at: Generated<Date>
  decided_by: string | null
  decided_at: Date | null
  decision_note: string | null
  published_at: Date | null
}

export interface ContestQuestionsTable {
  id: Generated<string>
  org_id: string
  type: string
  stem: string
  options: string[]
  answer: number[]
  explanation: string | null
  tags: Generated<string[]>
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Timestamp>
  retired_at: Timestamp | null
  retired_by: string | null
  retire_reason: string | null
}

export interface ContestQuizzesTable {
  id: Generated<string>
  org_id: string
  title: string
  description: string | null
  selection: string
  question_ids: Generated<string[]>
  tag: string | null
  question_count: number
  time_limit_minutes: number
  opens_at: Timestamp
  closes_at: Timestamp
  attempts_allowed: number
  status: Generated<string>
  published_at: Timestamp | null
  closed_at: Timestamp | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Timestamp>
}

export interface ContestAttemptsTable {
  id: Generated<string>
  quiz_id: string
  person_id: string
  org_id: string
  user_id: string | null
  attempt_no: number
  questions: unknown
  started_at: Generated<Timestamp>
  deadline: Timestamp
  submitted_at: Timestamp | null
  answers: unknown
  correct_count: number | null
  question_count: number
  score: number | null
}

/** 发展党员: one case per person (0033). */
export interface DevelopmentCasesTable {
  id: Generated<string>
  person_id: string
  status: Generated<string>
  stage: Generated<number>
  next_step: number | null
  due_by: string | null
  categories: Generated<string[]>
  admitted_on: string | null
  probation_ends_on: string | null
  full_on: string | null
  ended_on: string | null
  end_reason: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Timestamp>
}

/** One dated record per step of a case (0033); never updated. */
export interface DevelopmentStepsTable {
  id: Generated<string>
  case_id: string
  step: number
  round: Generated<number>
  seq: Generated<number>
  done_on: string
  org_id: string
  actor_name: string | null
  recorded_by: string | null
  recorded_at: CreatedAt
  documents: Generated<string[]>
  checks: Generated<string[]>
  details: ColumnType<unknown, string | undefined, never>
  outcome: string | null
  late_reason: string | null
  warnings: Generated<string[]>
  note: string | null
}

/** 公示 of a candidate or of a probationary member (0034). */
export interface DevelopmentNoticesTable {
  id: Generated<string>
  case_id: string
  kind: string
  round: Generated<number>
  org_id: string
  starts_on: string
  ends_on: string
  working_days: number
  contact: string
  content: ColumnType<unknown, string, never>
  published_by: string | null
  published_at: CreatedAt
}

export interface DevelopmentObjectionsTable {
  id: Generated<string>
  notice_id: string
  received_on: string
  content: string
  source: string | null
  recorded_by: string | null
  recorded_at: CreatedAt
  resolved_on: string | null
  resolution: string | null
  resolved_by: string | null
}

/** Yearly development plan and quotas by category (0035). */
export interface DevelopmentPlansTable {
  id: Generated<string>
  org_id: string
  year: number
  category: string
  planned: number
  note: string | null
  updated_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Timestamp>
}

/** What a transfer letter states about the member, fixed when it is issued. */
export interface LetterFacts {
  name: string
  gender: string
  ethnicity: string
  birthDate: string
  idNumber: string | null
  education: string | null
  status: string
  appliedOn: string | null
  admittedOn: string | null
  fullOn: string | null
  workUnit: string | null
  phone: string | null
}

/** A membership transfer (0040): from the org holding the relation to a platform org or one outside. */
export interface MemberTransfersTable {
  id: Generated<string>
  prefecture_org_id: string
  person_id: string
  from_org_id: string
  kind: string
  to_org_id: string | null
  to_prefecture_org_id: string | null
  to_org_name: string | null
  letter_no: string
  reason: string
  reason_note: string | null
  issued_on: string
  valid_until: string
  validity_months: number
  validity_from_org_id: string | null
  letter: ColumnType<LetterFacts, string, string>
  status: Generated<string>
  answered_on: string | null
  answered_by: string | null
  return_code: string | null
  answer_note: string | null
  receipt_no: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Timestamp>
}

/** A member's time away from the home org (0040); the mobile-member outflow registration extends it. */
export interface MemberOutflowsTable {
  id: Generated<string>
  prefecture_org_id: string
  person_id: string
  org_id: string
  destination: string
  is_fixed_place: boolean
  started_on: string
  ended_on: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Generated<Timestamp>
}

/** An inter-department coordination meeting on mobile-member work (0070). */
export interface MobileCoordinationMeetingsTable {
  id: Generated<string>
  org_id: string
  held_on: string
  title: string
  departments: string[]
  decisions: string
  venue: string | null
  created_by: string | null
  updated_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

/** The figures a year-end report states: counts by category, and a city's per county. */
export interface MobileReportFigures {
  counts: Record<string, number>
  counties?: { orgId: string; name: string; counts: Record<string, number> }[]
}

/** A county's or a city's year-end report on mobile-member work (0070). */
export interface MobileWorkReportsTable {
  id: Generated<string>
  org_id: string
  year: number
  level: string
  submitted_to_org_id: string
  status: Generated<string>
  narrative: Generated<string>
  figures: ColumnType<MobileReportFigures | null, string | null, string | null>
  due_on: string
  submitted_at: Timestamp | null
  submitted_on: string | null
  submitted_by: string | null
  returned_at: Timestamp | null
  returned_by: string | null
  return_reason: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

/** A provincial spot check: its seed, generator and frames (0070). */
export interface MobileSpotChecksTable {
  id: Generated<string>
  org_id: string
  year: number
  title: string
  seed: string
  generator: string
  frame_as_of: string
  county_sample_size: number
  member_sample_size: number
  county_frame_size: number
  county_frame_sha256: string
  member_frame_size: number
  member_frame_sha256: string
  drawn_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface MobileSpotCheckItemsTable {
  id: Generated<string>
  spot_check_id: string
  kind: string
  draw_order: number
  county_org_id: string
  person_id: string | null
  checker: string | null
  checker_assigned_on: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface MobileSpotCheckFindingsTable {
  id: Generated<string>
  item_id: string
  found_on: string
  description: string
  rectify_by: string | null
  status: Generated<string>
  rectifying_on: string | null
  measures: string | null
  closed_on: string | null
  evidence: string | null
  created_by: string | null
  created_at: CreatedAt
  updated_at: Timestamp
}

export interface DB {
  mobile_coordination_meetings: MobileCoordinationMeetingsTable
  mobile_work_reports: MobileWorkReportsTable
  mobile_spot_checks: MobileSpotChecksTable
  mobile_spot_check_items: MobileSpotCheckItemsTable
  mobile_spot_check_findings: MobileSpotCheckFindingsTable
  member_transfers: MemberTransfersTable
  member_outflows: MemberOutflowsTable
  development_cases: DevelopmentCasesTable
  development_steps: DevelopmentStepsTable
  development_notices: DevelopmentNoticesTable
  development_objections: DevelopmentObjectionsTable
  development_plans: DevelopmentPlansTable
  contest_questions: ContestQuestionsTable
  contest_quizzes: ContestQuizzesTable
  contest_attempts: ContestAttemptsTable
  study_plans: StudyPlansTable
  training_plans: TrainingPlansTable
  study_exemplars: StudyExemplarsTable
  cadre_writings: CadreWritingsTable
  study_reports: StudyReportsTable
  activities: ActivitiesTable
  activity_attendance: ActivityAttendanceTable
  rule_overrides: RuleOverridesTable
  rule_results: RuleResultsTable
  rule_rollup: RuleRollupTable
  study_hours: StudyHoursTable
  study_hours_by_org: StudyHoursByOrgTable
  activity_committee_quorum: ActivityCommitteeQuorumTable
  rule_dirty: RuleDirtyTable
  rule_periods: RulePeriodsTable
  people_name_index: PeopleNameIndexTable
  stat_snapshots: StatSnapshotsTable
  member_imports: MemberImportsTable
  member_import_errors: MemberImportErrorsTable
  orgs: OrgsTable
  org_history: OrgHistoryTable
  units: UnitsTable
  people: PeopleTable
  members: MembersTable
  member_status_history: MemberStatusHistoryTable
  member_org_history: MemberOrgHistoryTable
  contact_change_requests: ContactChangeRequestsTable
  person_photos: PersonPhotosTable
  org_committee_terms: OrgCommitteeTermsTable
  org_committee_members: OrgCommitteeMembersTable
  users: UsersTable
  roles: RolesTable
  grants: GrantsTable
  sessions: SessionsTable
  login_throttle: LoginThrottleTable
  audit_log: AuditLogTable
}
