import { fileURLToPath } from 'node:url'
import path from 'node:path'

/** The repository root, whatever the working directory (npm workspaces run scripts from apps/server). */
export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..')
export const MIGRATIONS_DIR = path.join(REPO_ROOT, 'db/migrations')
export const SEED_DIR = path.join(REPO_ROOT, 'db/seed')
export const WEB_DIST_DIR = path.join(REPO_ROOT, 'apps/web/dist')
