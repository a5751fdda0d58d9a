import { screen, within } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { Overview } from '@sluice/contracts';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { renderApp } from '../../test/render';

const overview: Overview = {
  connections: {
    total: 12,
    connected: 8,
    failing: 2,
    down: 1,
    untested: 1,
    disabled: 1,
    syncing: 3,
  },
  catalog: { connections: 9, tables: 10_400, embeddedTables: 0 },
  recentChanges: [
    {
      connectionId: '00000000-0000-4000-8000-000000000001',
      connectionName: 'Shop',
      syncedAt: new Date(Date.now() - 5 * 60_000).toISOString(),
      tablesAdded: 2,
      tablesRemoved: 0,
      columnsAdded: 0,
      columnsRemoved: 0,
      columnsChanged: 1,
    },
  ],
};

describe('The Overview page', () => {
  it('shows connections by status as filters, the catalog, and recent schema changes', async () => {
    server.use(
      signedInAs('admin'),
      http.get('/api/overview', () => HttpResponse.json({ data: overview })),
    );
    renderApp('/');
    const connections = await screen.findByRole('region', { name: 'Connections' });
    expect(within(connections).getByRole('link', { name: '12 connections' })).toHaveAttribute(
      'href',
      '/connections',
    );
    expect(within(connections).getByRole('link', { name: 'Failing: 2' })).toHaveAttribute(
      'href',
      '/connections?status=failing',
    );
    expect(within(connections).getByText('3 schema syncs under way')).toBeInTheDocument();
    const catalog = screen.getByRole('region', { name: 'Catalog' });
    expect(catalog).toHaveTextContent('10,400 tables in 9 catalogs');
    expect(catalog).toHaveTextContent('Shop: +2 tables, 1 column changed · 5 minutes ago');
    // No raw permission strings any more.
    expect(screen.queryByText('connections:read')).not.toBeInTheDocument();
  });

  it('tells a user without permissions to ask an admin', async () => {
    server.use(signedInAs('viewer'));
    renderApp('/');
    expect(await screen.findByText(/Ask an admin for access/)).toBeInTheDocument();
  });
});
