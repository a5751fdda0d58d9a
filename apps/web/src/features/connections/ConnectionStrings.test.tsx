import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { connectionsApi, passing } from './connectionsApi.mock';
import { button, fillPostgres, openAdd } from './connectionDialog.testkit';

describe('ConnectionDialog: strings, key pairs and privileges', () => {
  it('fills the guided fields from a pasted connection string, password included, and records the mode', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connection string' }));
    await userEvent.type(
      within(dialog).getByLabelText('Connection string'),
      'postgresql://ann:p%40ss@db.example.com:6543/shop?sslmode=require',
    );
    await userEvent.click(button(dialog, 'Fill the form'));
    expect(
      await within(dialog).findByText(/Filled from the connection string/),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Host/)).toHaveValue('db.example.com');
    expect(within(dialog).getByLabelText(/^Port/)).toHaveValue(6543);
    expect(within(dialog).getByLabelText('Username')).toHaveValue('ann');
    expect(within(dialog).getByLabelText('Password')).toHaveValue('p@ss');
    expect(within(dialog).getByLabelText('Use SSL')).toBeChecked();
    await userEvent.type(within(dialog).getByLabelText(/Connection Name/), 'Shop');
    await userEvent.click(button(dialog, 'Test Connection'));
    await waitFor(() => expect(button(dialog, 'Create')).toBeEnabled());
    expect(api.sent.tests[0]).toMatchObject({
      host: 'db.example.com',
      port: 6543,
      password: 'p@ss',
      useSsl: true,
    });
    await userEvent.click(button(dialog, 'Create'));
    await screen.findByText('Created Shop');
    expect(api.sent.creates[0]).toMatchObject({
      connectionMode: 'connection_string',
      databaseName: 'shop',
    });
  });

  it('follows a pasted URL’s scheme to its database type, and lifts the labels of filled fields', async () => {
    server.use(signedInAs('admin'), ...connectionsApi().handlers);
    const dialog = await openAdd();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connection string' }));
    await userEvent.type(
      within(dialog).getByLabelText('Connection string'),
      'mysql://ann:secret@db.example.com:3307/shop',
    );
    await userEvent.click(button(dialog, 'Fill the form'));
    expect(
      await within(dialog).findByText(/a MySQL \/ MariaDB URL: the type is now MySQL \/ MariaDB/),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Database Type/)).toHaveValue('MySQL / MariaDB');
    expect(within(dialog).getByLabelText(/^Host/)).toHaveValue('db.example.com');
    expect(within(dialog).getByLabelText(/^Port/)).toHaveValue(3307);
    // A label over a value it does not know about would be drawn across it.
    for (const label of [/^Host/, /^Port/, /^Database Name/, /^Username/, /^Password/])
      expect(within(dialog).getByText(label, { selector: 'label' })).toHaveAttribute(
        'data-shrink',
        'true',
      );
  });

  it('says which parameter of a pasted string it refuses', async () => {
    server.use(signedInAs('admin'), ...connectionsApi().handlers);
    const dialog = await openAdd();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Connection string' }));
    await userEvent.type(
      within(dialog).getByLabelText('Connection string'),
      'postgresql://ann@db/app?sslkey=/root/key',
    );
    await userEvent.click(button(dialog, 'Fill the form'));
    expect(
      await within(dialog).findByText(/The parameter "sslkey" is not accepted/),
    ).toBeInTheDocument();
    expect(within(dialog).getByLabelText(/^Host/)).toHaveValue('');
  });

  it('offers Snowflake key-pair authentication in place of the password', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await userEvent.click(within(dialog).getByLabelText(/Database Type/));
    await userEvent.click(await screen.findByRole('option', { name: 'Snowflake' }));
    await userEvent.type(within(dialog).getByLabelText(/Connection Name/), 'Warehouse');
    await userEvent.click(within(dialog).getByLabelText(/^Host/));
    await userEvent.paste('xy12345.snowflakecomputing.com');
    await userEvent.type(within(dialog).getByLabelText(/Account/), 'xy12345');
    await userEvent.click(within(dialog).getByLabelText('Authentication'));
    await userEvent.click(await screen.findByRole('option', { name: 'Key pair' }));
    expect(within(dialog).queryByLabelText('Password')).not.toBeInTheDocument();
    await userEvent.type(within(dialog).getByLabelText('Private Key (PEM)'), 'not a key');
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(await within(dialog).findByText(/must be a PEM private key/)).toBeInTheDocument();
    await userEvent.clear(within(dialog).getByLabelText('Private Key (PEM)'));
    // Pasted, as a key is: typed key by key, each keystroke re-renders the whole form.
    await userEvent.paste('-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----');
    await userEvent.type(within(dialog).getByLabelText('Private Key Passphrase'), 'pp');
    await userEvent.click(button(dialog, 'Test Connection'));
    await waitFor(() => expect(button(dialog, 'Create')).toBeEnabled());
    await userEvent.click(button(dialog, 'Create'));
    await screen.findByText('Created Warehouse');
    expect(api.sent.creates[0]).toMatchObject({
      dbType: 'snowflake',
      port: 443,
      options: { account: 'xy12345', authenticator: 'key_pair' },
      privateKey: '-----BEGIN PRIVATE KEY-----\nMIIEv\n-----END PRIVATE KEY-----\n',
      privateKeyPassphrase: 'pp',
    });
    expect(api.sent.creates[0]).not.toHaveProperty('password');
  });

  it('shows the privileges warning for a credential that can write', async () => {
    const api = connectionsApi();
    api.state.testResult = {
      ...passing,
      privileges: { canWrite: true, superuser: true, notes: [] },
    };
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(
      await within(dialog).findByText(/This credential can write \(superuser\)/),
    ).toBeInTheDocument();
  });
});
