import { useState } from 'react';
import { Chip, MenuItem, Select } from '@mui/material';
import { useQueryClient } from '@tanstack/react-query';
import type { ColumnTag } from '@sluice/contracts';
import { setColumnTag } from './catalogApi';
import { useNotify } from '../../lib/useNotify';
import { ApiError } from '../../lib/apiClient';

export const TAG_LABELS: Record<ColumnTag, string> = {
  hidden: 'Hidden from AI',
  pii: 'PII',
};

interface Props {
  connectionId: string;
  schema: string;
  table: string;
  column: string;
  tag: ColumnTag | null;
  /** connections:govern: the tag can be changed here. */
  editable: boolean;
}

/** A column's governance tag: a chip for readers, a picker for admins. */
export function ColumnTagCell({ connectionId, schema, table, column, tag, editable }: Props) {
  const client = useQueryClient();
  const notify = useNotify();
  const [saving, setSaving] = useState(false);
  if (!editable) {
    return tag ? (
      <Chip size="small" color={tag === 'hidden' ? 'default' : 'warning'} label={TAG_LABELS[tag]} />
    ) : null;
  }
  const change = async (value: string) => {
    setSaving(true);
    try {
      const next = value === 'none' ? null : (value as ColumnTag);
      await setColumnTag(connectionId, { schema, table, column, tag: next });
      await client.invalidateQueries({ queryKey: ['schema', connectionId] });
      notify(
        next ? `${column} is now tagged ${TAG_LABELS[next]}` : `${column} has no tag any more`,
      );
    } catch (error) {
      notify(error instanceof ApiError ? error.message : 'The tag could not be saved', 'error');
    } finally {
      setSaving(false);
    }
  };
  return (
    <Select
      size="small"
      variant="standard"
      disabled={saving}
      value={tag ?? 'none'}
      onChange={(e) => void change(e.target.value)}
      inputProps={{ 'aria-label': `AI tag of ${column}` }}
      sx={{ minWidth: 124 }}
    >
      <MenuItem value="none">None</MenuItem>
      <MenuItem value="pii">{TAG_LABELS.pii}</MenuItem>
      <MenuItem value="hidden">{TAG_LABELS.hidden}</MenuItem>
    </Select>
  );
}
