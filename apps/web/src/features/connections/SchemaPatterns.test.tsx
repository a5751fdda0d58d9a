import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { aConnection, connectionsApi } from './connectionsApi.mock';
import { renderApp } from '../../test/render';
import { button, fillPostgres, openAdd } from './connectionDialog.testkit';

describe('ConnectionDialog: schemas to read', () => {
  it('sends include and exclude patterns as lists, in the test and the create', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    await userEvent.type(within(dialog).getByLabelText('Include schemas'), 'sales, finance_*');
    await userEvent.type(within(dialog).getByLabelText('Exclude schemas'), ' tmp_* ,');
    await userEvent.click(button(dialog, 'Test Connection'));
    await waitFor(() => expect(button(dialog, 'Create')).toBeEnabled());
    const schemas = { include: ['sales', 'finance_*'], exclude: ['tmp_*'] };
    expect(api.sent.tests[0]).toMatchObject({ options: { schemas } });
    await userEvent.click(button(dialog, 'Create'));
    expect(await screen.findByText('Created Orders')).toBeInTheDocument();
    expect(api.sent.creates[0]).toMatchObject({ options: { schemas } });
  });

  it('shows a saved connection’s patterns and keeps its other options', async () => {
    const api = connectionsApi([
      aConnection({
        name: 'Warehouse',
        options: { schemas: { exclude: ['audit_*'] }, allowCleartextPassword: true },
      }),
    ]);
    server.use(signedInAs('admin'), ...api.handlers);
    renderApp('/connections');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Warehouse' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByLabelText('Exclude schemas')).toHaveValue('audit_*');
    expect(within(dialog).getByLabelText('Include schemas')).toHaveValue('');
    await userEvent.clear(within(dialog).getByLabelText('Exclude schemas'));
    await userEvent.type(within(dialog).getByLabelText('Exclude schemas'), 'audit_*, *_old');
    await userEvent.click(button(dialog, 'Test Connection'));
    await waitFor(() => expect(button(dialog, 'Save changes')).toBeEnabled());
    await userEvent.click(button(dialog, 'Save changes'));
    await waitFor(() => expect(api.sent.patches).toHaveLength(1));
    expect(api.sent.patches[0]?.body).toMatchObject({
      options: { schemas: { exclude: ['audit_*', '*_old'] }, allowCleartextPassword: true },
    });
  });
});
