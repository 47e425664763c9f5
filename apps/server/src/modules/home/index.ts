export { createHomeService, type HomeService } from './home.service.ts'
export { homeRoutes } from './home.routes.ts'
