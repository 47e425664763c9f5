import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Logger } from 'pino'
import { systemActor } from '../platform/auth/actor.ts'
import { createAuditService } from '../platform/audit/audit.service.ts'
import type { Config } from '../platform/config.ts'
import { openDatabase } from '../platform/database.ts'
import { createDb } from '../platform/db.ts'
import { migrate } from '../platform/migrate.ts'
import { streamOf, uuidOf } from '../modules/people/demo-person.ts'
import { seedDemo } from '../seed.ts'
import { generateDataset, SCALES, type DatasetResult, type ProgressSink, type ScaleName } from './dataset.ts'

/** The file in the data directory that records the generated dataset (seed, reference day, counts, phases). */
export const DATASET_RECORD = 'dataset.json'

/**
 * Loads the demo dataset into the platform's database (the data directory of `config`, or
 * DATABASE_URL): migrations, the real tree with seeded ids and the demo accounts (as the first start
 * would write them), then the generated orgs and members under the scale's committee. Refuses a
 * database that already holds orgs. The platform then starts on it as usual.
 */
export async function loadDemoDataset(
  config: Config,
  log: Logger,
  opts: { scale: ScaleName; seed: number; today: Date; progress?: ProgressSink },
): Promise<DatasetResult & { seedMs: number }> {
  const { url, embedded } = await openDatabase(config, log)
  try {
    await migrate(url, log)
    const { db, pool } = createDb(url, { max: 3 })
    try {
      if (await db.selectFrom('orgs').select('id').limit(1).executeTakeFirst())
        throw new Error('数据库里已经有组织：演示数据集只能生成到全新的数据目录（或空数据库）')
      const t0 = performance.now()
      const idRng = streamOf(opts.seed, 'hubei-tree')
      await seedDemo(db, { dataDir: config.DATA_DIR, withDemoUsers: true, newId: () => uuidOf(idRng) })
      const seedMs = performance.now() - t0
      opts.progress?.(`真实组织树与演示账号：${(seedMs / 1000).toFixed(1)} 秒`)
      const root = await db
        .selectFrom('orgs')
        .where('division_code', '=', SCALES[opts.scale].division)
        .where('kind', '=', 'committee')
        .select('id')
        .executeTakeFirstOrThrow()
      const result = await generateDataset(pool, {
        rootId: root.id,
        scale: opts.scale,
        seed: opts.seed,
        today: opts.today,
        encryptionKey: config.encryptionKey,
        // a fresh database: build the indexes after the load
        bulk: true,
        ...(opts.progress && { progress: opts.progress }),
      })
      await db.transaction().execute((tx) =>
        createAuditService().record(tx, systemActor(randomUUID()), {
          action: 'system.demo_generated',
          orgId: root.id,
          after: {
            scale: opts.scale,
            seed: opts.seed,
            today: opts.today.toISOString().slice(0, 10),
            orgs: result.orgsTotal,
            people: result.people,
          },
        }),
      )
      const loaded = { ...result, seedMs }
      // What was generated, how and how fast: a benchmark that reuses the directory reports it.
      fs.writeFileSync(
        path.join(config.DATA_DIR, DATASET_RECORD),
        JSON.stringify({ seed: opts.seed, today: opts.today.toISOString().slice(0, 10), ...loaded }, null, 2),
      )
      return loaded
    } finally {
      await db.destroy()
    }
  } finally {
    await embedded?.stop()
  }
}
