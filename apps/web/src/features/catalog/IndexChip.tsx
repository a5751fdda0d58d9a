import { Chip } from '@mui/material';
import type { EmbeddingStatus } from '@sluice/contracts';

const count = (n: number) => n.toLocaleString('en-US');

/** What the chip says about a connection's search index: its words, and vectors with a provider. */
export function indexLabel(e: EmbeddingStatus): string {
  const verb = e.model ? 'Embedding' : 'Indexing';
  switch (e.state) {
    case 'off':
      return 'Search index: not built yet';
    case 'queued':
      return `${verb}: queued`;
    case 'running':
      return `${verb} ${count(e.done)} / ${e.total === null ? '…' : count(e.total)}`;
    case 'failed':
      return 'Search by meaning failed';
    case 'ready':
      return e.model
        ? `Search by meaning: ${count(e.embedded)} of ${count(e.total ?? e.embedded)} tables`
        : 'Search by names and words';
  }
}

/** The connection's search index at a glance; a failure's sentence is in its tooltip. */
export function IndexChip({ embedding }: { embedding: EmbeddingStatus }) {
  return (
    <Chip
      size="small"
      variant="outlined"
      color={
        embedding.state === 'failed'
          ? 'warning'
          : embedding.state === 'ready'
            ? 'success'
            : 'default'
      }
      label={indexLabel(embedding)}
      title={embedding.message ?? embedding.model ?? undefined}
    />
  );
}
