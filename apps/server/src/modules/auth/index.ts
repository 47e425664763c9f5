export { createAuthService, type AuthService } from './auth.service.ts'
export { authRoutes } from './auth.routes.ts'
