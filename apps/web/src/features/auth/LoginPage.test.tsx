import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { describe, expect, it } from 'vitest';
import { server } from '../../test/server';
import { meAs, problem, signedInAs } from '../../test/fixtures';
import { renderApp } from '../../test/render';

describe('LoginPage', () => {
  it('shows the sign-in form to a visitor without a session', async () => {
    server.use(signedInAs(null));
    renderApp('/users');
    expect(await screen.findByRole('heading', { name: 'Sluice' })).toBeInTheDocument();
    expect(screen.getByLabelText(/Email/)).toBeInTheDocument();
    expect(screen.getByLabelText(/Password/)).toBeInTheDocument();
  });

  it('shows field errors from the contract before sending anything', async () => {
    let calls = 0;
    server.use(
      signedInAs(null),
      http.post('/api/auth/login', () => {
        calls += 1;
        return HttpResponse.json({});
      }),
    );
    renderApp();
    await userEvent.type(await screen.findByLabelText(/Email/), 'not-an-email');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByText('must be an email address')).toBeInTheDocument();
    expect(screen.getByText('is required')).toBeInTheDocument();
    expect(calls).toBe(0);
  });

  it('shows the API’s message for wrong credentials', async () => {
    server.use(
      signedInAs(null),
      http.post('/api/auth/login', () => problem(401, 'Email or password is incorrect')),
    );
    renderApp();
    await userEvent.type(await screen.findByLabelText(/Email/), 'a@example.com');
    await userEvent.type(screen.getByLabelText(/Password/), 'wrong');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Email or password is incorrect');
  });

  it('signs in and shows the app shell with the user’s name', async () => {
    let body: unknown;
    server.use(
      signedInAs(null),
      http.post('/api/auth/login', async ({ request }) => {
        body = await request.json();
        return HttpResponse.json({
          data: { accessToken: 'x.y.z', expiresIn: 3600, user: meAs('admin') },
        });
      }),
    );
    renderApp();
    await userEvent.type(await screen.findByLabelText(/Email/), 'Admin@Example.com');
    await userEvent.type(screen.getByLabelText(/Password/), 'the-password');
    await userEvent.click(screen.getByRole('button', { name: 'Sign in' }));
    expect(
      await screen.findByRole('heading', { name: 'Welcome, Admin Person' }),
    ).toBeInTheDocument();
    expect(body).toEqual({ email: 'admin@example.com', password: 'the-password' });
  });
});
