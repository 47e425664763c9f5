export { createPeopleService, type PeopleService } from './people.service.ts'
export { peopleRoutes } from './people.routes.ts'
