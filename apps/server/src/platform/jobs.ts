// The background job queue: graphile-worker, kept in the platform's own PostgreSQL (no other
// service to run). Its schema is installed by the database owner with the migrations; the
// application role only adds and works jobs. Jobs are added inside the transaction that makes them
// necessary, so a committed change never lacks its job and a rolled-back one never has one.
import { Logger as WorkerLogger, run, runMigrations, type Runner, type TaskList } from 'graphile-worker'
import { sql } from 'kysely'
import pg from 'pg'
import type { Logger } from 'pino'
import { APP_DB_ROLE, type Executor } from './db.ts'

export const JOB_SCHEMA = 'graphile_worker'

const workerLogger = (log: Logger) =>
  new WorkerLogger(() => (level, message, meta) => {
    // The worker's debug chatter (every poll) stays out of the log.
    if (level === 'debug') return
    const fn = level === 'error' ? log.error : level === 'warning' ? log.warn : log.info
    fn.call(log, meta ?? {}, `任务队列：${message}`)
  })

/** Installs or upgrades the queue's schema (as the database owner) and lets the application role use it. */
export async function installJobQueue(ownerUrl: string, log: Logger): Promise<void> {
  await runMigrations({ connectionString: ownerUrl, logger: workerLogger(log) })
  const client = new pg.Client({ connectionString: ownerUrl })
  await client.connect()
  try {
    await client.query(`GRANT USAGE ON SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};
      GRANT SELECT, INSERT, UPDATE, DELETE ON ALL TABLES IN SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};
      GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};
      GRANT EXECUTE ON ALL FUNCTIONS IN SCHEMA ${JOB_SCHEMA} TO ${APP_DB_ROLE};`)
    // The queue's tables have row-level security with no policy (only their owner may touch them):
    // the application role gets a policy of its own on each.
    await client.query(`DO $$ DECLARE t record; BEGIN
      FOR t IN SELECT tablename FROM pg_tables WHERE schemaname = '${JOB_SCHEMA}' AND rowsecurity LOOP
        EXECUTE format('DROP POLICY IF EXISTS ${APP_DB_ROLE}_all ON ${JOB_SCHEMA}.%I', t.tablename);
        EXECUTE format('CREATE POLICY ${APP_DB_ROLE}_all ON ${JOB_SCHEMA}.%I TO ${APP_DB_ROLE} USING (true) WITH CHECK (true)', t.tablename);
      END LOOP; END $$`)
  } finally {
    await client.end()
  }
}

export interface JobOptions {
  /**
   * One pending job per key: adding a job whose key is already waiting replaces its payload and
   * keeps its time, so a burst of changes is worked once.
   */
  jobKey?: string
  /** Seconds from now before the job may run. */
  delaySeconds?: number
  maxAttempts?: number
}

/** Adds a job in the caller's transaction (or on its own when given the database). */
export async function addJob(db: Executor, task: string, payload: object, opts: JobOptions = {}): Promise<void> {
  const runAt = opts.delaySeconds ? sql`now() + make_interval(secs => ${opts.delaySeconds})` : sql`now()`
  await sql`SELECT ${sql.id(JOB_SCHEMA)}.add_job(
      identifier => ${task}, payload => ${JSON.stringify(payload)}::json, run_at => ${runAt},
      job_key => ${opts.jobKey ?? null}, job_key_mode => 'preserve_run_at', max_attempts => ${opts.maxAttempts ?? 5})`.execute(db)
}

/** Starts working the queue with the application's pool; `crontab` lines as in graphile-worker. */
export async function startJobRunner(opts: {
  pool: pg.Pool
  tasks: TaskList
  crontab?: string
  log: Logger
  concurrency?: number
}): Promise<Runner> {
  return run({
    pgPool: opts.pool,
    taskList: opts.tasks,
    crontab: opts.crontab ?? '',
    concurrency: opts.concurrency ?? 1,
    logger: workerLogger(opts.log),
    // Jobs are few and added with NOTIFY; polling only backs that up.
    pollInterval: 5000,
    noHandleSignals: true,
  })
}
