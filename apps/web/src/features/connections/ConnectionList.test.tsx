import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { aConnection, connectionsApi } from './connectionsApi.mock';
import { location, renderApp } from '../../test/render';

const table = () => screen.findByRole('table', { name: 'Connections' });
const names = async () =>
  within(await table())
    .queryAllByRole('link', { name: /./ })
    .filter((link) => link.getAttribute('title')?.startsWith('Open its page'))
    .map((link) => link.textContent);

describe('ConnectionsPage filters and enabling', () => {
  const rows = () => [
    aConnection({ name: 'Good', lastTestResult: true, lastTestedAt: '2026-02-01T10:00:00Z' }),
    aConnection({ name: 'Bad', lastTestResult: false, lastTestedAt: '2026-02-01T10:00:00Z' }),
    aConnection({ name: 'New', host: 'warehouse.internal', databaseName: 'finance' }),
    aConnection({ name: 'Off', isActive: false }),
  ];

  it('filters by status through the API, keeping it in the URL', async () => {
    const api = connectionsApi(rows());
    server.use(signedInAs('admin'), ...api.handlers);
    renderApp('/connections');
    await within(await table()).findByText('Good');
    await userEvent.click(screen.getByRole('combobox', { name: 'Status' }));
    await userEvent.click(await screen.findByRole('option', { name: 'Failing (last test)' }));
    await waitFor(async () => expect(await names()).toEqual(['Bad']), { timeout: 5000 });
    expect(location.current).toContain('status=failing');
    expect(api.sent.lists.at(-1)?.get('status')).toBe('failing');
  });

  it('finds a connection by its host or database, and says who made it and what for', async () => {
    const api = connectionsApi([
      ...rows(),
      aConnection({ name: 'Owned', purpose: 'analytics', createdByName: 'Ann Analyst' }),
    ]);
    server.use(signedInAs('admin'), ...api.handlers);
    renderApp('/connections');
    const owned = (await within(await table()).findByText('Owned')).closest('tr')!;
    expect(within(owned).getByText('Analytics / Reporting · by Ann Analyst')).toBeInTheDocument();
    const search = screen.getByPlaceholderText('Name, host or database');
    await userEvent.type(search, 'finance');
    // The search is sent after a pause in typing; the API matches host and database too.
    await waitFor(async () => expect(await names()).toEqual(['New']), { timeout: 5000 });
    expect(api.sent.lists.at(-1)?.get('search')).toBe('finance');
  });

  it('disables a connection in one click: shown as Disabled, no test or sync, enabled again', async () => {
    const api = connectionsApi([aConnection({ name: 'Orders', version: 3 })]);
    server.use(signedInAs('admin'), ...api.handlers);
    renderApp('/connections');
    const row = async () => (await within(await table()).findByText('Orders')).closest('tr')!;
    await userEvent.click(within(await row()).getByRole('button', { name: 'Disable Orders' }));
    expect(await screen.findByText('Disabled Orders')).toBeInTheDocument();
    expect(api.sent.patches[0]).toEqual({ body: { isActive: false }, ifMatch: '"3"' });
    await within(await row()).findByText('Disabled');
    expect(within(await row()).getByRole('button', { name: 'Test Orders' })).toBeDisabled();
    expect(
      within(await row()).getByRole('button', { name: 'Sync the schema of Orders now' }),
    ).toBeDisabled();
    await userEvent.click(within(await row()).getByRole('button', { name: 'Enable Orders' }));
    expect(await screen.findByText('Enabled Orders')).toBeInTheDocument();
    expect(api.sent.patches[1]).toEqual({ body: { isActive: true }, ifMatch: '"4"' });
  });
});
