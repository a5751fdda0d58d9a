import { Inject, Injectable } from '@nestjs/common';
import {
  type CatalogContext,
  type CatalogContextQuery,
  type CatalogSearchHit,
  type CatalogSearchQuery,
  type CatalogSearchResponse,
  type ContextTable,
} from '@sluice/contracts';
import { CatalogRepository } from '../catalog.repository';
import { EMBEDDING_PROVIDER, type EmbeddingProvider } from '../embeddings/embedding-provider';
import { bridgesOf, contextTableOf, withinBudget } from './catalog-context';
import { CatalogSearchRepository, type ContextObject } from './catalog-search.repository';
import {
  fuseHits,
  fuseTables,
  groupByTable,
  isPending,
  readPending,
  reasonOf,
  tableKey,
  type FusedHit,
  type Reasoned,
  type TableRef,
} from './rank-fusion';
import { QuestionMeaning } from './question-meaning';
import { TableDirectory } from './table-directory';
import { WordIndex } from './word-index';

/** How many candidates each ranking gives the fusion. */
const CANDIDATES = 100;
/** Lexical candidates when paging: enough hits for SEARCH_MAX_TABLES tables. */
const PAGED_CANDIDATES = 1_000;
/** Each way of matching counts up to this many rows; past it the total is "at least". */
const TOTAL_CAP = 500;
/** How many tables meaning adds to a search's hits. */
const MEANING = 10;

/** The context of a search that may look nowhere. */
const NO_CONTEXT: CatalogContext = { tables: [], text: '', truncated: false, semantic: false };

/** One question's candidates from each ranking. */
interface Candidates {
  names: CatalogSearchHit[];
  words: Awaited<ReturnType<WordIndex['search']>>;
  meaning: Awaited<ReturnType<QuestionMeaning['nearest']>>;
}

/** Which connections a search may look in, and whether hidden columns are left out. */
export interface SearchScope {
  connectionIds?: string[];
  withoutHidden?: boolean;
}

/**
 * Catalog retrieval: lexical ranking (names, identifier words, comments) fused with vector
 * ranking when a provider is configured, as search hits or as a question's context (the
 * relevant tables and those joining them, as compact DDL within a budget).
 */
@Injectable()
export class CatalogRetrieval {
  constructor(
    private readonly catalog: CatalogRepository,
    private readonly index: CatalogSearchRepository,
    private readonly meaning: QuestionMeaning,
    private readonly wordIndex: WordIndex,
    private readonly directory: TableDirectory,
    @Inject(EMBEDDING_PROVIDER) private readonly provider: EmbeddingProvider | null,
  ) {}

  async search(query: CatalogSearchQuery, scope: SearchScope = {}): Promise<CatalogSearchHit[]> {
    return this.read((await this.ranked(query, scope)).slice(0, query.limit));
  }

  /**
   * A page of search results with the number of tables that match: the best `limit` hits, or,
   * with `page`, the page's tables with every matching column of each. Only pages count (a
   * person reading "62 tables match"); a tool's search gets the tables among the ranked
   * candidates, a lower bound when the candidates ran out, and no counting query.
   */
  async searchPage(
    query: CatalogSearchQuery,
    scope: SearchScope = {},
  ): Promise<CatalogSearchResponse> {
    const ids = idsOf(query.connectionId, scope);
    const [hits, maybeCounted] = await Promise.all([
      this.ranked(query, scope),
      ids?.length === 0 || !query.page
        ? null
        : this.index.countMatches(query, ids ?? undefined, TOTAL_CAP),
    ]);
    // Only a page needs the hits grouped; a tool's search counts its tables.
    const tables = query.page ? groupByTable(hits) : null;
    const found = tables?.length ?? new Set(hits.map(tableKey)).size;
    const counted = maybeCounted ?? { total: found, capped: hits.length >= CANDIDATES };
    const total = Math.max(counted.total, found);
    const meta = {
      total,
      totalIsLowerBound: counted.capped,
      page: query.page ?? null,
      limit: query.limit,
    };
    if (!query.page || !tables) return { data: await this.read(hits.slice(0, query.limit)), meta };
    const start = (query.page - 1) * query.limit;
    return { data: await this.read(tables.slice(start, start + query.limit).flat()), meta };
  }

  /** The connections a search can be narrowed to. */
  connections() {
    return this.catalog.catalogConnections();
  }

  /** Every candidate hit, fused and ranked, narrowed to the schema and kind asked for. */
  private async ranked(query: CatalogSearchQuery, scope: SearchScope): Promise<FusedHit[]> {
    const ids = idsOf(query.connectionId, scope);
    if (ids?.length === 0) return [];
    const lexical = query.mode !== 'semantic' || !this.provider;
    const [names, words, meaning] = await Promise.all([
      lexical
        ? this.catalog.search(
            {
              q: query.q,
              limit: query.page ? PAGED_CANDIDATES : CANDIDATES,
              schema: query.schema,
              kind: query.kind,
            },
            { connectionIds: ids ?? undefined, withoutHidden: scope.withoutHidden === true },
          )
        : [],
      lexical ? this.words(query.q, ids) : [],
      // Meaning adds its nearest few: every table is somewhat near, and a list of all is noise.
      query.mode === 'lexical'
        ? []
        : this.meaning.nearest(query.q, ids, Math.min(query.limit, MEANING)),
    ]);
    return this.hitsOf({ names, words, meaning }, query);
  }

  /**
   * The hits fused from a question's candidates, narrowed to the schema and kind asked for.
   * Tables only words or meaning found stay pending (unread) unless a kind must be checked.
   */
  private async hitsOf(found: Candidates, query: CatalogSearchQuery): Promise<FusedHit[]> {
    const meaning = found.meaning.map((t) => ({ ...t, reasons: ['semantic' as const] }));
    const fused = fuseHits(found.names, [found.words, meaning]);
    const narrowed = query.kind ? await this.read(fused) : fused;
    return narrowed.filter(
      (h) =>
        (!query.schema || h.schemaName === query.schema) &&
        (!query.kind || (!isPending(h) && h.objectKind === query.kind)),
    );
  }

  /**
   * A tool's search and the question's context together (MCP's search_catalog): the names,
   * words and meaning are read once for both, hidden columns left out of both.
   */
  async searchWithContext(
    search: CatalogSearchQuery,
    context: CatalogContextQuery,
    scope: SearchScope,
  ): Promise<{ hits: CatalogSearchHit[]; context: CatalogContext }> {
    const ids = idsOf(search.connectionId, scope);
    if (ids?.length === 0) return { hits: [], context: NO_CONTEXT };
    const hitMeaning = Math.min(search.limit, MEANING);
    const found = await this.candidates(search.q, ids, Math.max(hitMeaning, context.maxTables * 2));
    const [hits, fitted] = await Promise.all([
      this.hitsOf({ ...found, meaning: found.meaning.slice(0, hitMeaning) }, search).then((h) =>
        this.read(h.slice(0, search.limit)),
      ),
      this.contextOf(found, context),
    ]);
    return { hits, context: fitted };
  }

  /** What a context ranks: names and comments (never a hidden column), words, meaning. */
  private async candidates(q: string, ids: string[] | null, meaning: number): Promise<Candidates> {
    const [names, words, near] = await Promise.all([
      // A hidden column ranks nothing: a context never shows it, nor should it pick a table.
      this.catalog.search(
        { q, limit: CANDIDATES },
        { connectionIds: ids ?? undefined, withoutHidden: true },
      ),
      this.words(q, ids),
      this.meaning.nearest(q, ids, meaning),
    ]);
    return { names, words, meaning: near };
  }

  async context(query: CatalogContextQuery, scope: SearchScope = {}): Promise<CatalogContext> {
    const ids = idsOf(query.connectionId, scope);
    if (ids?.length === 0) return NO_CONTEXT;
    return this.contextOf(await this.candidates(query.q, ids, query.maxTables * 2), query);
  }

  private async contextOf(
    { names, words, meaning }: Candidates,
    query: CatalogContextQuery,
  ): Promise<CatalogContext> {
    const ranked = fuseTables([
      { items: names, reasons: (i) => [reasonOf(names[i]!)] },
      { items: words, reasons: (i) => words[i]!.reasons },
      { items: meaning, reasons: () => ['semantic'] },
    ]).slice(0, query.maxTables);
    // The joins come from the index in memory: the ranked tables and their bridges in one read.
    const withBridges = await this.addBridges(ranked, Math.max(2, Math.ceil(query.maxTables / 2)));
    const objects = await this.objectsOf(withBridges);
    const tables = withBridges
      .map((t) => contextTableOf(t, objects.get(tableKey(t))))
      .filter((t): t is ContextTable & { label: string } => t !== null);
    const labels = new Map(tables.map((t) => [t.connectionId, t.label]));
    const fitted = withinBudget(
      tables.map(({ label: _label, ...t }) => t),
      query.maxChars,
      (t) => labels.get(t.connectionId) ?? t.connectionName,
    );
    return { ...fitted, semantic: meaning.length > 0 };
  }

  private words(question: string, ids: string[] | null) {
    return this.wordIndex.search(question, ids, CANDIDATES);
  }

  /** The pending hits among `hits` read (from memory); unknown tables left out. */
  private read(hits: FusedHit[]): Promise<CatalogSearchHit[]> {
    return readPending(hits, (tables) => this.directory.tableHits(tables));
  }

  private async addBridges(ranked: Reasoned[], max: number) {
    const out: (Reasoned & { joins: string[] })[] = ranked.map((t) => ({
      ...t,
      joins: [],
    }));
    for (const connectionId of new Set(ranked.map((t) => t.connectionId))) {
      const mine = ranked.filter((t) => t.connectionId === connectionId);
      if (mine.length < 2) continue;
      const neighbours = await this.wordIndex.neighbours(connectionId, mine);
      const byName = new Map(neighbours.map((n) => [n.name, n]));
      const selected = mine.map((t) => {
        const name = `${t.schemaName}.${t.objectName}`;
        return { name, refs: byName.get(name)?.refs ?? [] };
      });
      for (const bridge of bridgesOf(selected, neighbours, max)) {
        const table = byName.get(bridge.name);
        if (!table) continue;
        const { schemaName, objectName } = table;
        out.push({ connectionId, schemaName, objectName, reasons: [], joins: bridge.joins });
      }
    }
    return out;
  }

  /** The tables' objects with their columns and connection: one read per connection. */
  private async objectsOf(tables: TableRef[]): Promise<Map<string, ContextObject>> {
    const out = new Map<string, ContextObject>();
    for (const connectionId of new Set(tables.map((t) => t.connectionId))) {
      const mine = tables.filter((t) => t.connectionId === connectionId);
      for (const o of await this.index.contextObjects(connectionId, mine))
        out.set(tableKey({ connectionId, schemaName: o.schemaName, objectName: o.name }), o);
    }
    return out;
  }
}

function idsOf(connectionId: string | undefined, scope: SearchScope): string[] | null {
  if (!connectionId) return scope.connectionIds ?? null;
  if (scope.connectionIds && !scope.connectionIds.includes(connectionId)) return [];
  return [connectionId];
}
