import { Injectable } from '@nestjs/common';
import { AnswerCache } from '../../common/answer-cache';
import { ChangeFeed } from '../../db/change-feed';
import { CatalogSearchRepository } from './catalog-search.repository';

/** One connection's vectors as one matrix: row i is the document of tables[owner[i]]. */
interface Matrix {
  version: number;
  model: string;
  dimensions: number;
  tables: { schemaName: string; objectName: string }[];
  owner: Uint32Array;
  data: Float32Array;
}

export interface VectorHit {
  connectionId: string;
  schemaName: string;
  objectName: string;
  similarity: number;
}

/** The most bytes of vectors one process keeps; the least recently searched go first. */
const MAX_BYTES = 1024 * 1024 * 1024;

/**
 * The catalog's vectors in memory, one matrix per connection, searched by cosine (vectors are
 * stored normalized, so a dot product). A matrix is loaded on first search and kept until the
 * connection's index version changes: the change feed drops the versions read, and the next
 * search reloads only the connections whose version moved. PostgreSQL without pgvector cannot
 * search vectors itself; a flat scan of 100,000 rows takes milliseconds.
 */
@Injectable()
export class VectorIndex {
  private readonly matrices = new Map<string, Matrix>();
  private readonly loading = new Map<string, Promise<Matrix>>();
  private readonly versionCache: AnswerCache<Map<string, number>>;

  constructor(
    private readonly repository: CatalogSearchRepository,
    changes: ChangeFeed,
  ) {
    this.versionCache = new AnswerCache(changes, {
      tables: ['catalog_index_status'],
      maxEntries: 1,
      ttlMs: 60_000,
    });
  }

  /** Bytes of vectors held now. */
  get bytes(): number {
    let total = 0;
    for (const m of this.matrices.values()) total += m.data.byteLength;
    return total;
  }

  async search(
    query: Float32Array,
    model: string,
    connectionIds: string[] | null,
    limit: number,
  ): Promise<VectorHit[]> {
    const versions = await this.versionCache.get('all', () => this.repository.versions());
    const hits: VectorHit[] = [];
    for (const id of connectionIds ?? versions.keys()) {
      const version = versions.get(id);
      if (version === undefined) continue;
      const matrix = await this.matrixOf(id, version, model);
      if (matrix.dimensions !== query.length) continue;
      hits.push(...best(matrix, query, limit).map((h) => ({ connectionId: id, ...h })));
    }
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }

  private async matrixOf(id: string, version: number, model: string): Promise<Matrix> {
    const kept = this.matrices.get(id);
    if (kept && kept.version === version && kept.model === model) {
      this.matrices.delete(id);
      this.matrices.set(id, kept);
      return kept;
    }
    const key = `${id}:${version}:${model}`;
    let pending = this.loading.get(key);
    if (!pending) {
      pending = this.load(id, version, model).finally(() => this.loading.delete(key));
      this.loading.set(key, pending);
    }
    return pending;
  }

  private async load(id: string, version: number, model: string): Promise<Matrix> {
    const rows = await this.repository.vectors(id, model);
    const dimensions = rows[0] ? rows[0].v.byteLength / 4 : 0;
    const data = new Float32Array(rows.length * dimensions);
    const owner = new Uint32Array(rows.length);
    const tables: Matrix['tables'] = [];
    const index = new Map<string, number>();
    rows.forEach((row, i) => {
      if (row.v.byteLength === dimensions * 4)
        data.set(new Float32Array(row.v.buffer, row.v.byteOffset, dimensions), i * dimensions);
      const name = `${row.s}\u0000${row.o}`;
      let t = index.get(name);
      if (t === undefined) {
        t = tables.push({ schemaName: row.s, objectName: row.o }) - 1;
        index.set(name, t);
      }
      owner[i] = t;
    });
    const matrix = { version, model, dimensions, tables, owner, data };
    this.matrices.delete(id);
    this.matrices.set(id, matrix);
    let bytes = this.bytes;
    for (const [other, m] of this.matrices) {
      if (bytes <= MAX_BYTES || other === id) break;
      this.matrices.delete(other);
      bytes -= m.data.byteLength;
    }
    return matrix;
  }
}

/** The `limit` tables most similar to `query` (a table's best part counts). */
function best(matrix: Matrix, query: Float32Array, limit: number) {
  const { data, dimensions, owner, tables } = matrix;
  const scores = new Float32Array(tables.length).fill(-Infinity);
  for (let row = 0, base = 0; row < owner.length; row++, base += dimensions) {
    let dot = 0;
    for (let j = 0; j < dimensions; j++) dot += data[base + j]! * query[j]!;
    const t = owner[row]!;
    if (dot > scores[t]!) scores[t] = dot;
  }
  const top: { t: number; s: number }[] = [];
  for (let t = 0; t < scores.length; t++) {
    const s = scores[t]!;
    if (top.length === limit && s <= top[limit - 1]!.s) continue;
    let at = top.length;
    while (at > 0 && top[at - 1]!.s < s) at--;
    top.splice(at, 0, { t, s });
    if (top.length > limit) top.pop();
  }
  return top.map(({ t, s }) => ({ ...tables[t]!, similarity: s }));
}
