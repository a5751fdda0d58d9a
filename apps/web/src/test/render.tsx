import { render } from '@testing-library/react';
import { MemoryRouter, Route, Routes, useLocation } from 'react-router-dom';
import { App } from '../app/App';
import { createQueryClient, Providers } from '../app/Providers';

export const location = { current: '' };

function LocationProbe() {
  const here = useLocation();
  location.current = `${here.pathname}${here.search}`;
  return null;
}

/** The whole app at a URL, with a fresh query cache; the API is whatever MSW answers. */
export function renderApp(url = '/') {
  const client = createQueryClient();
  client.setDefaultOptions({ queries: { retry: false, refetchOnWindowFocus: false } });
  return render(
    <MemoryRouter initialEntries={[url]}>
      <Providers client={client}>
        <App />
        <Routes>
          <Route path="*" element={<LocationProbe />} />
        </Routes>
      </Providers>
    </MemoryRouter>,
  );
}
