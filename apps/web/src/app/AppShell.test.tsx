import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../test/server';
import { signedInAs } from '../test/fixtures';
import { renderApp } from '../test/render';

const emptyPage = { items: [], total: 0, page: 1, pageSize: 20, totalPages: 0 };

describe('AppShell', () => {
  it('shows an admin every sidebar entry', async () => {
    server.use(signedInAs('admin'));
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Overview', 'Connections', 'Catalog', 'Query', 'Users', 'Alerts', 'Audit log']);
  });

  it('shows a viewer the overview and the catalog, and what their role is for', async () => {
    server.use(signedInAs('viewer'));
    renderApp();
    const nav = await screen.findByRole('navigation', { name: 'Main' });
    expect(
      within(nav)
        .getAllByRole('link')
        .map((l) => l.textContent),
    ).toEqual(['Overview', 'Catalog']);
    expect(screen.getByText(/Browses and searches the catalog/)).toBeInTheDocument();
  });

  it('shows a viewer who types /users a no-access page, not a broken one', async () => {
    server.use(signedInAs('viewer'));
    renderApp('/users');
    expect(
      await screen.findByRole('heading', { name: 'You don’t have access' }),
    ).toBeInTheDocument();
  });

  it('signs out and returns to the sign-in form', async () => {
    let loggedOut = false;
    server.use(
      signedInAs('admin'),
      http.get('/api/users', () => HttpResponse.json({ data: emptyPage })),
      http.post('/api/auth/logout', () => {
        loggedOut = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'Sign out' }));
    await waitFor(() => expect(loggedOut).toBe(true));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });

  it('signs out everywhere from the sign-out menu, ending every session', async () => {
    let everywhere = false;
    server.use(
      signedInAs('contributor'),
      http.post('/api/auth/logout-everywhere', () => {
        everywhere = true;
        return new HttpResponse(null, { status: 204 });
      }),
    );
    renderApp();
    await userEvent.click(await screen.findByRole('button', { name: 'More sign-out options' }));
    await userEvent.click(await screen.findByRole('menuitem', { name: 'Sign out everywhere' }));
    await waitFor(() => expect(everywhere).toBe(true));
    expect(await screen.findByRole('button', { name: 'Sign in' })).toBeInTheDocument();
  });
});
