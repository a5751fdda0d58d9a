import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderApp } from '../../test/render';

/** The connections page, signed in already, with the Add Connection dialog open. */
export async function openAdd() {
  renderApp('/connections');
  await userEvent.click((await screen.findAllByRole('button', { name: 'Add Connection' }))[0]!);
  return screen.findByRole('dialog', { name: 'Add Connection' });
}

/** Types a PostgreSQL connection's fields, as a person would. */
export async function fillPostgres(dialog: HTMLElement) {
  await userEvent.type(within(dialog).getByLabelText(/Connection Name/), 'Orders');
  await userEvent.type(within(dialog).getByLabelText(/^Host/), 'db.example.com');
  await userEvent.type(within(dialog).getByLabelText('Database Name'), 'shop');
  await userEvent.type(within(dialog).getByLabelText('Username'), 'app');
  await userEvent.type(within(dialog).getByLabelText('Password'), 's3cret');
}

export const button = (dialog: HTMLElement, name: string) =>
  within(dialog).getByRole('button', { name });
