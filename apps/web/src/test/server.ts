import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** Every page may land on the Overview after sign-in: it answers an empty one unless a test says otherwise. */
export const emptyOverview = http.get('/api/overview', () =>
  HttpResponse.json({ data: { connections: null, catalog: null, recentChanges: [] } }),
);

export const server = setupServer(emptyOverview);
