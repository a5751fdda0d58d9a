import type {
  AiAccessRequest,
  Connection,
  ConnectionListQuery,
  CreateConnectionRequest,
  Page,
  TestConnectionRequest,
  TestResponse,
  TestStage,
  UpdateConnectionRequest,
} from '@sluice/contracts';
import { testStageSchema } from '@sluice/contracts';
import { api, apiLines, apiRequest, withQuery } from '../../lib/apiClient';

export type ConnectionListParams = Partial<ConnectionListQuery>;

export const fetchConnections = (params: ConnectionListParams) =>
  api<Page<Connection>>(withQuery('/connections', { ...params }));
export const fetchConnection = (id: string) => api<Connection>(`/connections/${id}`);
export const createConnection = (body: CreateConnectionRequest) =>
  api<Connection>('/connections', { method: 'POST', body });
/** Sends the version the form was loaded at, so that a concurrent edit answers 412. */
export const updateConnection = (id: string, body: UpdateConnectionRequest, version: number) =>
  apiRequest<Connection>(`/connections/${id}`, {
    method: 'PATCH',
    body,
    headers: { 'if-match': `"${version}"` },
  }).then((r) => r.data);
export const deleteConnection = (id: string) =>
  api<void>(`/connections/${id}`, { method: 'DELETE' });
/**
 * Tests settings not saved yet; `onStage` hears each stage as the server reports it. Aborting
 * `signal` makes the server end the test and close what it opened.
 */
export async function testNewConnection(
  body: TestConnectionRequest,
  signal?: AbortSignal,
  onStage: (stage: TestStage) => void = () => undefined,
): Promise<TestResponse> {
  let result: TestResponse | null = null;
  await apiLines('/connections/test', { method: 'POST', body, signal }, (line) => {
    const stage = testStageSchema.safeParse((line as { stage?: unknown }).stage);
    if (stage.success) onStage(stage.data);
    else if (line && typeof line === 'object' && 'data' in line)
      result = (line as { data: TestResponse }).data;
  });
  if (!result) throw new Error('The test ended without a result: test again');
  return result;
}
export const testSavedConnection = (id: string) =>
  api<TestResponse>(`/connections/${id}/test`, { method: 'POST' });
export const setAiAccess = (id: string, body: AiAccessRequest) =>
  api<Connection>(`/connections/${id}/ai-access`, { method: 'PUT', body });
/** Pins the bastion key a test showed after SSH_HOST_KEY_MISMATCH. */
export const acceptHostKey = (id: string, fingerprint: string) =>
  api<Connection>(`/connections/${id}/ssh-host-key`, { method: 'PUT', body: { fingerprint } });
/** Registers the small SQLite shop Sluice generates (409 once it is there). */
export const addSampleConnection = () => api<Connection>('/connections/sample', { method: 'POST' });
