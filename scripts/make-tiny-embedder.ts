/**
 * Writes the tiny sentence-embedding model the `local` provider's tests load
 * (apps/api/test/fixtures/tiny-embedder): a BERT-style WordPiece tokenizer over a small
 * vocabulary, and an ONNX graph that looks each token up in a 16-dimension table
 * (last_hidden_state = Gather(embeddings, input_ids)). A few kB, deterministic, committed;
 * run `npx tsx scripts/make-tiny-embedder.ts` to write it again. Nothing is downloaded.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const OUT = join(__dirname, '../apps/api/test/fixtures/tiny-embedder');
const DIMENSIONS = 16;
const SPECIAL = ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'];
const WORDS = `invoice invoices amount paid pay customer customers order orders product products
  warehouse stock employee payroll salary month date id name email table view of the per and
  to in by ledger account refund ship shipment`
  .split(/\s+/)
  .filter(Boolean);
const LETTERS = 'abcdefghijklmnopqrstuvwxyz0123456789_'.split('');
const VOCAB = [...SPECIAL, ...WORDS, ...LETTERS, ...LETTERS.map((l) => `##${l}`)];

// --- protobuf, as much as an ONNX model needs ---
const varint = (n: number | bigint): number[] => {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
};
const key = (field: number, wire: number) => varint((field << 3) | wire);
const int = (field: number, n: number) => [...key(field, 0), ...varint(n)];
const bytes = (field: number, data: Uint8Array | number[]) => [
  ...key(field, 2),
  ...varint(data.length),
  ...data,
];
const str = (field: number, text: string) => bytes(field, [...Buffer.from(text, 'utf8')]);
const msg = (field: number, parts: number[][]) => bytes(field, parts.flat());

const FLOAT = 1;
const INT64 = 7;
const dim = (d: number | string) => msg(1, [typeof d === 'number' ? int(1, d) : str(2, d)]);
const valueInfo = (field: number, name: string, type: number, dims: (number | string)[]) =>
  msg(field, [str(1, name), msg(2, [msg(1, [int(1, type), msg(2, dims.map(dim))])])]);

/** A fixed pseudo-random table: the same file every run. */
function table(): Uint8Array {
  let seed = 20261130;
  const values = new Float32Array(VOCAB.length * DIMENSIONS).map(() => {
    seed = (seed * 1664525 + 1013904223) >>> 0;
    return seed / 2 ** 32 - 0.5;
  });
  return new Uint8Array(values.buffer);
}

const graph = msg(7, [
  msg(1, [
    str(1, 'embeddings'),
    str(1, 'input_ids'),
    str(2, 'last_hidden_state'),
    str(3, 'lookup'),
    str(4, 'Gather'),
  ]),
  str(2, 'tiny-embedder'),
  msg(5, [
    int(1, VOCAB.length),
    int(1, DIMENSIONS),
    int(2, FLOAT),
    str(8, 'embeddings'),
    bytes(9, table()),
  ]),
  valueInfo(11, 'input_ids', INT64, ['batch', 'sequence']),
  valueInfo(11, 'attention_mask', INT64, ['batch', 'sequence']),
  valueInfo(12, 'last_hidden_state', FLOAT, ['batch', 'sequence', DIMENSIONS]),
]);
const model = [
  ...int(1, 8),
  ...str(2, 'sluice-tests'),
  ...graph,
  ...msg(8, [str(1, ''), int(2, 13)]),
];

const special = (content: string) => ({
  id: VOCAB.indexOf(content),
  content,
  single_word: false,
  lstrip: false,
  rstrip: false,
  normalized: false,
  special: true,
});
const tokenizer = {
  version: '1.0',
  truncation: null,
  padding: null,
  added_tokens: SPECIAL.map(special),
  normalizer: {
    type: 'BertNormalizer',
    clean_text: true,
    handle_chinese_chars: true,
    strip_accents: null,
    lowercase: true,
  },
  pre_tokenizer: { type: 'BertPreTokenizer' },
  post_processor: {
    type: 'TemplateProcessing',
    single: [
      { SpecialToken: { id: '[CLS]', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } },
    ],
    pair: [
      { SpecialToken: { id: '[CLS]', type_id: 0 } },
      { Sequence: { id: 'A', type_id: 0 } },
      { SpecialToken: { id: '[SEP]', type_id: 0 } },
      { Sequence: { id: 'B', type_id: 1 } },
      { SpecialToken: { id: '[SEP]', type_id: 1 } },
    ],
    special_tokens: {
      '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
      '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
    },
  },
  decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
  model: {
    type: 'WordPiece',
    unk_token: '[UNK]',
    continuing_subword_prefix: '##',
    max_input_chars_per_word: 100,
    vocab: Object.fromEntries(VOCAB.map((token, id) => [token, id])),
  },
};

mkdirSync(join(OUT, 'onnx'), { recursive: true });
writeFileSync(join(OUT, 'onnx/model.onnx'), Uint8Array.from(model));
writeFileSync(join(OUT, 'tokenizer.json'), `${JSON.stringify(tokenizer, null, 1)}\n`);
writeFileSync(
  join(OUT, 'tokenizer_config.json'),
  `${JSON.stringify({ tokenizer_class: 'BertTokenizer', do_lower_case: true, model_max_length: 512, pad_token: '[PAD]', unk_token: '[UNK]', cls_token: '[CLS]', sep_token: '[SEP]', mask_token: '[MASK]' }, null, 1)}\n`,
);
writeFileSync(
  join(OUT, 'config.json'),
  `${JSON.stringify({ model_type: 'bert', architectures: ['BertModel'], hidden_size: DIMENSIONS, vocab_size: VOCAB.length }, null, 1)}\n`,
);
console.log(
  `wrote ${OUT}: ${VOCAB.length} tokens × ${DIMENSIONS} dimensions, model ${model.length} bytes`,
);
