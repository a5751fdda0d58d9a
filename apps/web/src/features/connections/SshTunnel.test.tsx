import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { TestResult } from '@sluice/contracts';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { renderApp } from '../../test/render';
import { aConnection, connectionsApi, passing } from './connectionsApi.mock';
import { button, fillPostgres, openAdd } from './connectionDialog.testkit';
import { emptyValues, valuesFromString } from './connectionForm';

const KEY =
  '-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjEAAAAA\n-----END OPENSSH PRIVATE KEY-----\n';
const HOST_KEY = 'SHA256:nay9xMl0FC+C2ZuDWTcNUTjjrglUKaSCJueZYU6Fdcg';
const NEW_KEY = 'SHA256:zrOceOA2JyMXV+vhb+lv2gXsCKlrt7fxCqprUCMwy6E';

const throughBastion: TestResult = {
  ...passing,
  sshHostKey: HOST_KEY,
  stages: [
    { name: 'resolve', ok: true, ms: 1 },
    { name: 'ssh_connect', ok: true, ms: 20 },
    { name: 'ssh_authenticate', ok: true, ms: 30 },
    { name: 'connect', ok: true, ms: 5 },
    { name: 'authenticate', ok: true, ms: 40 },
    { name: 'query', ok: true, ms: 4 },
  ],
};

describe('the SSH tunnel section', () => {
  it('a pasted connection string (no SSH syntax) leaves the tunnel section as it was', () => {
    const current = {
      ...emptyValues(),
      ssh: { ...emptyValues().ssh, enabled: true, host: 'bastion', username: 'tunnel' },
    };
    const next = valuesFromString(current, {
      host: 'db.internal',
      port: 5432,
      databaseName: 'shop',
      username: 'app',
      options: {},
    });
    expect(next.ssh).toEqual(current.ssh);
    expect(next.host).toBe('db.internal');
  });

  it('sends the bastion and a key read from a file; shows the SSH stages and the host key', async () => {
    const api = connectionsApi();
    api.state.testResult = throughBastion;
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    expect(within(dialog).queryByLabelText(/SSH Host/)).not.toBeInTheDocument();
    await userEvent.click(within(dialog).getByLabelText('Connect through an SSH tunnel'));
    await userEvent.type(within(dialog).getByLabelText(/SSH Host/), 'bastion.example.com');
    await userEvent.type(within(dialog).getByLabelText(/SSH Username/), 'tunnel');
    const file = new File([KEY], 'id_ed25519', { type: 'text/plain' });
    await userEvent.upload(within(dialog).getByLabelText('SSH private key file'), file);
    await waitFor(() => expect(within(dialog).getByLabelText(/SSH Private Key/)).toHaveValue(KEY));
    await userEvent.click(button(dialog, 'Test Connection'));
    await within(dialog).findByText('Connection successful (145 ms)');
    expect(api.sent.tests[0]).toMatchObject({
      host: 'db.example.com',
      sshTunnel: {
        host: 'bastion.example.com',
        port: 22,
        username: 'tunnel',
        authMethod: 'key',
      },
      sshPrivateKey: KEY,
    });
    expect(within(dialog).getByText('SSH connect ✓ 20 ms')).toBeInTheDocument();
    expect(within(dialog).getByText('SSH sign-in ✓ 30 ms')).toBeInTheDocument();
    expect(
      within(dialog).getByText(`Through the SSH bastion, host key ${HOST_KEY}`),
    ).toBeInTheDocument();
    await userEvent.click(button(dialog, 'Create'));
    expect(await screen.findByText('Created Orders')).toBeInTheDocument();
    expect(api.sent.creates[0]).toMatchObject({
      sshTunnel: { host: 'bastion.example.com' },
      sshPrivateKey: KEY,
      testReceipt: 'receipt-1',
    });
  });

  it('says which SSH field is missing before anything is sent', async () => {
    const api = connectionsApi();
    server.use(signedInAs('admin'), ...api.handlers);
    const dialog = await openAdd();
    await fillPostgres(dialog);
    await userEvent.click(within(dialog).getByLabelText('Connect through an SSH tunnel'));
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(await within(dialog).findByText('SSH host is required')).toBeInTheDocument();
    expect(within(dialog).getByText('SSH username is required')).toBeInTheDocument();
    expect(api.sent.tests).toHaveLength(0);
  });

  it('after a host key mismatch, accepting the new key pins it and tests again', async () => {
    const tunnelled = aConnection({
      name: 'Orders',
      sshTunnel: {
        host: 'bastion.example.com',
        port: 22,
        username: 'tunnel',
        authMethod: 'key',
        hostKeyFingerprint: HOST_KEY,
      },
      hasSshCredential: true,
    });
    const api = connectionsApi([tunnelled]);
    api.state.testResult = {
      ...throughBastion,
      success: false,
      message: `The SSH server bastion.example.com:22 showed the host key ${NEW_KEY}, not the pinned ${HOST_KEY}`,
      errorCode: 'SSH_HOST_KEY_MISMATCH',
      hint: 'If the bastion was reinstalled or its key rotated, accept the new host key.',
      sshHostKey: NEW_KEY,
      stages: [
        { name: 'resolve', ok: true, ms: 1 },
        { name: 'ssh_connect', ok: false, ms: 20 },
      ],
      serverVersion: null,
      privileges: null,
    };
    const accepted: string[] = [];
    server.use(
      signedInAs('admin'),
      ...api.handlers,
      http.put('/api/connections/:id/ssh-host-key', async ({ request }) => {
        const { fingerprint } = (await request.json()) as { fingerprint: string };
        accepted.push(fingerprint);
        api.state.testResult = { ...throughBastion, sshHostKey: fingerprint };
        tunnelled.sshTunnel = { ...tunnelled.sshTunnel!, hostKeyFingerprint: fingerprint };
        return HttpResponse.json({ data: { ...tunnelled, version: tunnelled.version + 1 } });
      }),
    );
    renderApp('/connections');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Orders' }));
    const dialog = await screen.findByRole('dialog', { name: 'Edit Orders' });
    expect(within(dialog).getByText(`Pinned host key: ${HOST_KEY}`)).toBeInTheDocument();
    expect(within(dialog).getByText(/Leave blank to keep the stored key/)).toBeInTheDocument();
    await userEvent.click(button(dialog, 'Test Connection'));
    expect(
      await within(dialog).findByText(/Failed at: SSH connect · SSH_HOST_KEY_MISMATCH/),
    ).toBeInTheDocument();
    await userEvent.click(button(dialog, 'Accept new host key'));
    await within(dialog).findByText('Connection successful (145 ms)');
    expect(accepted).toEqual([NEW_KEY]);
    expect(api.sent.tests).toHaveLength(2);
    expect(within(dialog).getByText(`Pinned host key: ${NEW_KEY}`)).toBeInTheDocument();
  });
});
