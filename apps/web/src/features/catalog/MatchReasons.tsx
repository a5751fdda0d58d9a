import { Box, Chip, Typography } from '@mui/material';
import type { MatchReason } from '@sluice/contracts';

export const REASON_LABELS: Record<MatchReason, string> = {
  name: 'Table name',
  column: 'Column names',
  comment: 'Comment',
  semantic: 'Meaning',
};

/** Why a result matched, as small chips: names, comments, and meaning (from embeddings). */
export function MatchReasons({
  reasons,
  joins = [],
}: {
  reasons: MatchReason[];
  joins?: string[];
}) {
  return (
    <Box
      component="ul"
      aria-label="Why it matched"
      sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, m: 0, p: 0, listStyle: 'none' }}
    >
      {reasons.map((r) => (
        <li key={r}>
          <Chip
            size="small"
            variant={r === 'semantic' ? 'filled' : 'outlined'}
            color={r === 'semantic' ? 'secondary' : 'default'}
            label={REASON_LABELS[r]}
          />
        </li>
      ))}
      {reasons.length === 0 && joins.length > 0 && (
        <li>
          <Typography variant="body2" color="text.secondary" sx={{ overflowWrap: 'anywhere' }}>
            Joins {joins.join(' and ')}
          </Typography>
        </li>
      )}
    </Box>
  );
}
