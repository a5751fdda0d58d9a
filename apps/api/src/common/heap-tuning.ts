import { setFlagsFromString } from 'node:v8';

/**
 * Turns off V8's allocation-site pretenuring for this process. Called first thing by every
 * process that serves Sluice (`runSluice`), before it has run a query: a site V8 has already
 * decided about stays decided.
 *
 * V8 watches where objects are made and, when nearly all of one site's objects outlive a young
 * collection, makes that site's objects in the old generation from then on. In a process's first
 * collections the young generation is still small (1 MB), so `pg`'s row parsing looks like such
 * a site (`--trace-pretenuring`: two sites, 100% found alive, "maybe tenure => tenure"), and the
 * V8 of Node 20 decides so; newer V8 makes no decision while the young generation is that small.
 * From then on every row is made old and dies young, and what it points to (its strings, a
 * context's column JSON) is kept by every young collection until the next full one, then
 * promoted. Measured on the same 100,000-table catalog, 8 calls at a time in process: a
 * context's table read promoted 21.8 kB a call, and 0.2 with this; a context 24.8, and 1.5.
 * `pg` alone (100 rows of 200 characters, 8 clients) promoted a quarter of all it allocated.
 * The old generation, filled by those rows and what they kept, needed a full collection every
 * few seconds under load, which is where the slowest searches gathered.
 *
 * What Sluice keeps for long (a connection's indexes as it loads them) is copied once more on
 * its way to the old generation instead, once per load.
 */
export function tuneHeap(): void {
  setFlagsFromString('--no-allocation-site-pretenuring');
}
