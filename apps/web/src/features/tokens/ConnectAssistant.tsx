import { useState } from 'react';
import { Alert, Box, Button, Paper, Tab, Tabs, Typography } from '@mui/material';
import ContentCopy from '@mui/icons-material/ContentCopy';
import { assistantConfigs } from './assistantConfigs';

const PLACEHOLDER = 'sluice_pat_YOUR_TOKEN';

/**
 * "Connect an assistant": the MCP URL and a configuration for each common assistant: on the
 * Tokens page with a placeholder, and in the new token's dialog (shown once) with the token.
 */
export function ConnectAssistant({ token }: { token: string | null }) {
  const url = `${window.location.origin}/mcp`;
  const configs = assistantConfigs(url, token ?? PLACEHOLDER);
  const [tab, setTab] = useState(configs[0]!.id);
  const [copied, setCopied] = useState(false);
  const config = configs.find((c) => c.id === tab) ?? configs[0]!;
  return (
    <Paper
      variant="outlined"
      sx={{ p: 2, mt: token ? 0 : 3 }}
      component="section"
      aria-labelledby="assistant"
    >
      <Typography id="assistant" variant="h6" component="h2">
        Connect an assistant
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        Sluice serves AI assistants over MCP at <code>{url}</code>. They see only connections an
        admin opened to AI, never a password, and every call is in the audit log. Give the token the
        scopes <code>catalog:read</code> and, to run queries, <code>connections:query</code>.
      </Typography>
      {!token && (
        <Alert severity="info" sx={{ mb: 1 }}>
          Replace <code>{PLACEHOLDER}</code> with your token: a new token's dialog shows these
          configurations with it filled in.
        </Alert>
      )}
      <Tabs
        value={config.id}
        onChange={(_, value: string) => {
          setTab(value);
          setCopied(false);
        }}
        variant="scrollable"
        aria-label="Assistant"
      >
        {configs.map((c) => (
          <Tab key={c.id} value={c.id} label={c.label} />
        ))}
      </Tabs>
      <Typography variant="body2" sx={{ mt: 1.5 }}>
        {config.where}
      </Typography>
      <Box
        component="pre"
        aria-label={`${config.label} configuration`}
        sx={{
          p: 1.5,
          my: 1,
          bgcolor: 'action.hover',
          borderRadius: 1,
          overflowX: 'auto',
          fontSize: '0.8rem',
          whiteSpace: 'pre',
        }}
      >
        {config.text}
      </Box>
      <Button
        size="small"
        startIcon={<ContentCopy fontSize="small" />}
        onClick={() => {
          void navigator.clipboard?.writeText(config.text).then(() => setCopied(true));
        }}
      >
        {copied ? 'Copied' : `Copy for ${config.label}`}
      </Button>
    </Paper>
  );
}
