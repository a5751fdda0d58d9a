import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { aConnection, connectionsApi, failing } from './connectionsApi.mock';
import { renderApp } from '../../test/render';
import { button, fillPostgres, openAdd } from './connectionDialog.testkit';

describe('ConnectionDialog', () => {
  it('shows the spec’s fields with readable labels', async () => {
    server.use(signedInAs('admin'), ...connectionsApi().handlers);
    const dialog = await openAdd();
    for (const label of [
      /Connection Name/,
      'Description',
      /Database Type/,
      /^Host/,
      /^Port/,
      'Database Name',
      'Username',
      'Password',
      'Use SSL',
      'Purpose',
    ]) {
      expect(within(dialog).getByLabelText(label)).toBeInTheDocument();
    }
  });

  it('shows the type-specific fields and auto-fills the port unless it was edited', async () => {
    server.use(signedInAs('admin'), ...connectionsApi().handlers);
    const dialog = await openAdd();
    const port = within(dialog).getByLabelText(/^Port/);
    expect(port).toHaveValue(5432);
    const choose = async (label: string) => {
      await userEvent.click(within(dialog).getByLabelText(/Database Type/));
      await userEvent.click(await screen.findByRole('option', { name: label }));
    };
    await choose('Databricks');
    expect(port).toHaveValue(443);
    expect(within(dialog).getByLabelText(/HTTP Path/)).toBeInTheDocument();
    // A warehouse token, no username, and always HTTPS: no "Use SSL" to get wrong.
    expect(within(dialog).getByLabelText('Personal Access Token')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Username')).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Use SSL')).not.toBeInTheDocument();
    await choose('Snowflake');
    for (const label of [/Account/, 'Warehouse', 'Role', 'Default schema', 'Username'])
      expect(within(dialog).getByLabelText(label)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Use SSL')).not.toBeInTheDocument();
    await choose('SQL Server');
    expect(port).toHaveValue(1433);
    for (const label of ['Instance Name', 'Encrypt Connection', 'Trust Server Certificate'])
      expect(within(dialog).getByLabelText(label)).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Use SSL')).not.toBeInTheDocument();
    await choose('Oracle');
    expect(within(dialog).getByLabelText('Service Name')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Use SSL')).toBeInTheDocument();
    await userEvent.clear(port);
    await userEvent.type(port, '1600');
    await choose('PostgreSQL');
    expect(port).toHaveValue(1600);
    // The schemas a sync reads, as patterns; no "Schema" field that changes nothing.
    expect(within(dialog).getByLabelText('Include schemas')).toBeInTheDocument();
    expect(within(dialog).getByLabelText('Exclude schemas')).toBeInTheDocument();
    expect(within(dialog).queryByLabelText('Schema')).not.toBeInTheDocument();
    await choose('SQLite');
    expect(within(dialog).queryByLabelText('Include schemas')).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/^Host/)).not.toBeInTheDocument();
    expect(within(dialog).queryByLabelText(/^Port/)).not.toBeInTheDocument();
    expect(within(dialog).getByLabelText(/Database File/)).toBeInTheDocument();
  });

  it('shows the contracts’ field errors before sending anything', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await userEvent.click(within(dialog).getByLabelText(/Database Type/));
    await userEvent.click(await screen.findByRole('option', { name: 'Databricks' }));
    await userEvent.clear(within(dialog).getByLabelText(/^Port/));
    await userEvent.type(within(dialog).getByLabelText(/^Port/), '70000');
    await userEvent.click(button(dialog, 'Test Connection'));
    // Each error names its field.
    expect(await within(dialog).findByText('Name is required')).toBeInTheDocument();
    expect(within(dialog).getByText('Host is required')).toBeInTheDocument();
    expect(
      within(dialog).getByText('Port must be a whole number from 1 to 65535'),
    ).toBeInTheDocument();
    expect(within(dialog).getByText('HTTP Path is required for Databricks')).toBeInTheDocument();
    expect(api.sent.tests).toHaveLength(0);
  });

  it('enables Create only after the current values passed a test; any edit resets it', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    expect(button(dialog, 'Create')).toBeDisabled();
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(await within(dialog).findByText('Connection successful (145 ms)')).toBeInTheDocument();
    expect(within(dialog).getByText('Server: PostgreSQL 17.6')).toBeInTheDocument();
    await waitFor(() => expect(button(dialog, 'Create')).toBeEnabled());
    expect(api.sent.tests[0]).toEqual({
      dbType: 'postgresql',
      host: 'db.example.com',
      port: 5432,
      databaseName: 'shop',
      username: 'app',
      useSsl: false,
      options: {},
      password: 's3cret',
    });
    await userEvent.type(within(dialog).getByLabelText(/^Host/), 'x');
    expect(button(dialog, 'Create')).toBeDisabled();
    expect(within(dialog).getByText(/You changed the form since this test/)).toBeInTheDocument();
    await userEvent.clear(within(dialog).getByLabelText(/^Host/));
    await userEvent.type(within(dialog).getByLabelText(/^Host/), 'db.example.com');
    await waitFor(() => expect(button(dialog, 'Create')).toBeEnabled());
    await userEvent.click(button(dialog, 'Create'));
    expect(await screen.findByText('Created Orders')).toBeInTheDocument();
    expect(api.sent.creates[0]).toMatchObject({
      name: 'Orders',
      host: 'db.example.com',
      password: 's3cret',
      // The test of exactly these values (back as they were tested) becomes the last test.
      testReceipt: 'receipt-1',
    });
  });

  it('offers certificate verification over SSL, with a pasted CA, and tests with both', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    expect(within(dialog).queryByLabelText('Verify the server certificate')).toBeNull();
    await userEvent.click(within(dialog).getByLabelText('Use SSL'));
    expect(within(dialog).queryByLabelText('CA certificate (PEM)')).toBeNull();
    await userEvent.click(within(dialog).getByLabelText('Verify the server certificate'));
    const ca = within(dialog).getByLabelText('CA certificate (PEM)');
    await userEvent.type(ca, 'not a certificate');
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(
      await within(dialog).findByText(
        'CA certificate (PEM) must be a PEM certificate (-----BEGIN CERTIFICATE----- …)',
      ),
    ).toBeInTheDocument();
    expect(api.sent.tests).toHaveLength(0);

    await userEvent.clear(ca);
    await userEvent.click(ca);
    await userEvent.paste('-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----');
    await userEvent.click(button(dialog, 'Test Connection'));
    await within(dialog).findByText('Connection successful (145 ms)');
    expect(api.sent.tests[0]).toMatchObject({
      useSsl: true,
      options: {
        verifyServerCertificate: true,
        caCertificate: '-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n',
      },
    });
  });

  it('shows a failed test with its message, hint and stage, and offers to save after confirming', async () => {
    const api = connectionsApi();
    api.state.testResult = failing;
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(await within(dialog).findByText(failing.message)).toBeInTheDocument();
    expect(within(dialog).getByText(failing.hint!)).toBeInTheDocument();
    expect(within(dialog).getByText(/Failed at: authenticate · AUTH_FAILED/)).toBeInTheDocument();
    expect(button(dialog, 'Create')).toBeDisabled();
    await userEvent.click(button(dialog, 'Save without a passing test'));
    const confirm = await screen.findByRole('dialog', { name: 'Save without a passing test?' });
    await userEvent.click(within(confirm).getByRole('button', { name: 'Save anyway' }));
    expect(await screen.findByText('Created Orders')).toBeInTheDocument();
    expect(api.sent.creates).toHaveLength(1);
  });

  describe('edit mode', () => {
    it('keeps the stored password when left blank, tests with it, and sends only changes with If-Match', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders', version: 4 })]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(await screen.findByRole('button', { name: 'Edit Orders' }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit Orders' });
      expect(within(dialog).getByText('Leave blank to keep existing')).toBeInTheDocument();
      await userEvent.clear(within(dialog).getByLabelText(/^Port/));
      await userEvent.type(within(dialog).getByLabelText(/^Port/), '6432');
      await userEvent.click(button(dialog, 'Test Connection'));
      await within(dialog).findByText('Connection successful (145 ms)');
      expect(api.sent.tests[0]).toMatchObject({ port: 6432, connectionId: api.rows[0]!.id });
      expect(api.sent.tests[0]).not.toHaveProperty('password');
      await waitFor(() => expect(button(dialog, 'Save changes')).toBeEnabled());
      await userEvent.click(button(dialog, 'Save changes'));
      expect(await screen.findByText('Saved Orders')).toBeInTheDocument();
      // The dialog's test of exactly these values goes with the save, as their last test.
      expect(api.sent.patches[0]).toEqual({
        body: { port: 6432, testReceipt: 'receipt-1' },
        ifMatch: '"4"',
      });
    });

    it('saves a new name or description at once: only target fields need a new test', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(await screen.findByRole('button', { name: 'Edit Orders' }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit Orders' });
      await userEvent.type(within(dialog).getByLabelText('Description'), 'Shop orders');
      expect(button(dialog, 'Save changes')).toBeEnabled();
      await userEvent.type(within(dialog).getByLabelText('Database Name'), '2');
      expect(button(dialog, 'Save changes')).toBeDisabled();
      await userEvent.clear(within(dialog).getByLabelText('Database Name'));
      await userEvent.type(within(dialog).getByLabelText('Database Name'), 'app');
      await userEvent.click(button(dialog, 'Save changes'));
      expect(await screen.findByText('Saved Orders')).toBeInTheDocument();
      expect(api.sent.tests).toHaveLength(0);
      expect(api.sent.patches[0]?.body).toEqual({ description: 'Shop orders' });
    });

    it('sends "" when the stored password is removed', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(await screen.findByRole('button', { name: 'Edit Orders' }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit Orders' });
      await userEvent.click(button(dialog, 'Remove stored password'));
      await userEvent.click(button(dialog, 'Test Connection'));
      await waitFor(() => expect(button(dialog, 'Save changes')).toBeEnabled());
      expect(api.sent.tests[0]).not.toHaveProperty('connectionId');
      await userEvent.click(button(dialog, 'Save changes'));
      await screen.findByText('Saved Orders');
      expect(api.sent.patches[0]?.body).toEqual({ password: '', testReceipt: 'receipt-1' });
    });

    it('tells the user about a concurrent change (412) and reloads on request', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      api.state.patchStatus = 412;
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(await screen.findByRole('button', { name: 'Edit Orders' }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit Orders' });
      await userEvent.type(within(dialog).getByLabelText('Description'), 'mine');
      await userEvent.click(button(dialog, 'Test Connection'));
      await waitFor(() => expect(button(dialog, 'Save changes')).toBeEnabled());
      api.rows[0]!.description = 'theirs';
      await userEvent.click(button(dialog, 'Save changes'));
      expect(
        await within(dialog).findByText(/Someone else changed this connection/),
      ).toBeInTheDocument();
      await userEvent.click(button(dialog, 'Reload'));
      await waitFor(() =>
        expect(within(dialog).getByLabelText('Description')).toHaveValue('theirs'),
      );
    });

    it('puts a server 400 on its field', async () => {
      const api = connectionsApi([aConnection({ name: 'Orders' })]);
      api.state.patchStatus = 400;
      server.use(signedInAs('admin'), ...api.handlers);
      renderApp('/connections');
      await userEvent.click(await screen.findByRole('button', { name: 'Edit Orders' }));
      const dialog = await screen.findByRole('dialog', { name: 'Edit Orders' });
      await userEvent.type(within(dialog).getByLabelText('Description'), 'x');
      await userEvent.click(button(dialog, 'Test Connection'));
      await waitFor(() => expect(button(dialog, 'Save changes')).toBeEnabled());
      await userEvent.click(button(dialog, 'Save changes'));
      expect(
        await within(dialog).findByText('must be a hostname or an IP address'),
      ).toBeInTheDocument();
    });
  });
});
