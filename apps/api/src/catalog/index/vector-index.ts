import { Injectable } from '@nestjs/common';
import { CatalogSearchRepository } from './catalog-search.repository';
import { topK } from './top-k';
import { IndexVersions, numberTables, PerConnectionCache, type Kept } from './per-connection-cache';

/**
 * One connection's vectors as one matrix: row i is the document of tables[owner[i]]. Each row
 * also has a binary code (the signs of the vector minus the connection's mean, 32 dimensions
 * per word): a first pass by Hamming distance over the codes picks candidates, which are then
 * ranked by exact cosine. At 100,000 rows the first pass takes a few milliseconds where the
 * exact scan takes a hundred.
 */
interface Matrix extends Kept {
  dimensions: number;
  tables: { schemaName: string; objectName: string }[];
  owner: Uint32Array;
  data: Float32Array;
  mean: Float32Array;
  codes: Uint32Array;
}

/** Candidates the binary pass hands to exact ranking: many more than asked, for recall. */
const OVERSAMPLE = 20;
const MIN_CANDIDATES = 400;

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
 * search vectors itself; the binary first pass keeps 100,000 rows to milliseconds.
 */
@Injectable()
export class VectorIndex {
  private readonly matrices: PerConnectionCache<Matrix>;

  constructor(
    private readonly repository: CatalogSearchRepository,
    versions: IndexVersions,
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
    const matrices = await this.matrices.each(connectionIds, model, (id) => this.load(id, model));
    const hits: VectorHit[] = [];
    for (const { id, value: matrix } of matrices) {
      if (matrix.dimensions !== query.length || matrix.owner.length === 0) continue;
      hits.push(...best(matrix, query, limit).map((h) => ({ connectionId: id, ...h })));
    }
    return hits.sort((a, b) => b.similarity - a.similarity).slice(0, limit);
  }

  private async load(id: string, model: string): Promise<Matrix> {
    const rows = await this.repository.vectors(id, model);
    const dimensions = rows[0] ? rows[0].v.byteLength / 4 : 0;
    const data = new Float32Array(rows.length * dimensions);
    const owner = new Uint32Array(rows.length);
    const { tables, numberOf } = numberTables();
    rows.forEach((row, i) => {
      if (row.v.byteLength === dimensions * 4)
        data.set(new Float32Array(row.v.buffer, row.v.byteOffset, dimensions), i * dimensions);
      owner[i] = numberOf(row.s, row.o);
    });
    const { mean, codes } = binaryCodes(data, rows.length, dimensions);
    const bytes = data.byteLength + codes.byteLength;
    return { bytes, dimensions, tables, owner, data, mean, codes };
  }
}

const WORD = 32;

/** Each row's signs around the mean, packed 32 to a word. */
function binaryCodes(data: Float32Array, rows: number, dimensions: number) {
  const mean = new Float32Array(dimensions);
  for (let r = 0; r < rows; r++)
    for (let j = 0; j < dimensions; j++) mean[j]! += data[r * dimensions + j]!;
  for (let j = 0; j < dimensions; j++) mean[j]! /= Math.max(1, rows);
  const words = Math.ceil(dimensions / WORD);
  const codes = new Uint32Array(rows * words);
  for (let r = 0; r < rows; r++)
    codes.set(codeOf(data.subarray(r * dimensions, (r + 1) * dimensions), mean), r * words);
  return { mean, codes };
}

function codeOf(vector: Float32Array, mean: Float32Array): Uint32Array {
  const code = new Uint32Array(Math.ceil(vector.length / WORD));
  for (let j = 0; j < vector.length; j++)
    if (vector[j]! > mean[j]!) code[j >>> 5]! |= 1 << (j & 31);
  return code;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return (((x + (x >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/** Rows whose codes are nearest the query's, by Hamming distance: at most `count`. */
function candidates(matrix: Matrix, query: Float32Array, count: number): Uint32Array {
  const rows = matrix.owner.length;
  if (rows <= count) return Uint32Array.from({ length: rows }, (_, i) => i);
  const q = codeOf(query, matrix.mean);
  const words = q.length;
  const distance = new Uint16Array(rows);
  const histogram = new Uint32Array(words * WORD + 1);
  for (let r = 0, base = 0; r < rows; r++, base += words) {
    let d = 0;
    for (let w = 0; w < words; w++) d += popcount(matrix.codes[base + w]! ^ q[w]!);
    distance[r] = d;
    histogram[d]!++;
  }
  // The distance at which `count` rows are reached, then every row within it (ties to the cap).
  let cutoff = 0;
  for (let seen = 0; cutoff < histogram.length; cutoff++) {
    seen += histogram[cutoff]!;
    if (seen >= count) break;
  }
  const picked = new Uint32Array(count);
  let n = 0;
  for (let r = 0; r < rows && n < count; r++) if (distance[r]! < cutoff) picked[n++] = r;
  for (let r = 0; r < rows && n < count; r++) if (distance[r] === cutoff) picked[n++] = r;
  return picked.subarray(0, n);
}

/** The `limit` tables most similar to `query` (a table's best part counts). */
function best(matrix: Matrix, query: Float32Array, limit: number) {
  const { data, dimensions, owner, tables } = matrix;
  const scores = new Float32Array(tables.length).fill(-Infinity);
  for (const row of candidates(matrix, query, Math.max(MIN_CANDIDATES, limit * OVERSAMPLE))) {
    const base = row * dimensions;
    let dot = 0;
    for (let j = 0; j < dimensions; j++) dot += data[base + j]! * query[j]!;
    const t = owner[row]!;
    if (dot > scores[t]!) scores[t] = dot;
  }
  const seen: number[] = [];
  for (let t = 0; t < scores.length; t++) if (scores[t] !== -Infinity) seen.push(t);
  return topK(seen, scores, limit).map((t) => ({ ...tables[t]!, similarity: scores[t]! }));
}
