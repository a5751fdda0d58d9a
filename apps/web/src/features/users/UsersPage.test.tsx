import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import type { User } from '@sluice/contracts';
import { server } from '../../test/server';
import { aUser, meAs, problem, signedInAs } from '../../test/fixtures';
import { location, renderApp } from '../../test/render';

function usersApi(users: User[]) {
  const seen: URL[] = [];
  const handler = http.get('/api/users', ({ request }) => {
    const url = new URL(request.url);
    seen.push(url);
    const search = url.searchParams.get('search') ?? '';
    const items = users.filter((u) => u.email.includes(search) || u.name.includes(search));
    return HttpResponse.json({
      data: { items, total: items.length, page: 1, pageSize: 20, totalPages: 1 },
    });
  });
  return { handler, seen };
}

describe('UsersPage', () => {
  it('lists users with role and status', async () => {
    const { handler } = usersApi([
      aUser({ name: 'Ada', role: 'contributor' }),
      aUser({ name: 'Bob', isActive: false }),
    ]);
    server.use(signedInAs('admin'), handler);
    renderApp('/users');
    const table = await screen.findByRole('table', { name: 'Users' });
    const ada = (await within(table).findByText('Ada')).closest('tr')!;
    expect(within(ada).getByText('Contributor')).toBeInTheDocument();
    const bob = within(table).getByText('Bob').closest('tr')!;
    expect(within(bob).getByText('Deactivated')).toBeInTheDocument();
  });

  it('searches after typing pauses and keeps the search in the URL', async () => {
    const { handler, seen } = usersApi([aUser({ name: 'Ada' }), aUser({ name: 'Bob' })]);
    server.use(signedInAs('admin'), handler);
    renderApp('/users');
    await screen.findByText('Ada');
    await userEvent.type(screen.getByLabelText('Search'), 'Bob');
    await waitFor(() => expect(screen.queryByText('Ada')).not.toBeInTheDocument());
    expect(location.current).toBe('/users?search=Bob');
    expect(seen.at(-1)?.searchParams.get('search')).toBe('Bob');
    expect(seen.some((u) => u.searchParams.get('search') === 'B')).toBe(false);
  });

  it('creates a user and shows a notification', async () => {
    const { handler } = usersApi([]);
    let posted: unknown;
    server.use(
      signedInAs('admin'),
      handler,
      http.post('/api/users', async ({ request }) => {
        posted = await request.json();
        return HttpResponse.json({ data: aUser() }, { status: 201 });
      }),
    );
    renderApp('/users');
    await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Email'), 'new@example.com');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'New Person');
    await userEvent.type(within(dialog).getByLabelText('Password'), 'long-enough-pw');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await screen.findByText('User created')).toBeInTheDocument();
    expect(posted).toEqual({
      email: 'new@example.com',
      name: 'New Person',
      role: 'viewer',
      password: 'long-enough-pw',
    });
  });

  it('puts a 409 from the server on the email field', async () => {
    const { handler } = usersApi([]);
    server.use(
      signedInAs('admin'),
      handler,
      http.post('/api/users', () => problem(409, 'exists')),
    );
    renderApp('/users');
    await userEvent.click(await screen.findByRole('button', { name: 'Add user' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(within(dialog).getByLabelText('Email'), 'dup@example.com');
    await userEvent.type(within(dialog).getByLabelText('Name'), 'Dup');
    await userEvent.type(within(dialog).getByLabelText('Password'), 'long-enough-pw');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Create user' }));
    expect(await within(dialog).findByText('A user with this email exists')).toBeInTheDocument();
  });

  it('does not let an admin change their own role', async () => {
    const self = aUser({ id: meAs('admin').id, name: 'Me Myself', role: 'admin' });
    const { handler } = usersApi([self]);
    server.use(signedInAs('admin'), handler);
    renderApp('/users');
    await userEvent.click(await screen.findByRole('button', { name: 'Edit Me Myself' }));
    const dialog = await screen.findByRole('dialog');
    expect(within(dialog).getByText('You cannot change your own role')).toBeInTheDocument();
  });
});
