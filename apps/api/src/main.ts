import { runSluice } from './run-sluice';

runSluice();
