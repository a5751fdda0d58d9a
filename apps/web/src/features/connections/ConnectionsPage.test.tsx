import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { meAs, problem, signedInAs } from '../../test/fixtures';
import { aConnection, connectionsApi, failing, passing } from './connectionsApi.mock';
import { location, renderApp } from '../../test/render';

const table = () => screen.findByRole('table', { name: 'Connections' });
const chip = (row: HTMLElement, text: string) =>
  within(row).getByText(text).closest('.MuiChip-root');
const rowOf = async (name: string) => (await within(await table()).findByText(name)).closest('tr')!;

describe('ConnectionsPage', () => {
  describe('page layout', () => {
    it('renders the title and description', async () => {
      server.use(signedInAs('admin'), ...connectionsApi().handlers);
      renderApp('/connections');
      expect(await screen.findByRole('heading', { name: 'Connections' })).toBeInTheDocument();
      expect(screen.getByText(/The databases your tools connect to/)).toBeInTheDocument();
    });

    it('shows a loading skeleton until the list arrives', async () => {
      server.use(
        signedInAs('admin'),
        http.get('/api/connections', () => new Promise(() => undefined)),
      );
      renderApp('/connections');
      expect((await screen.findAllByTestId('skeleton-row')).length).toBeGreaterThan(0);
    });
  });

  describe('connections table', () => {
    it('shows each connection with its type chip, host, database and status', async () => {
      const api = connectionsApi([
        aConnection({
          name: 'Orders',
          dbType: 'mysql',
          host: 'orders.db',
          port: 3306,
          databaseName: 'shop',
        }),
        aConnection({
          name: 'Warehouse',
          dbType: 'snowflake',
          lastTestedAt: '2026-02-01T10:00:00.000Z',
          lastTestResult: true,
          lastTestMessage: 'Connection successful',
        }),
        aConnection({
          name: 'Legacy',
          dbType: 'sqlserver',
          lastTestedAt: '2026-02-01T10:00:00.000Z',
          lastTestResult: false,
          lastTestMessage: 'Login failed',
        }),
      ]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      const orders = await rowOf('Orders');
      expect(chip(orders, 'MySQL / MariaDB')).toHaveClass('MuiChip-colorWarning');
      expect(within(orders).getByText('orders.db:3306')).toBeInTheDocument();
      expect(within(orders).getByText('shop')).toBeInTheDocument();
      expect(within(orders).getByText('Untested')).toBeInTheDocument();
      expect(chip(await rowOf('Warehouse'), 'Connected')).toHaveClass('MuiChip-colorSuccess');
      expect(chip(await rowOf('Warehouse'), 'Snowflake')).toHaveClass('MuiChip-colorInfo');
      expect(chip(await rowOf('Legacy'), 'Failed')).toHaveClass('MuiChip-colorError');
    });

    it('shows the last test message and time in the status tooltip', async () => {
      const api = connectionsApi([
        aConnection({
          name: 'Legacy',
          lastTestedAt: '2026-02-01T10:00:00.000Z',
          lastTestResult: false,
          lastTestMessage: 'Login failed for user',
        }),
      ]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.hover(within(await rowOf('Legacy')).getByText('Failed'));
      expect(await screen.findByRole('tooltip')).toHaveTextContent('Login failed for user');
    });

    it('shows the hint of a failed test in the tooltip, and a credential that can write', async () => {
      const privileges = { canWrite: true, superuser: false, notes: ['The role can write rows.'] };
      const api = connectionsApi([
        aConnection({
          name: 'Writer',
          lastTestedAt: '2026-02-01T10:00:00.000Z',
          lastTestResult: true,
          lastTest: { ...passing, privileges },
        }),
        aConnection({
          name: 'Broken',
          lastTestedAt: '2026-02-01T10:00:00.000Z',
          lastTestResult: false,
          lastTestMessage: failing.message,
          lastTest: failing,
        }),
      ]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      expect(chip(await rowOf('Writer'), 'can write')).toHaveClass('MuiChip-colorWarning');
      expect(within(await rowOf('Broken')).queryByText('can write')).toBeNull();
      await userEvent.hover(within(await rowOf('Broken')).getByText('Failed'));
      expect(await screen.findByRole('tooltip')).toHaveTextContent(failing.hint!);
    });
  });

  describe('empty states', () => {
    it('says there are no connections yet, with the Add button', async () => {
      server.use(signedInAs('admin'), ...connectionsApi().handlers);
      renderApp('/connections');
      const cell = (await screen.findByText('No connections yet')).closest('td')!;
      expect(within(cell).getByRole('button', { name: 'Add Connection' })).toBeInTheDocument();
    });

    it('says no connections match when a filter finds nothing', async () => {
      server.use(
        signedInAs('admin'),
        ...connectionsApi([aConnection({ name: 'Orders' })]).handlers,
      );
      renderApp('/connections?search=zzz');
      expect(await screen.findByText('No connections match')).toBeInTheDocument();
      await userEvent.click(screen.getByRole('button', { name: 'Clear filters' }));
      expect(await screen.findByText('Orders')).toBeInTheDocument();
      expect(location.current).toBe('/connections');
    });
  });

  describe('permissions', () => {
    it('shows Add Connection and the row actions to a contributor', async () => {
      server.use(
        signedInAs('contributor'),
        ...connectionsApi([aConnection({ name: 'Orders' })]).handlers,
      );
      renderApp('/connections');
      const row = await rowOf('Orders');
      expect(screen.getAllByRole('button', { name: 'Add Connection' }).length).toBeGreaterThan(0);
      for (const action of ['Test Orders', 'Edit Orders', 'Delete Orders']) {
        expect(within(row).getByRole('button', { name: action })).toBeInTheDocument();
      }
    });

    it('hides what a user without write, delete or test permission may not do', async () => {
      server.use(
        http.get('/api/auth/session', () =>
          HttpResponse.json({ data: meAs('contributor', { permissions: ['connections:read'] }) }),
        ),
        ...connectionsApi([aConnection({ name: 'Orders' })]).handlers,
      );
      renderApp('/connections');
      const row = await rowOf('Orders');
      expect(screen.queryByRole('button', { name: 'Add Connection' })).not.toBeInTheDocument();
      expect(within(row).queryAllByRole('button')).toHaveLength(0);
    });

    it('shows a viewer no sidebar entry and a no-access page at the URL', async () => {
      server.use(signedInAs('viewer'));
      renderApp('/connections');
      expect(
        await screen.findByRole('heading', { name: 'You don’t have access' }),
      ).toBeInTheDocument();
      expect(screen.queryByRole('link', { name: 'Connections' })).not.toBeInTheDocument();
    });
  });

  describe('search, filter, sort and pages in the URL', () => {
    it('debounces the search and keeps it, with the type filter, in the URL', async () => {
      const api = connectionsApi([
        aConnection({ name: 'Orders', dbType: 'mysql' }),
        aConnection({ name: 'Orbit', dbType: 'postgresql' }),
      ]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await screen.findByText('Orbit');
      await userEvent.type(screen.getByLabelText('Search'), 'Or');
      await waitFor(() => expect(location.current).toBe('/connections?search=Or'));
      expect(api.sent.lists.some((q) => q.get('search') === 'O')).toBe(false);
      await userEvent.click(screen.getByLabelText('Database type'));
      await userEvent.click(await screen.findByRole('option', { name: 'MySQL / MariaDB' }));
      await waitFor(() => expect(screen.queryByText('Orbit')).not.toBeInTheDocument());
      expect(location.current).toBe('/connections?search=Or&dbType=mysql');
      expect(api.sent.lists.at(-1)?.get('dbType')).toBe('mysql');
    });

    it('restores page, size, sort and filters from the URL', async () => {
      const api = connectionsApi(
        Array.from({ length: 12 }, (_, i) => aConnection({ name: `DB ${i}` })),
      );
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections?page=2&pageSize=10&sortBy=name&sortOrder=asc');
      expect(await screen.findByText('DB 10')).toBeInTheDocument();
      const sent = api.sent.lists.at(-1)!;
      expect([
        sent.get('page'),
        sent.get('pageSize'),
        sent.get('sortBy'),
        sent.get('sortOrder'),
      ]).toEqual(['2', '10', 'name', 'asc']);
      expect(screen.getByText('11–12 of 12')).toBeInTheDocument();
    });

    it('sorts on the server by clicking a sortable column, toggling the order', async () => {
      const api = connectionsApi([aConnection({ name: 'A' })]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await screen.findByText('A');
      await userEvent.click(screen.getByRole('button', { name: 'Name' }));
      await waitFor(() => expect(location.current).toBe('/connections?sortBy=name&sortOrder=asc'));
      await userEvent.click(screen.getByRole('button', { name: 'Name' }));
      await waitFor(() => expect(location.current).toBe('/connections?sortBy=name&sortOrder=desc'));
      expect(api.sent.lists.at(-1)?.get('sortOrder')).toBe('desc');
      await userEvent.click(screen.getByRole('button', { name: 'Last tested' }));
      await waitFor(() => expect(api.sent.lists.at(-1)?.get('sortBy')).toBe('lastTestedAt'));
    });

    it('offers 10, 20 and 50 rows per page and goes back to page 1 on a new size', async () => {
      const api = connectionsApi(
        Array.from({ length: 30 }, (_, i) => aConnection({ name: `DB ${i}` })),
      );
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections?page=2');
      await screen.findByText('DB 20');
      await userEvent.click(screen.getByRole('combobox', { name: /Rows per page/ }));
      const options = await screen.findAllByRole('option');
      expect(options.map((o) => o.textContent)).toEqual(['10', '20', '50']);
      await userEvent.click(screen.getByRole('option', { name: '50' }));
      await waitFor(() => expect(location.current).toBe('/connections?pageSize=50'));
    });
  });

  describe('row actions', () => {
    it('tests a row, showing progress on that row and then its new status', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      const row = await rowOf('Orders');
      await userEvent.click(within(row).getByRole('button', { name: 'Test Orders' }));
      expect(await within(row).findByText('Testing…')).toBeInTheDocument();
      expect(await within(await rowOf('Orders')).findByText('Connected')).toBeInTheDocument();
      expect(await screen.findByText(/Orders: connection successful/)).toBeInTheDocument();
    });

    it('asks before deleting, naming the connection, and removes it', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(
        within(await rowOf('Orders')).getByRole('button', { name: 'Delete Orders' }),
      );
      const dialog = await screen.findByRole('dialog', { name: 'Delete Orders?' });
      await userEvent.click(within(dialog).getByRole('button', { name: 'Delete' }));
      expect(await screen.findByText('Deleted Orders')).toBeInTheDocument();
      expect(await screen.findByText('No connections yet')).toBeInTheDocument();
    });

    it('opens the dialog from Add Connection', async () => {
      server.use(signedInAs('admin'), ...connectionsApi([aConnection()]).handlers);
      renderApp('/connections');
      await userEvent.click((await screen.findAllByRole('button', { name: 'Add Connection' }))[0]!);
      expect(await screen.findByRole('dialog', { name: 'Add Connection' })).toBeInTheDocument();
    });
  });

  describe('errors', () => {
    it('shows the error with a retry that loads the list', async () => {
      let fail = true;
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      server.use(
        signedInAs('admin'),
        http.get('/api/connections', (info) =>
          fail
            ? problem(500, 'The list could not be loaded')
            : api.handlers[0]!.run(info).then((r) => r?.response),
        ),
      );
      renderApp('/connections');
      expect(await screen.findByText('The list could not be loaded')).toBeInTheDocument();
      fail = false;
      await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
      expect(await screen.findByText('Orders')).toBeInTheDocument();
    });

    it('shows a failed row test as an error notification and Failed status', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      api.state.savedTestResult = failing;
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(
        within(await rowOf('Orders')).getByRole('button', { name: 'Test Orders' }),
      );
      expect(await screen.findByText(/Orders: Password authentication failed/)).toBeInTheDocument();
      expect(await within(await rowOf('Orders')).findByText('Failed')).toBeInTheDocument();
    });
  });
});
