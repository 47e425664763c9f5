export { createPeopleService, type PeopleService } from './people.service.ts'
export { createMemberRollService, type MemberRollService } from './member-roll.service.ts'
export { peopleRoutes } from './people.routes.ts'
