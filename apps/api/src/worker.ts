import { runSluice } from './run-sluice';

/** `npm run worker`: a process that only runs schema syncs, as SLUICE_ROLE=worker does. */
runSluice({ role: 'worker' });
