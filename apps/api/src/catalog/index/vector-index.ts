import { Injectable } from '@nestjs/common';
import { CatalogSearchRepository } from './catalog-search.repository';
import { PgvectorRepository, type VectorHit } from './pgvector.repository';
import { VectorRows } from './dot-products';
import { HammingCodes } from './hamming';
import { IndexVersions, PerConnectionCache, type Kept } from './per-connection-cache';
import { numberTables, type TableNames } from './table-names';
import { higherFirst } from './top-k';

/**
 * One connection's vectors as one matrix: row i is the document of tables[owner[i]]. Each row
 * also has a binary code (the signs of the vector minus the connection's mean, one bit per
 * dimension, counted in WebAssembly): a first pass by Hamming distance over the codes picks
 * candidates, which are then ranked by exact cosine (also in WebAssembly, see VectorRows). At
 * 100,000 rows the first pass takes under a millisecond where the exact scan takes sixty.
 */
interface Matrix extends Kept {
  dimensions: number;
  tables: TableNames;
  owner: Uint32Array;
  vectors: VectorRows;
  mean: Float32Array;
  codes: HammingCodes;
}

/** Candidates the binary pass hands to exact ranking: many more than asked, for recall. */
const OVERSAMPLE = 20;
const MIN_CANDIDATES = 400;

/** The most bytes of vectors one process keeps; the least recently searched go first. */
const MAX_BYTES = 1024 * 1024 * 1024;

/**
 * The catalog's vectors in memory, one matrix per connection, searched by cosine (vectors are
 * stored normalized, so a dot product). A matrix is loaded on first search and kept until the
 * connection's index version changes: the change feed drops the versions read, and the next
 * search reloads only the connections whose version moved. PostgreSQL without pgvector cannot
 * search vectors itself; the binary first pass keeps 100,000 rows to milliseconds. With
 * pgvector (see PgvectorRepository), its HNSW index answers instead.
 */
@Injectable()
export class VectorIndex {
  private readonly matrices: PerConnectionCache<Matrix>;

  constructor(
    private readonly repository: CatalogSearchRepository,
    versions: IndexVersions,
    private readonly pgvector: PgvectorRepository,
  ) {
    this.matrices = new PerConnectionCache(versions, MAX_BYTES);
  }

  /** Bytes of vectors held now. */
  get bytes(): number {
    return this.matrices.bytes;
  }

  async search(
    query: Float32Array,
    model: string,
    connectionIds: string[] | null,
    limit: number,
  ): Promise<VectorHit[]> {
    // With pgvector's index, PostgreSQL answers, and no matrix is loaded.
    if (await this.pgvector.serves(query.length))
      return this.pgvector.search(query, model, connectionIds, limit);
    const matrices = await this.matrices.each(connectionIds, model, (id) => this.load(id, model));
    const hits: VectorHit[] = [];
    for (const { id, value: matrix } of matrices) {
      if (matrix.dimensions !== query.length || matrix.owner.length === 0) continue;
      for (const h of best(matrix, query, limit))
        hits.push({
          connectionId: id,
          schemaName: h.schemaName,
          objectName: h.objectName,
          similarity: h.similarity,
        });
    }
    return hits.sort((a, b) => higherFirst(a.similarity, b.similarity)).slice(0, limit);
  }

  private async load(id: string, model: string): Promise<Matrix> {
    const rows = await this.repository.vectors(id, model);
    const dimensions = rows[0] ? rows[0].v.byteLength / 4 : 0;
    const vectors = new VectorRows(rows.length, dimensions);
    const owner = new Uint32Array(rows.length);
    const { names: tables, numberOf } = numberTables();
    rows.forEach((row, i) => {
      if (row.v.byteLength === dimensions * 4)
        vectors.row(i).set(new Float32Array(row.v.buffer, row.v.byteOffset, dimensions));
      owner[i] = numberOf(row.s, row.o);
    });
    const { mean, codes } = binaryCodes(vectors);
    const bytes = vectors.bytes + codes.bytes + tables.bytes;
    return { bytes, dimensions, tables, owner, vectors, mean, codes };
  }
}

/** Each row's signs around the mean, one bit per dimension. */
function binaryCodes(vectors: VectorRows) {
  const { data, rows, dimensions, stride } = vectors;
  const mean = new Float32Array(dimensions);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < dimensions; j++) mean[j]! += data[r * stride + j]!;
  for (let j = 0; j < dimensions; j++) mean[j]! /= Math.max(1, rows);
  const codes = new HammingCodes(rows, dimensions);
  for (let r = 0; r < rows; r++)
    codes.codes.set(codeOf(vectors.row(r), mean, codes.words), r * codes.words);
  return { mean, codes };
}

function codeOf(vector: Float32Array, mean: Float32Array, words: number): Uint32Array {
  const code = new Uint32Array(words);
  for (let j = 0; j < vector.length; j++)
    if (vector[j]! > mean[j]!) code[j >>> 5]! |= 1 << (j & 31);
  return code;
}

/** The `limit` tables most similar to `query` (a table's best part counts). */
function best(matrix: Matrix, query: Float32Array, limit: number) {
  const { owner, tables } = matrix;
  const code = codeOf(query, matrix.mean, matrix.codes.words);
  const rows = matrix.codes.nearest(code, Math.max(MIN_CANDIDATES, limit * OVERSAMPLE));
  const dots = matrix.vectors.scores(query, rows);
  // The candidates best first (equal scores by the lower table number): a table's first
  // candidate in this order is its best part. Only a few hundred are sorted, and no map of
  // tables is built (a search made one of 400 entries, a fifth of its garbage).
  const order = new Uint32Array(rows.length);
  // A plain loop: Uint32Array.from with a function boxed each number (40 kB a search).
  for (let k = 0; k < order.length; k++) order[k] = k;
  order.sort((a, b) => higherFirst(dots[a]!, dots[b]!) || owner[rows[a]!]! - owner[rows[b]!]!);
  const taken = new Set<number>();
  const hits: { schemaName: string; objectName: string; similarity: number }[] = [];
  for (let i = 0; i < order.length && hits.length < limit; i++) {
    const k = order[i]!;
    const t = owner[rows[k]!]!;
    if (taken.has(t)) continue;
    taken.add(t);
    const similarity = dots[k]!;
    hits.push({ schemaName: tables.schemaName(t), objectName: tables.objectName(t), similarity });
  }
  return hits;
}
