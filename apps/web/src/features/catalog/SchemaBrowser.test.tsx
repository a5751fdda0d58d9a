import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import type { MatchReason } from '@sluice/contracts';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { aConnection, connectionsApi } from '../connections/connectionsApi.mock';
import { aCatalogObject, aColumn, schemaApi } from './catalogApi.mock';
import { location, renderApp } from '../../test/render';

describe('Schema browser', () => {
  const catalog = [
    aCatalogObject({
      schemaName: 'sales',
      name: 'orders',
      comment: 'One row per order',
      rowEstimate: 1200,
      primaryKey: ['id'],
      foreignKeys: [
        {
          name: 'orders_customer_fk',
          columns: ['customer_id'],
          referencedSchema: 'sales',
          referencedTable: 'customers',
          referencedColumns: ['id'],
        },
      ],
      indexes: [{ name: 'orders_placed_idx', columns: ['placed_at'], unique: false }],
      columns: [
        { ...aColumn('id', 'bigint', 1), nullable: false },
        aColumn('customer_id', 'bigint', 2),
        { ...aColumn('placed_at', 'timestamptz', 3), comment: 'When the order was paid' },
      ],
    }),
    aCatalogObject({ schemaName: 'sales', name: 'customers', columns: [aColumn('id', 'bigint')] }),
    aCatalogObject({ schemaName: 'hr', name: 'staff', kind: 'view' }),
  ];
  const readyConnection = () =>
    aConnection({
      name: 'Shop',
      schemaStatus: 'ready',
      schemaIngestedAt: '2026-02-01T10:00:00.000Z',
      schemaMessage: '3 tables and views, 4 columns',
    });

  it('lists tables and views, and opens one to its columns, keys and indexes', async () => {
    const api = connectionsApi([readyConnection()]);
    server.use(signedInAs('admin'), ...api.handlers, ...schemaApi(api.rows, catalog).handlers);
    renderApp(`/connections/${api.rows[0]!.id}/schema`);
    expect(await screen.findByRole('heading', { name: 'Schema of Shop' })).toBeInTheDocument();
    expect(screen.getByText(/3 tables and views, 4 columns/)).toBeInTheDocument();
    const table = await screen.findByRole('table', { name: 'Tables and views' });
    const orders = within(table).getByText('orders').closest('tr')!;
    expect(within(orders).getByText('Table')).toBeInTheDocument();
    expect(within(orders).getByText('~1,200')).toBeInTheDocument();
    expect(within(orders).getByText('One row per order')).toBeInTheDocument();
    expect(within(within(table).getByText('staff').closest('tr')!).getByText('View')).toBeVisible();

    await userEvent.click(
      within(orders).getByRole('button', { name: 'Show the columns of sales.orders' }),
    );
    const columns = await screen.findByRole('table', { name: 'Columns of sales.orders' });
    const cells = (name: string) =>
      Array.from(within(columns).getByText(name).closest('tr')!.querySelectorAll('td')).map(
        (td) => td.textContent,
      );
    // An admin sees each column's AI tag as a picker (None until set).
    expect(cells('id')).toEqual(['id', 'bigint', 'no', '', 'PK', '', 'None']);
    expect(cells('customer_id')).toEqual([
      'customer_id',
      'bigint',
      'yes',
      '',
      '→ sales.customers.id',
      '',
      'None',
    ]);
    expect(cells('placed_at')[5]).toBe('When the order was paid');
    expect(screen.getByText(/orders_placed_idx \(placed_at\)/)).toBeInTheDocument();
  });

  it('searches and filters by schema through the API, keeping both in the URL', async () => {
    const api = connectionsApi([readyConnection()]);
    const schema = schemaApi(api.rows, catalog);
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    const id = api.rows[0]!.id;
    renderApp(`/connections/${id}/schema`);
    await userEvent.type(await screen.findByLabelText('Search'), 'customer');
    await waitFor(() => expect(schema.sent.lists.at(-1)?.get('search')).toBe('customer'));
    const table = screen.getByRole('table', { name: 'Tables and views' });
    await waitFor(() => expect(within(table).queryByText('staff')).not.toBeInTheDocument());
    expect(within(table).getByText('orders')).toBeInTheDocument();
    expect(within(table).getByText('customers')).toBeInTheDocument();

    await userEvent.click(screen.getByLabelText('Schema'));
    await userEvent.click(await screen.findByRole('option', { name: 'hr' }));
    await waitFor(() => expect(schema.sent.lists.at(-1)?.get('schema')).toBe('hr'));
    expect(location.current).toBe(`/connections/${id}/schema?search=customer&schema=hr`);
    expect(await screen.findByText('No tables match')).toBeInTheDocument();
  });

  it('says a schema was never read, and syncs it on request', async () => {
    const api = connectionsApi([aConnection({ name: 'Fresh' })]);
    const schema = schemaApi(api.rows);
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    renderApp(`/connections/${api.rows[0]!.id}/schema`);
    expect(await screen.findByText('The schema has not been read yet')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Sync now' }));
    expect(await screen.findByText('Fresh: schema sync queued')).toBeInTheDocument();
    expect(await screen.findByText('Queued')).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sync now' })).toBeDisabled();
    expect(schema.sent.syncs).toEqual([api.rows[0]!.id]);
  });

  it('cancels a running sync', async () => {
    const api = connectionsApi([
      aConnection({
        name: 'Busy',
        schemaStatus: 'ingesting',
        schemaProgress: { tablesDone: 1, tablesTotal: 9 },
      }),
    ]);
    const schema = schemaApi(api.rows);
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    renderApp(`/connections/${api.rows[0]!.id}/schema`);
    expect(await screen.findByText('Ingesting… 1/9')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Cancel sync' }));
    expect(await screen.findByText('Busy: schema sync cancelled')).toBeInTheDocument();
    expect(await screen.findByText('Not synced')).toBeInTheDocument();
    expect(schema.sent.cancels).toEqual([api.rows[0]!.id]);
  });

  it('lists what recent syncs changed', async () => {
    const api = connectionsApi([readyConnection()]);
    const schema = schemaApi(api.rows, catalog);
    schema.state.changes = [
      {
        id: '55555555-5555-4555-8555-000000000001',
        syncedAt: '2026-02-02T10:00:00.000Z',
        tablesAdded: ['sales.refunds'],
        tablesRemoved: [],
        columnsAdded: [],
        columnsRemoved: [],
        columnsChanged: [
          { table: 'sales.orders', column: 'total', dataType: 'numeric', previousDataType: 'int' },
        ],
        truncated: false,
        counts: {
          tablesAdded: 1,
          tablesRemoved: 0,
          columnsAdded: 0,
          columnsRemoved: 0,
          columnsChanged: 1,
        },
      },
    ];
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    renderApp(`/connections/${api.rows[0]!.id}/schema`);
    const section = await screen.findByRole('region', { name: 'Recent schema changes' });
    expect(
      await within(section).findByText(/1 table added, 1 column changed type/),
    ).toBeInTheDocument();
    expect(within(section).getByText(/\+ sales\.refunds/)).toBeInTheDocument();
    expect(within(section).getByText(/~ sales\.orders\.total int → numeric/)).toBeInTheDocument();
  });
});

describe('Catalog search', () => {
  it('searches every catalog after two characters and links each hit to its schema browser', async () => {
    const api = connectionsApi([aConnection({ name: 'Shop' })]);
    const schema = schemaApi(api.rows);
    const id = api.rows[0]!.id;
    schema.state.hits = [
      {
        connectionId: id,
        connectionName: 'Shop',
        dbType: 'postgresql',
        schemaName: 'sales',
        objectName: 'customers',
        objectKind: 'table',
        columnName: 'email',
        dataType: 'text',
        comment: 'Login and contact address',
        matched: 'column',
        reasons: ['column', 'semantic'],
        score: 3,
        tag: null,
      },
      {
        connectionId: id,
        connectionName: 'Shop',
        dbType: 'postgresql',
        schemaName: 'sales',
        objectName: 'customers',
        objectKind: 'table',
        columnName: 'email_verified',
        dataType: 'boolean',
        comment: null,
        matched: 'column',
        reasons: ['column', 'name'],
        score: 2,
        tag: null,
      },
    ];
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    renderApp('/catalog');
    expect(await screen.findByText('Type at least two characters.')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Search the catalog'), 'email');
    const results = await screen.findByRole('table', { name: 'Catalog search results' });
    // One row per table: both matching columns in it, the match marked, every reason once.
    await within(results).findByRole('link', { name: 'sales.customers' });
    const rows = within(results).getAllByRole('row').slice(1);
    expect(rows).toHaveLength(1);
    const hit = rows[0]!;
    expect(
      within(hit)
        .getAllByText('email')
        .map((m) => m.tagName),
    ).toEqual(['MARK', 'MARK']);
    expect(hit).toHaveTextContent('email text');
    expect(hit).toHaveTextContent('email_verified boolean');
    const why = within(hit).getByRole('list', { name: 'Why it matched' });
    expect(
      within(why)
        .getAllByRole('listitem')
        .map((li) => li.textContent),
    ).toEqual(['Column names', 'Meaning', 'Table name']);
    expect(within(hit).getByText('Login and contact address')).toBeInTheDocument();
    expect(within(hit).getByRole('link', { name: 'sales.customers' })).toHaveAttribute(
      'href',
      `/connections/${id}/schema?search=customers&schema=sales&open=customers&column=email`,
    );
    expect(screen.getByRole('status')).toHaveTextContent('1 table or view matches “email”');
    expect(schema.sent.searches).toEqual(['email']);
    expect(location.current).toBe('/catalog?q=email');

    await userEvent.clear(screen.getByLabelText('Search the catalog'));
    await userEvent.type(screen.getByLabelText('Search the catalog'), 'zzz');
    expect(await screen.findByText('Nothing matches “zzz”.')).toBeInTheDocument();
  });

  it('asks in plain words for the tables a question needs, with why and their DDL', async () => {
    const api = connectionsApi([aConnection({ name: 'Shop' })]);
    const schema = schemaApi(api.rows);
    const id = api.rows[0]!.id;
    const table = (name: string, reasons: MatchReason[], joins: string[] = []) => ({
      connectionId: id,
      connectionName: 'Shop',
      dbType: 'postgresql' as const,
      schemaName: 'sales',
      name,
      reasons,
      joins,
      ddl: `TABLE sales.${name}\n  id bigint NOT NULL PK`,
    });
    schema.state.context = {
      tables: [
        table('inv_hdr', ['comment', 'semantic']),
        table('products', ['name']),
        table('inv_line', [], ['sales.inv_hdr', 'sales.products']),
      ],
      text: 'TABLE sales.inv_hdr …',
      truncated: false,
      semantic: true,
    };
    server.use(signedInAs('admin'), ...api.handlers, ...schema.handlers);
    renderApp('/catalog');
    await userEvent.click(await screen.findByRole('button', { name: 'Ask in plain words' }));
    await userEvent.type(screen.getByLabelText('Your question'), 'invoiced amount per product');
    const invoice = await screen.findByRole('region', { name: 'sales.inv_hdr' });
    expect(within(invoice).getByText('Meaning')).toBeInTheDocument();
    expect(within(invoice).getByText(/TABLE sales\.inv_hdr/)).toBeInTheDocument();
    const bridge = screen.getByRole('region', { name: 'sales.inv_line' });
    expect(within(bridge).getByText('Joins sales.inv_hdr and sales.products')).toBeInTheDocument();
    expect(screen.getByText(/3 tables for “invoiced amount per product”/)).toBeInTheDocument();
    expect(schema.sent.contexts).toEqual(['invoiced amount per product']);
    expect(schema.sent.searches).toEqual([]);
    expect(location.current).toBe('/catalog?mode=ask&q=invoiced+amount+per+product');
  });
});
