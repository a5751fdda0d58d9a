import type { AuditEvent, Page } from '@sluice/contracts';
import { api, withQuery } from '../../lib/apiClient';

export interface AuditParams {
  page: number;
  pageSize: number;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  actorUserId?: string;
  from?: string;
  to?: string;
}

export const fetchAuditEvents = (params: AuditParams) =>
  api<Page<AuditEvent>>(withQuery('/audit-events', { ...params }));
