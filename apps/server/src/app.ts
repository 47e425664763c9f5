import { randomUUID } from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import Fastify, { type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify'
import cookie from '@fastify/cookie'
import rateLimit from '@fastify/rate-limit'
import fastifyStatic from '@fastify/static'
import swagger from '@fastify/swagger'
import swaggerUi from '@fastify/swagger-ui'
import { jsonSchemaTransform, serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod'
import type pg from 'pg'
import type { Logger } from 'pino'
import type { Config } from './platform/config.ts'
import type { Db } from './platform/db.ts'
import { createSessionStore } from './platform/auth/sessions.ts'
import { createLoginThrottle } from './platform/auth/throttle.ts'
import { createAuditService } from './platform/audit/audit.service.ts'
import { createPiiCipher, piiKeysFromConfig } from './platform/crypto/pii.ts'
import { installErrorHandler } from './platform/http/error-handler.ts'
import { installGuard } from './platform/http/guard.ts'
import { installSecurityHeaders } from './platform/http/security-headers.ts'
import { registerRoutes, type RouteBinding } from './platform/http/route.ts'
import { WEB_DIST_DIR } from './platform/paths.ts'
import { accountsRoutes, createAccountsService } from './modules/accounts/index.ts'
import { auditLogRoutes, createAuditLogService } from './modules/audit/index.ts'
import { authRoutes, createAuthService } from './modules/auth/index.ts'
import { createHomeService, homeRoutes } from './modules/home/index.ts'
import { createStatisticsService, STAT_FOLD_EVERY_MS, statisticsRoutes } from './modules/statistics/index.ts'
import { createOrgsService, orgsRoutes } from './modules/orgs/index.ts'
import { createMemberRollService, createPeopleService, createPersonPhotosService, peopleRoutes } from './modules/people/index.ts'
import { createSelfServiceService, selfServiceRoutes } from './modules/self-service/index.ts'
import { createGrassrootsService, grassrootsRoutes } from './modules/grassroots/index.ts'
import { committeesRoutes, createCommitteesService } from './modules/committees/index.ts'
import { createUnitsService, unitsRoutes } from './modules/units/index.ts'
import { createMemberExportService, createMemberImportService, memberExcelRoutes } from './modules/member-excel/index.ts'
import { ACTIVITY_RULES, activitiesRoutes, createActivitiesService } from './modules/activities/index.ts'
import { complianceRoutes, createComplianceService } from './modules/compliance/index.ts'
import { CADRE_STUDY_RULES, cadreStudyRoutes, createCadreStudyService } from './modules/cadre-study/index.ts'
import { createStudyPlansService, studyPlansRoutes } from './modules/study-plans/index.ts'
import { contestsRoutes, createContestsService } from './modules/contests/index.ts'
import { GRASSROOTS_CHECKS } from './modules/grassroots/index.ts'
import { createDevelopmentService, DEVELOPMENT_CHECKS, developmentRoutes } from './modules/development/index.ts'
import { createTransfersService, TRANSFER_CHECKS, transfersRoutes } from './modules/transfers/index.ts'
import { createMobileOversightService, mobileOversightRoutes, OVERSIGHT_CHECKS } from './modules/mobile-oversight/index.ts'
import { startJobRunner } from './platform/jobs.ts'
import { createRulesRegistry } from './platform/rules/registry.ts'

export interface Deps {
  config: Config
  db: Db
  log: Logger
  /** Where the built web app is; absent in API-only tests. */
  webDir?: string
  /** The pool behind `db`: given, the app works the job queue with it (absent in most API tests). */
  pool?: pg.Pool
  /** Today in China, 'YYYY-MM-DD', for the modules whose rules count days (the real calendar by default). */
  today?: () => string
}

/** Every rule and standing check of the modules. */
export const createRegistry = () =>
  createRulesRegistry(
    [...ACTIVITY_RULES, ...CADRE_STUDY_RULES],
    [...GRASSROOTS_CHECKS, ...DEVELOPMENT_CHECKS, ...TRANSFER_CHECKS, ...OVERSIGHT_CHECKS],
  )

/** The nightly whole-tree evaluation of every period of the year so far, at 03:00 China time (19:00 UTC). */
const RULES_NIGHTLY_CRONTAB = '0 19 * * * rules:rebuild {"year":true}'

/**
 * Jobs worked at once: a rule's whole-tree evaluation runs beside another rule's (each takes a core)
 * and a refresh after a new record never waits behind a long evaluation. Writers of the same rule
 * and period take turns (an advisory lock per rule and period).
 */
const JOB_CONCURRENCY = 2

export function createServices({ config, db, log, today }: Pick<Deps, 'config' | 'db' | 'today'> & { log?: Logger }) {
  const audit = createAuditService()
  const sessions = createSessionStore(
    db,
    {
      secret: config.sessionSecret,
      idleMinutes: config.SESSION_IDLE_MINUTES,
      absoluteHours: config.SESSION_ABSOLUTE_HOURS,
      passwordMaxAgeDays: config.passwordPolicy.maxAgeDays,
    },
    log,
  )
  const throttle = createLoginThrottle({
    accountMaxFailures: config.LOGIN_MAX_FAILURES,
    ipMaxFailures: config.LOGIN_IP_MAX_FAILURES,
    lockMinutes: config.LOGIN_LOCK_MINUTES,
  })
  const auditLog = createAuditLogService({ db, audit })
  const orgs = createOrgsService({ db, audit, auditLog, members: createMemberRollService({ db }) })
  const pii = createPiiCipher(piiKeysFromConfig(config.encryptionKey))
  const statistics = createStatisticsService({ db, audit, orgs, log })
  // the development service is made below; the register asks it only when a person's stages change
  const people = createPeopleService({
    db,
    audit,
    orgs,
    pii,
    statistics,
    stagesKeptElsewhere: (executor, personId) => development.hasOpenCase(executor, personId),
  })
  const photos = createPersonPhotosService({ db, audit, people })
  const accounts = createAccountsService({ db, audit, orgs, people, sessions })
  const auth = createAuthService({
    db,
    audit,
    sessions,
    throttle,
    passwordPolicy: config.passwordPolicy,
    lockMinutes: config.LOGIN_LOCK_MINUTES,
  })
  const units = createUnitsService({ db, audit, orgs })
  const memberImports = createMemberImportService({ db, audit, orgs, pii, dataDir: config.DATA_DIR, log })
  const memberExports = createMemberExportService({ db, audit, people })
  const home = createHomeService({ orgs, accounts, auditLog })
  const committees = createCommitteesService({ db, audit, orgs, people })
  const grassroots = createGrassrootsService({ orgs, people, committees })
  const registry = createRegistry()
  const compliance = createComplianceService({ db, audit, orgs, registry, ...(log && { log }) })
  const activities = createActivitiesService({ db, audit, orgs, people })
  const cadreStudy = createCadreStudyService({ db, audit, orgs })
  const studyPlans = createStudyPlansService({ db, audit, orgs })
  const contests = createContestsService({ db, audit, orgs })
  const selfService = createSelfServiceService({ db, audit, pii, people, photos, activities, compliance })
  const development = createDevelopmentService({ db, audit, orgs, people, registry, compliance, ...(today && { today }) })
  const transfers = createTransfersService({ db, audit, orgs, people, compliance, registry, ...(today && { today }) })
  const mobileOversight = createMobileOversightService({ db, audit, orgs, compliance, registry, ...(today && { today }) })
  return {
    mobileOversight,
    transfers,
    development,
    contests,
    studyPlans,
    cadreStudy,
    registry,
    compliance,
    activities,
    audit,
    sessions,
    throttle,
    orgs,
    units,
    people,
    committees,
    photos,
    selfService,
    memberImports,
    memberExports,
    grassroots,
    accounts,
    auth,
    auditLog,
    home,
    statistics,
  }
}

export function allRoutes(s: ReturnType<typeof createServices>): RouteBinding[] {
  return [
    ...authRoutes(s.auth),
    ...orgsRoutes(s.orgs),
    ...unitsRoutes(s.units),
    ...peopleRoutes(s.people, s.photos),
    ...memberExcelRoutes(s.memberImports, s.memberExports),
    ...selfServiceRoutes(s.selfService),
    ...committeesRoutes(s.committees),
    ...grassrootsRoutes(s.grassroots),
    ...accountsRoutes(s.accounts),
    ...auditLogRoutes(s.auditLog),
    ...homeRoutes(s.home),
    ...statisticsRoutes(s.statistics),
    ...activitiesRoutes(s.activities),
    ...complianceRoutes(s.compliance),
    ...cadreStudyRoutes(s.cadreStudy),
    ...studyPlansRoutes(s.studyPlans),
    ...contestsRoutes(s.contests),
    ...developmentRoutes(s.development),
    ...transfersRoutes(s.transfers),
    ...mobileOversightRoutes(s.mobileOversight),
  ]
}

export async function buildApp(deps: Deps): Promise<FastifyInstance> {
  const { config, db, log } = deps
  const app = Fastify({
    loggerInstance: log as FastifyBaseLogger,
    genReqId: () => randomUUID(),
    requestIdHeader: false,
    trustProxy: config.TRUST_PROXY,
    bodyLimit: 1024 * 1024,
    // Errors before routing (a malformed URL) answer in the same closed set as everything else.
    frameworkErrors: (error, req, reply) => {
      req.log.info({ err: error }, 'request refused before routing')
      void (reply as FastifyReply).code(400).send({ error: { code: 'validation_failed', message: '请求地址格式不正确' } })
    },
  })
  app.setValidatorCompiler(validatorCompiler)
  app.setSerializerCompiler(serializerCompiler)
  app.addHook('onSend', async (req, reply) => {
    reply.header('x-request-id', req.id)
  })

  // Before any plugin adds routes: a route keeps the error handler in force when it was added.
  const services = createServices({ config, db, log, ...(deps.today && { today: deps.today }) })
  installErrorHandler(app, { db, audit: services.audit })

  await app.register(cookie)
  installSecurityHeaders(app, {
    contentSecurityPolicy: {
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        // antd writes its styles at run time
        styleSrc: ["'self'", "'unsafe-inline'"],
        imgSrc: ["'self'", 'data:'],
        // Served over plain HTTP on a LAN or loopback as often as behind HTTPS.
        upgradeInsecureRequests: null,
      },
    },
  })
  // Every /api request without a session-backed route — login, the API docs, unknown paths — is
  // rate limited per IP; routes behind a login are not.
  await app.register(rateLimit, {
    global: true,
    max: config.PUBLIC_RATE_LIMIT_PER_MINUTE,
    timeWindow: '1 minute',
    allowList: (req) => {
      if (!req.url.startsWith('/api/')) return true
      const route = req.routeOptions.config.route
      return route !== undefined && route.permission !== 'public'
    },
  })
  await app.register(swagger, {
    openapi: {
      info: {
        title: '先锋 Xianfeng 党建管理信息系统 API',
        version: '0.1.0',
        description: '所有接口以 JSON 交换；登录后携带 Cookie，非 GET 请求须带 X-CSRF-Token 头。',
      },
    },
    transform: jsonSchemaTransform,
  })
  await app.register(swaggerUi, { routePrefix: '/api/docs' })

  installGuard(app, { sessions: services.sessions })

  const bindings = allRoutes(services)
  await app.register(async (scope) => registerRoutes(scope, bindings))

  // Housekeeping: expired sessions and spent login counters, at start and hourly.
  const purge = () =>
    Promise.all([services.sessions.purgeExpired(db), services.throttle.purgeStale(db)]).catch((e: unknown) =>
      log.warn({ err: e }, '清理过期会话失败'),
    )
  app.addHook('onReady', async () => {
    // Before the first request: from here on a session read once is kept until the database says it changed.
    await services.sessions.listen()
    await purge()
    await services.statistics
      .recover()
      .then((failed) => {
        if (failed) log.warn({ failed }, '上次停止时未完成的年末统计快照已标记为失败')
      })
      .catch((e: unknown) => log.warn({ err: e }, '检查未完成的统计快照失败'))
    await services.memberImports
      .recover()
      .then((interrupted) => {
        if (interrupted) log.warn({ interrupted }, '上次停止时未完成的导入已标记为中断（未写入任何数据）')
      })
      .catch((e: unknown) => log.warn({ err: e }, '检查未完成的导入失败'))
    const timer = setInterval(() => void purge(), 60 * 60 * 1000)
    timer.unref()
    // The statistics roll-ups are exact at every read; folding keeps the pending deltas few.
    const fold = setInterval(
      () => void services.statistics.fold().catch((e: unknown) => log.warn({ err: e }, '合并统计增量失败')),
      STAT_FOLD_EVERY_MS,
    )
    fold.unref()
    const runner = deps.pool
      ? await startJobRunner({
          pool: deps.pool,
          tasks: services.compliance.tasks,
          crontab: RULES_NIGHTLY_CRONTAB,
          log,
          concurrency: JOB_CONCURRENCY,
        })
      : null
    if (runner) await services.compliance.requestCurrent().catch((e: unknown) => log.warn({ err: e }, '安排规则当期的计算失败'))
    app.addHook('onClose', async () => {
      clearInterval(timer)
      clearInterval(fold)
      await runner?.stop()
      await services.sessions.close()
      await services.statistics.idle()
      await services.memberImports.idle()
    })
  })

  const webDir = deps.webDir
  const hasWeb = webDir !== undefined && fs.existsSync(path.join(webDir, 'index.html'))
  if (hasWeb) await app.register(fastifyStatic, { root: webDir, wildcard: false, index: ['index.html'] })
  app.setNotFoundHandler({ preHandler: app.rateLimit() }, (req, reply) => {
    // The web app routes on the client: any other GET outside /api serves its index.html.
    if (hasWeb && req.method === 'GET' && !req.url.startsWith('/api/')) return reply.type('text/html').sendFile('index.html')
    return reply.code(404).send({ error: { code: 'not_found', message: `接口 ${req.method} ${req.url.split('?')[0]} 不存在` } })
  })
  return app
}

export const DEFAULT_WEB_DIR = WEB_DIST_DIR
