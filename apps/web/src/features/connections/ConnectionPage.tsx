import { useState, type ReactNode } from 'react';
import { Alert, Box, Breadcrumbs, Link, Paper, Stack, Typography } from '@mui/material';
import { Link as RouterLink, useNavigate, useParams } from 'react-router-dom';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { PageHeader } from '../../components/common/PageHeader';
import { useNotify } from '../../lib/useNotify';
import { relativeTime } from '../../lib/relativeTime';
import { AuditTrail } from '../audit/AuditTrail';
import { useSession } from '../auth/useSession';
import { SchemaChip } from '../catalog/SchemaChip';
import { useConnection } from '../catalog/useSchema';
import { ConnectionActions } from './ConnectionActions';
import { ConnectionDialog } from './ConnectionDialog';
import { ConnectionSettings } from './ConnectionSettings';
import { DeleteConnectionDialog } from './DeleteConnectionDialog';
import { HealthPanel } from './HealthPanel';
import { StatusChip } from './StatusChip';
import { TestResultPanel } from './TestResultPanel';
import { useDeleteConnection } from './useConnections';

function Section({ title, children }: { title: string; children: ReactNode }) {
  return (
    <Paper variant="outlined" component="section" aria-label={title} sx={{ p: 2 }}>
      <Typography variant="h6" component="h2" sx={{ mb: 1 }}>
        {title}
      </Typography>
      {children}
    </Paper>
  );
}

/** One connection: settings, last test, schema, health and activity, with every action. */
export function ConnectionPage() {
  const { id = '' } = useParams();
  const { can } = useSession();
  const notify = useNotify();
  const navigate = useNavigate();
  const connection = useConnection(id);
  const [editing, setEditing] = useState(false);
  const [deleting, setDeleting] = useState(false);
  const [testing, setTesting] = useState(false);
  const remove = useDeleteConnection();

  if (connection.isError) {
    return <ErrorAlert error={connection.error} onRetry={() => void connection.refetch()} />;
  }
  const c = connection.data;
  if (!c) return null;
  const lastTest = c.lastTest;

  return (
    <>
      <Breadcrumbs aria-label="breadcrumb" sx={{ mb: 1 }}>
        <Link component={RouterLink} to="/connections" underline="hover" color="inherit">
          Connections
        </Link>
        <Typography color="text.primary">{c.name}</Typography>
      </Breadcrumbs>
      <PageHeader
        title={c.name}
        description={c.description ?? 'No description.'}
        action={
          <ConnectionActions
            connection={c}
            onTesting={setTesting}
            onEdit={() => setEditing(true)}
            onDelete={() => setDeleting(true)}
          />
        }
      />
      <Stack direction="row" sx={{ gap: 1, mb: 2, flexWrap: 'wrap', alignItems: 'center' }}>
        <StatusChip connection={c} testing={testing} link={false} />
        <SchemaChip connection={c} />
      </Stack>
      {!c.isActive && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Disabled: it is not tested, synced, queried or served to AI assistants until it is
          enabled. Its catalog is kept.
        </Alert>
      )}
      {c.provisionedFrom && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Managed by provisioning ({c.provisionedFrom}): change the file, not this page.
        </Alert>
      )}
      <Box
        sx={{
          display: 'grid',
          gridTemplateColumns: { xs: '1fr', lg: 'minmax(0, 1fr) minmax(0, 1fr)' },
          gap: 2,
          mb: 2,
        }}
      >
        <Section title="Last test">
          {lastTest && c.lastTestedAt ? (
            <>
              <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
                <time dateTime={c.lastTestedAt} title={new Date(c.lastTestedAt).toLocaleString()}>
                  {relativeTime(c.lastTestedAt)}
                </time>
              </Typography>
              <TestResultPanel result={lastTest} />
            </>
          ) : (
            <Typography color="text.secondary">
              Not tested since its target was set: run a test to see how far it gets.
            </Typography>
          )}
        </Section>
        <Section title="Settings">
          <ConnectionSettings connection={c} />
        </Section>
        <Section title="Schema">
          <Typography variant="body2" sx={{ mb: 1 }}>
            {c.schemaIngestedAt
              ? `Last synced ${new Date(c.schemaIngestedAt).toLocaleString()}${c.schemaMessage ? `: ${c.schemaMessage}` : ''}`
              : (c.schemaMessage ?? 'Not synced yet.')}
          </Typography>
          {c.nextSyncAt && (
            <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
              Next sync {relativeTime(c.nextSyncAt)}
            </Typography>
          )}
          <Link component={RouterLink} to={`/connections/${c.id}/schema`}>
            Browse its schema
          </Link>
        </Section>
      </Box>
      <HealthPanel connectionId={c.id} />
      {can('audit:read') && (
        <Section title="Recent activity">
          <AuditTrail
            resourceType="connection"
            resourceId={c.id}
            revision={`${c.version} ${c.lastTestedAt ?? ''} ${c.schemaStatus}`}
          />
        </Section>
      )}
      <ConnectionDialog open={editing} connection={c} onClose={() => setEditing(false)} />
      <DeleteConnectionDialog
        connection={deleting ? c : null}
        deleting={remove.isPending}
        onCancel={() => setDeleting(false)}
        onConfirm={(target) =>
          remove.mutate(target.id, {
            onSuccess: () => {
              notify(`Deleted ${target.name}`);
              void navigate('/connections');
            },
            onError: (error) => notify(error.message, 'error'),
            onSettled: () => setDeleting(false),
          })
        }
      />
    </>
  );
}
