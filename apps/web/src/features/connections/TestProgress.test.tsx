import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { signedInAs } from '../../test/fixtures';
import { connectionsApi } from './connectionsApi.mock';
import { button, fillPostgres, openAdd } from './connectionDialog.testkit';

const line = (value: unknown) => new TextEncoder().encode(`${JSON.stringify(value)}\n`);

describe('a test shown while it runs', () => {
  it('marks each stage as the server streams it, then shows the result', async () => {
    let finish: () => void = () => undefined;
    const accepts: (string | null)[] = [];
    server.use(
      signedInAs('admin'),
      http.post('/api/connections/test', ({ request }) => {
        accepts.push(request.headers.get('accept'));
        const body = new ReadableStream<Uint8Array>({
          start(controller) {
            controller.enqueue(line({ stage: { name: 'resolve', ok: true, ms: 4 } }));
            controller.enqueue(line({ stage: { name: 'connect', ok: true, ms: 12 } }));
            finish = () => {
              controller.enqueue(line({ stage: { name: 'authenticate', ok: true, ms: 30 } }));
              controller.enqueue(line({ stage: { name: 'query', ok: true, ms: 5 } }));
              controller.enqueue(
                line({
                  data: {
                    success: true,
                    message: 'Connection successful',
                    latencyMs: 51,
                    errorCode: null,
                    hint: null,
                    serverVersion: 'PostgreSQL 17.6',
                    stages: [],
                    privileges: null,
                    receipt: 'r',
                  },
                }),
              );
              controller.close();
            };
          },
        });
        return new HttpResponse(body, {
          status: 200,
          headers: { 'content-type': 'application/x-ndjson; charset=utf-8' },
        });
      }),
      ...connectionsApi().handlers,
    );
    const dialog = await openAdd();
    await fillPostgres(dialog);
    await userEvent.click(button(dialog, 'Test Connection'));
    const stages = await within(dialog).findByRole('list', { name: 'Test stages' });
    await within(stages).findByLabelText('connect: passed');
    expect(within(stages).getByLabelText('resolve: passed')).toHaveTextContent('resolve ✓ 4 ms');
    expect(within(stages).getByLabelText('authenticate: under way')).toBeInTheDocument();
    expect(within(stages).getByLabelText('query: to come')).toBeInTheDocument();
    expect(accepts[0]).toContain('application/x-ndjson');
    finish();
    expect(await within(dialog).findByText('Connection successful (51 ms)')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('list', { name: 'Test stages' })).toBeNull());
  });
});
