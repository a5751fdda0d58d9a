import { Box, Chip, List, ListItem, ListItemButton, ListItemText, Typography } from '@mui/material';
import type { QueryHistoryItem } from '@sluice/contracts';
import { relativeTime } from '../../lib/relativeTime';

/** The user's own recent statements on this connection (from the audit log), to load again. */
export function QueryHistory({
  items,
  onPick,
}: {
  items: QueryHistoryItem[];
  onPick: (sql: string) => void;
}) {
  return (
    <Box component="section" aria-labelledby="history-title">
      <Typography id="history-title" variant="subtitle2" component="h2" sx={{ mb: 1 }}>
        Your recent queries
      </Typography>
      {items.length === 0 ? (
        <Typography variant="body2" color="text.secondary">
          Statements you run here are listed for you to run again.
        </Typography>
      ) : (
        <List dense disablePadding sx={{ maxHeight: 360, overflow: 'auto' }}>
          {items.map((item) => (
            <ListItem key={item.auditId} disablePadding>
              <ListItemButton onClick={() => onPick(item.sql)} sx={{ borderRadius: 1 }}>
                <ListItemText
                  primary={item.sql.replace(/\s+/g, ' ').slice(0, 160)}
                  secondary={
                    <Box component="span" sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
                      <Chip
                        component="span"
                        size="small"
                        label={
                          item.outcome === 'ok'
                            ? `${(item.rowCount ?? 0).toLocaleString()} ${item.rowCount === 1 ? 'row' : 'rows'}`
                            : item.outcome
                        }
                        color={item.outcome === 'ok' ? 'default' : 'error'}
                        variant="outlined"
                      />
                      {relativeTime(item.at)}
                    </Box>
                  }
                  slotProps={{
                    primary: {
                      sx: {
                        fontFamily: 'ui-monospace, monospace',
                        fontSize: 13,
                        wordBreak: 'break-all',
                      },
                    },
                  }}
                />
              </ListItemButton>
            </ListItem>
          ))}
        </List>
      )}
    </Box>
  );
}
