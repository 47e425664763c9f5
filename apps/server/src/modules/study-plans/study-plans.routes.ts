import { studyPlansApi } from '@xianfeng/contract'
import { bind } from '../../platform/http/route.ts'
import type { StudyPlansService } from './study-plans.service.ts'

export const studyPlansRoutes = (s: StudyPlansService) => [
  bind(studyPlansApi.studyPlans, async ({ actor, query }) => s.studyPlans(actor, query)),
  bind(studyPlansApi.saveStudyPlan, async ({ actor, body }) => ({ plan: await s.saveStudyPlan(actor, body) })),
  bind(studyPlansApi.trainingPlans, async ({ actor, query }) => s.trainingPlans(actor, query)),
  bind(studyPlansApi.createTrainingPlan, async ({ actor, body }) => ({ plan: await s.saveTrainingPlan(actor, null, body) })),
  bind(studyPlansApi.updateTrainingPlan, async ({ actor, params, body }) => ({
    plan: await s.saveTrainingPlan(actor, params.id, body),
  })),
  bind(studyPlansApi.exemplars, async ({ actor, query }) => s.exemplars(actor, query)),
  bind(studyPlansApi.nominateExemplar, async ({ actor, body }) => ({ exemplar: await s.nominate(actor, body) })),
  bind(studyPlansApi.decideExemplar, async ({ actor, params, body }) => ({
    exemplar: await s.decide(actor, params.id, body.approve, body.note),
  })),
  bind(studyPlansApi.publicExemplars, async ({ query }) => s.published(query)),
  bind(studyPlansApi.publishExemplar, async ({ actor, params }) => ({ exemplar: await s.publish(actor, params.id) })),
]
