import { Router } from 'express';
import type { Services } from '../../services';

/** Care office pages (mounted at /office): own clients, applications on their behalf, 居宅届. */
export function officeRoutes(_services: Services): Router {
  return Router();
}
