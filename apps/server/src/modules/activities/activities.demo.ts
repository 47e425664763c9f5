import { CompiledQuery } from 'kysely'
import type { Executor } from '../../platform/db.ts'

/**
 * Organizational life of demo branches, set-based (the demo and the benchmark dataset share it): a
 * 主题党日 each month (also the month's 学习日 in 机关 and 国有企事业单位; about one month in 32
 * missed), a 支部党员大会 each quarter (about one in 16 missed), a 组织生活会 and a 民主评议党员 each
 * December; attendance of the full and probationary members at the last `attendanceMonths` months'
 * theme days (one in 16 absent, with a reason). Which months are missed and who is absent follow a
 * hash of the ids: the same data every time.
 */
export function demoActivityStatements(opts: { orgIds: string[]; today: string; months: number; attendanceMonths: number }) {
  return [
    {
      text: `WITH months AS (
         SELECT m::date AS m FROM generate_series(date_trunc('month', $2::date) - make_interval(months => $3 - 1),
           date_trunc('month', $2::date), interval '1 month') m
       ),
       planned AS (
         SELECT o.id AS org_id, mo.m,
           coalesce(o.host_unit_type IN ('government_organ', 'state_enterprise', 'public_institution'), false) AS state_unit,
           hashtext(o.id::text || mo.m::text) AS h
         FROM orgs o CROSS JOIN months mo
         WHERE o.id = ANY($1::uuid[]) AND (o.established_on IS NULL OR o.established_on <= mo.m)
       ),
       rows AS (
         SELECT org_id, CASE WHEN state_unit THEN '{theme_day,study_day}'::text[] ELSE '{theme_day}'::text[] END AS kinds,
           m + (abs(h) % 20 + 3) AS held_on, 2.0 AS hours, '主题党日：集中学习，过组织生活' AS topic
         FROM planned WHERE h & 31 <> 0
         UNION ALL
         SELECT org_id, '{general_meeting}', m + (abs(h >> 5) % 20 + 3), NULL, '支部党员大会'
         FROM planned WHERE extract(month FROM m)::int % 3 = 1 AND (h >> 10) & 15 <> 0
         UNION ALL
         SELECT org_id, '{org_life_meeting,member_review}', m + (abs(h >> 7) % 10 + 15), 4.0, '年度组织生活会暨民主评议党员'
         FROM planned WHERE extract(month FROM m)::int = 12 AND (h >> 14) & 7 <> 0
       )
       INSERT INTO activities (org_id, kinds, held_on, hours, topic)
       SELECT org_id, kinds, held_on, hours, topic FROM rows WHERE held_on <= $2::date`,
      values: [opts.orgIds, opts.today, opts.months] as unknown[],
    },
    {
      text: `INSERT INTO activity_attendance (activity_id, person_id, presence, absence_reason)
       SELECT a.id, m.person_id,
         CASE WHEN hashtext(a.id::text || m.person_id::text) & 15 = 0 THEN 'absent' ELSE 'present' END,
         CASE WHEN hashtext(a.id::text || m.person_id::text) & 15 = 0 THEN '因公外出' END
       FROM activities a JOIN members m ON m.org_id = a.org_id AND m.status IN ('full', 'probationary')
       WHERE a.org_id = ANY($1::uuid[]) AND 'theme_day' = ANY(a.kinds)
         AND a.held_on > $2::date - make_interval(months => $3)`,
      values: [opts.orgIds, opts.today, opts.attendanceMonths] as unknown[],
    },
  ]
}

/** The demo's year of organizational life for its branches, with the last three months' attendance. */
export async function seedDemoActivities(db: Executor, orgIds: string[], today: string) {
  let rows = 0
  for (const q of demoActivityStatements({ orgIds, today, months: 12, attendanceMonths: 3 }))
    rows += Number((await db.executeQuery(CompiledQuery.raw(q.text, q.values))).numAffectedRows ?? 0)
  return rows
}
