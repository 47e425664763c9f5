import { sql, type RawBuilder } from 'kysely'
import type { Executor } from '../../platform/db.ts'

export interface ActivityWrite {
  kinds: string[]
  held_on: string
  hours: number | null
  topic: string
  speaker_person_id: string | null
  speaker_name: string | null
  location: string | null
  minutes: string | null
}

export interface ActivityRow extends ActivityWrite {
  id: string
  org_id: string
  org_name: string
  org_path: string
  hours: number | null
  speaker_display: string | null
  present: number
  absent: number
  voided_at: Date | null
  void_reason: string | null
  created_at: Date
  updated_at: Date
}

const SELECT = sql`
  SELECT a.id, a.org_id, o.name AS org_name, o.path::text AS org_path, a.kinds, a.held_on, a.hours::float8 AS hours, a.topic,
    a.speaker_person_id, a.speaker_name, coalesce(sp.name, a.speaker_name) AS speaker_display, a.location, a.minutes,
    a.voided_at, a.void_reason, a.created_at, a.updated_at,
    (SELECT count(*) FROM activity_attendance x WHERE x.activity_id = a.id AND x.presence <> 'absent')::int AS present,
    (SELECT count(*) FROM activity_attendance x WHERE x.activity_id = a.id AND x.presence = 'absent')::int AS absent
  FROM activities a
  JOIN orgs o ON o.id = a.org_id
  LEFT JOIN people sp ON sp.id = a.speaker_person_id`

export const activitiesRepo = {
  /** The activities a person attended (present or online) in a date range, not voided, newest first. */
  async attendedBy(db: Executor, personId: string, from: string, to: string) {
    const { rows } = await sql<{
      id: string
      held_on: string
      org_id: string
      org_name: string
      kinds: string[]
      topic: string
      hours: number | null
      presence: 'present' | 'online'
    }>`
      SELECT a.id, to_char(a.held_on, 'YYYY-MM-DD') AS held_on, a.org_id, o.name AS org_name, a.kinds, a.topic,
        a.hours::float8 AS hours, aa.presence
      FROM activity_attendance aa
      JOIN activities a ON a.id = aa.activity_id
      JOIN orgs o ON o.id = a.org_id
      WHERE aa.person_id = ${personId} AND aa.presence <> 'absent' AND a.voided_at IS NULL
        AND a.held_on BETWEEN ${from}::date AND ${to}::date
      ORDER BY a.held_on DESC, a.created_at DESC`.execute(db)
    return rows
  },

  async find(db: Executor, id: string, scope: RawBuilder<boolean>) {
    const { rows } = await sql<ActivityRow>`${SELECT} WHERE a.id = ${id} AND ${scope}`.execute(db)
    return rows[0]
  },

  async list(
    db: Executor,
    f: { scope: RawBuilder<boolean>; kind?: string; from?: string; to?: string; includeVoided: boolean },
    page: { limit: number; offset: number },
  ) {
    const where = sql.join(
      [
        f.scope,
        f.kind ? sql`${f.kind} = ANY(a.kinds)` : sql`true`,
        f.from ? sql`a.held_on >= ${f.from}::date` : sql`true`,
        f.to ? sql`a.held_on <= ${f.to}::date` : sql`true`,
        f.includeVoided ? sql`true` : sql`a.voided_at IS NULL`,
      ],
      sql` AND `,
    )
    const [{ rows }, total] = await Promise.all([
      sql<ActivityRow>`${SELECT} WHERE ${where} ORDER BY a.held_on DESC, a.created_at DESC LIMIT ${page.limit} OFFSET ${page.offset}`.execute(
        db,
      ),
      sql<{ n: number }>`SELECT count(*)::int AS n FROM activities a JOIN orgs o ON o.id = a.org_id WHERE ${where}`.execute(db),
    ])
    return { rows, total: total.rows[0]!.n }
  },

  async attendance(db: Executor, activityId: string) {
    const { rows } = await sql<{ person_id: string; name: string; presence: string; absence_reason: string | null }>`
      SELECT x.person_id, p.name, x.presence, x.absence_reason
      FROM activity_attendance x JOIN people p ON p.id = x.person_id
      WHERE x.activity_id = ${activityId}
      ORDER BY x.presence = 'absent', p.name_pinyin, p.id`.execute(db)
    return rows
  },

  async insert(tx: Executor, orgId: string, a: ActivityWrite, createdBy: string) {
    const { rows } = await sql<{ id: string }>`
      INSERT INTO activities (org_id, kinds, held_on, hours, topic, speaker_person_id, speaker_name, location, minutes, created_by)
      VALUES (${orgId}, ${a.kinds}::text[], ${a.held_on}::date, ${a.hours}, ${a.topic}, ${a.speaker_person_id}, ${a.speaker_name},
        ${a.location}, ${a.minutes}, ${createdBy})
      RETURNING id`.execute(tx)
    return rows[0]!.id
  },

  async update(tx: Executor, id: string, a: ActivityWrite) {
    await sql`
      UPDATE activities SET kinds = ${a.kinds}::text[], held_on = ${a.held_on}::date, hours = ${a.hours}, topic = ${a.topic},
        speaker_person_id = ${a.speaker_person_id}, speaker_name = ${a.speaker_name}, location = ${a.location}, minutes = ${a.minutes}
      WHERE id = ${id}`.execute(tx)
  },

  async void(tx: Executor, id: string, reason: string) {
    await sql`UPDATE activities SET voided_at = now(), void_reason = ${reason} WHERE id = ${id}`.execute(tx)
  },

  async replaceAttendance(
    tx: Executor,
    activityId: string,
    entries: { personId: string; presence: string; absenceReason: string | null }[],
  ) {
    await sql`DELETE FROM activity_attendance WHERE activity_id = ${activityId}`.execute(tx)
    if (entries.length === 0) return
    await sql`
      INSERT INTO activity_attendance (activity_id, person_id, presence, absence_reason)
      SELECT ${activityId}, p, s, r
      FROM unnest(${entries.map((e) => e.personId)}::uuid[], ${entries.map((e) => e.presence)}::text[],
        ${entries.map((e) => e.absenceReason)}::text[]) AS t (p, s, r)`.execute(tx)
  },

  /**
   * Of the given people, those who may attend an activity of the org: members (any stage, not
   * left) whose org relation lies in `rosterPath`'s subtree. Returns each with their org.
   */
  async eligible(db: Executor, personIds: string[], rosterPath: string) {
    if (personIds.length === 0) return []
    const { rows } = await sql<{ person_id: string; org_id: string }>`
      SELECT m.person_id, m.org_id FROM members m JOIN orgs o ON o.id = m.org_id
      WHERE m.person_id = ANY(${personIds}::uuid[]) AND m.status <> 'left' AND o.path <@ ${rosterPath}::ltree`.execute(db)
    return rows
  },

  /** The orgs the people's member records are with (whose rules their attendance counts for). */
  async memberOrgs(db: Executor, personIds: string[]) {
    if (personIds.length === 0) return []
    const { rows } = await sql<{ org_id: string }>`
      SELECT DISTINCT org_id FROM members WHERE person_id = ANY(${personIds}::uuid[])`.execute(db)
    return rows.map((r) => r.org_id)
  },

  /**
   * The orgs a speaker's lecture counts for: those whose secretary the person is or was, and the
   * org of the person's member record (a leading cadre's lectures).
   */
  async speakerOrgs(db: Executor, personId: string) {
    const { rows } = await sql<{ org_id: string }>`
      SELECT t.org_id FROM org_committee_members m JOIN org_committee_terms t ON t.id = m.term_id
      WHERE m.person_id = ${personId} AND m.post = 'secretary'
      UNION SELECT org_id FROM members WHERE person_id = ${personId}`.execute(db)
    return rows.map((r) => r.org_id)
  },

  async personExists(db: Executor, personId: string) {
    const { rows } = await sql`SELECT 1 FROM people WHERE id = ${personId}`.execute(db)
    return rows.length > 0
  },
}
