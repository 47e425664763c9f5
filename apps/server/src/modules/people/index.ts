export { createPeopleService, type PeopleService } from './people.service.ts'
export { createPersonPhotosService, type PersonPhotosService } from './person-photos.service.ts'
export { peopleRoutes } from './people.routes.ts'
