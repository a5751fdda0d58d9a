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
      mustChangePassword: true,
    });
  });

  it('asks for a new password at the next sign-in when an admin sets one, unless unticked', async () => {
    const ada = aUser({ name: 'Ada', role: 'contributor' });
    const { handler } = usersApi([ada, aUser({ name: 'Bob', mustChangePassword: true })]);
    const patched: unknown[] = [];
    server.use(
      signedInAs('admin'),
      handler,
      http.patch('/api/users/:id', async ({ request }) => {
        patched.push(await request.json());
        return HttpResponse.json({ data: ada });
      }),
    );
    renderApp('/users');
    const table = await screen.findByRole('table', { name: 'Users' });
    const bob = (await within(table).findByText('Bob')).closest('tr')!;
    expect(within(bob).getByText('New password asked')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Edit Ada' }));
    let dialog = await screen.findByRole('dialog');
    const ask = () =>
      within(dialog).getByRole('checkbox', { name: 'Ask for a new password at the next sign-in' });
    expect(ask()).not.toBeChecked();
    await userEvent.type(within(dialog).getByLabelText('New password'), 'temporary-pw-1');
    await waitFor(() => expect(ask()).toBeChecked());
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await screen.findByText('User saved');
    expect(patched.at(-1)).toEqual({ password: 'temporary-pw-1', mustChangePassword: true });
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await userEvent.click(screen.getByRole('button', { name: 'Edit Ada' }));
    dialog = await screen.findByRole('dialog');
    await userEvent.click(ask());
    await userEvent.click(ask());
    expect(ask()).not.toBeChecked();
    await userEvent.type(within(dialog).getByLabelText('New password'), 'temporary-pw-2');
    expect(ask()).not.toBeChecked();
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save changes' }));
    await waitFor(() => expect(patched).toHaveLength(2));
    expect(patched.at(-1)).toEqual({ password: 'temporary-pw-2' });
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
