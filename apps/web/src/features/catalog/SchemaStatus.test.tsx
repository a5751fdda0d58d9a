import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { meAs, signedInAs } from '../../test/fixtures';
import { aConnection, connectionsApi } from '../connections/connectionsApi.mock';
import { schemaApi } from './catalogApi.mock';
import { renderApp } from '../../test/render';

const rowOf = async (name: string) =>
  (
    await within(await screen.findByRole('table', { name: 'Connections' })).findByText(name)
  ).closest('tr')!;

describe('Schema status on the connections page', () => {
  it('shows each sync state on its row: not synced, queued, ingesting with progress, ready, failed with why', async () => {
    const rows = [
      aConnection({ name: 'Fresh' }),
      aConnection({
        name: 'Waiting',
        schemaStatus: 'queued',
        schemaMessage: 'Attempt 1 of 3 failed: timed out. Sluice will try again.',
      }),
      aConnection({
        name: 'Busy',
        schemaStatus: 'ingesting',
        schemaProgress: { tablesDone: 40, tablesTotal: 120 },
      }),
      aConnection({
        name: 'Done',
        schemaStatus: 'ready',
        schemaIngestedAt: '2026-02-01T10:00:00.000Z',
        schemaMessage: '12 tables and views, 80 columns',
      }),
      aConnection({
        name: 'Broken',
        schemaStatus: 'failed',
        schemaMessage: 'Password authentication failed for user "etl"',
      }),
    ];
    const api = connectionsApi(rows);
    server.use(signedInAs('admin'), ...api.handlers, ...schemaApi(api.rows).handlers);
    renderApp('/connections');

    expect(within(await rowOf('Fresh')).getByText('Not synced')).toBeInTheDocument();
    await userEvent.hover(within(await rowOf('Waiting')).getByText('Queued'));
    expect(await screen.findByRole('tooltip')).toHaveTextContent('Attempt 1 of 3 failed');
    expect(within(await rowOf('Busy')).getByText('Ingesting… 40/120')).toBeInTheDocument();
    expect(within(await rowOf('Busy')).getByRole('progressbar')).toHaveAttribute(
      'aria-valuenow',
      '33',
    );
    const ready = within(await rowOf('Done')).getByRole('link', {
      name: 'Schema of Done: ready, browse it',
    });
    expect(ready).toHaveAttribute('href', `/connections/${rows[3]!.id}/schema`);
    const broken = await rowOf('Broken');
    expect(within(broken).getByText('Failed')).toBeInTheDocument();
    expect(
      within(broken).getByText('Password authentication failed for user "etl"'),
    ).toBeInTheDocument();
  });

  it('retries a failed sync from its row, and the row turns to Queued', async () => {
    const api = connectionsApi([
      aConnection({ name: 'Broken', schemaStatus: 'failed', schemaMessage: 'Timed out' }),
    ]);
    const schema = schemaApi(api.rows);
    server.use(signedInAs('contributor'), ...api.handlers, ...schema.handlers);
    renderApp('/connections');
    await userEvent.click(
      within(await rowOf('Broken')).getByRole('button', {
        name: 'Retry the schema sync of Broken',
      }),
    );
    expect(await screen.findByText('Broken: schema sync queued')).toBeInTheDocument();
    expect(await within(await rowOf('Broken')).findByText('Queued')).toBeInTheDocument();
    expect(schema.sent.syncs).toEqual([api.rows[0]!.id]);
  });

  it('syncs a row now, and polls until the sync is ready without a reload', async () => {
    const api = connectionsApi([aConnection({ name: 'Orders' })]);
    const schema = schemaApi(api.rows);
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    renderApp('/connections');
    const row = await rowOf('Orders');
    await userEvent.click(
      within(row).getByRole('button', { name: 'Sync the schema of Orders now' }),
    );
    expect(await within(await rowOf('Orders')).findByText('Queued')).toBeInTheDocument();
    expect(
      within(await rowOf('Orders')).getByRole('button', { name: 'Sync the schema of Orders now' }),
    ).toBeDisabled();

    Object.assign(api.rows[0]!, {
      schemaStatus: 'ready',
      schemaIngestedAt: '2026-02-01T10:00:00.000Z',
    });
    expect(
      await within(await rowOf('Orders')).findByText('Ready', {}, { timeout: 5000 }),
    ).toBeInTheDocument();
  });

  it('offers neither Sync nor Retry to a user who may only read', async () => {
    server.use(
      http.get('/api/auth/session', () =>
        HttpResponse.json({ data: meAs('contributor', { permissions: ['connections:read'] }) }),
      ),
      ...connectionsApi([aConnection({ name: 'Broken', schemaStatus: 'failed' })]).handlers,
    );
    renderApp('/connections');
    const row = await rowOf('Broken');
    expect(within(row).queryAllByRole('button')).toHaveLength(0);
    expect(within(row).getByRole('link', { name: 'Broken' })).toHaveAttribute(
      'href',
      expect.stringMatching(/^\/connections\/[^/]+$/),
    );
  });
});
