export { createPeopleService, type MemberExportRow, type PeopleService } from './people.service.ts'
export { createPersonPhotosService, type PersonPhotosService } from './person-photos.service.ts'
export { peopleRoutes } from './people.routes.ts'
export { createPersonPii } from './person-pii.ts'
