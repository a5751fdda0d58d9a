import { useState } from 'react';
import {
  Button,
  Chip,
  Paper,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TableRow,
  Tooltip,
  Typography,
} from '@mui/material';
import AddIcon from '@mui/icons-material/Add';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { NOTIFICATION_KIND_LABELS, type NotificationChannel } from '@sluice/contracts';
import { PageHeader } from '../../components/common/PageHeader';
import { ErrorAlert } from '../../components/common/ErrorAlert';
import { useNotify } from '../../lib/useNotify';
import { relativeTime } from '../../lib/relativeTime';
import { ChannelDialog } from './ChannelDialog';
import {
  createChannel,
  deleteChannel,
  fetchChannels,
  sendTestAlert,
  updateChannel,
} from './alertsApi';

const KEY = ['notification-channels'];

/** Where alerts go: connections that go down or recover, and schema syncs that fail. */
export function AlertsPage() {
  const notify = useNotify();
  const client = useQueryClient();
  const channels = useQuery({ queryKey: KEY, queryFn: fetchChannels });
  const [adding, setAdding] = useState(false);
  const refresh = () => void client.invalidateQueries({ queryKey: KEY });
  const onError = (error: Error) => notify(error.message, 'error');
  const test = useMutation({
    mutationFn: (channel: NotificationChannel) => sendTestAlert(channel.id),
    onSuccess: (result, channel) => {
      notify(
        result.ok
          ? `Sent a test alert to ${channel.name} (${result.message})`
          : `The test alert to ${channel.name} failed: ${result.message}`,
        result.ok ? 'success' : 'error',
      );
      refresh();
    },
    onError,
  });
  const toggle = useMutation({
    mutationFn: (channel: NotificationChannel) =>
      updateChannel(channel.id, { enabled: !channel.enabled }),
    onSuccess: refresh,
    onError,
  });
  const remove = useMutation({
    mutationFn: (channel: NotificationChannel) => deleteChannel(channel.id),
    onSuccess: (_, channel) => {
      notify(`Removed ${channel.name}`);
      refresh();
    },
    onError,
  });

  return (
    <>
      <PageHeader
        title="Alerts"
        description="Sluice tells these channels when a connection goes down (after repeated failed health checks, 2 by default), when it recovers, and when a schema sync fails. One alert per change, never a repeat while it stays down."
        action={
          <Button variant="contained" startIcon={<AddIcon />} onClick={() => setAdding(true)}>
            Add channel
          </Button>
        }
      />
      {channels.isError && (
        <ErrorAlert error={channels.error} onRetry={() => void channels.refetch()} />
      )}
      <TableContainer component={Paper} variant="outlined" tabIndex={0} aria-label="Channels">
        <Table aria-label="Notification channels">
          <TableHead>
            <TableRow>
              <TableCell>Name</TableCell>
              <TableCell>Kind</TableCell>
              <TableCell>Sends to</TableCell>
              <TableCell>Last delivery</TableCell>
              <TableCell>On</TableCell>
              <TableCell align="right">Actions</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {channels.data?.length === 0 && (
              <TableRow>
                <TableCell colSpan={6}>
                  <Typography color="text.secondary" sx={{ py: 2 }}>
                    No channel yet: nobody hears about a connection that breaks until a job fails.
                    Add a Slack, Teams or webhook channel.
                  </Typography>
                </TableCell>
              </TableRow>
            )}
            {channels.data?.map((channel) => (
              <TableRow key={channel.id} hover>
                <TableCell sx={{ fontWeight: 500, whiteSpace: 'nowrap' }}>{channel.name}</TableCell>
                <TableCell>{NOTIFICATION_KIND_LABELS[channel.kind]}</TableCell>
                <TableCell sx={{ whiteSpace: 'nowrap' }}>{channel.target}</TableCell>
                <TableCell>
                  {channel.lastDeliveryAt ? (
                    <Tooltip title={channel.lastDeliveryMessage ?? ''}>
                      <Chip
                        size="small"
                        variant="outlined"
                        color={channel.lastDeliveryOk ? 'success' : 'error'}
                        label={`${channel.lastDeliveryOk ? 'Delivered' : `Failed: ${channel.lastDeliveryMessage ?? ''}`} · ${relativeTime(channel.lastDeliveryAt)}`}
                      />
                    </Tooltip>
                  ) : (
                    'Never'
                  )}
                </TableCell>
                <TableCell>
                  <Switch
                    checked={channel.enabled}
                    onChange={() => toggle.mutate(channel)}
                    slotProps={{ input: { 'aria-label': `Send alerts to ${channel.name}` } }}
                  />
                </TableCell>
                <TableCell align="right" sx={{ whiteSpace: 'nowrap' }}>
                  <Button
                    aria-label={`Send test to ${channel.name}`}
                    disabled={test.isPending}
                    onClick={() => test.mutate(channel)}
                  >
                    Send test
                  </Button>
                  <Button
                    color="error"
                    aria-label={`Remove ${channel.name}`}
                    onClick={() => {
                      if (window.confirm(`Remove “${channel.name}”? It gets no more alerts.`))
                        remove.mutate(channel);
                    }}
                  >
                    Remove
                  </Button>
                </TableCell>
              </TableRow>
            ))}
          </TableBody>
        </Table>
      </TableContainer>
      {adding && (
        <ChannelDialog
          onClose={() => setAdding(false)}
          onCreate={async (body) => {
            const created = await createChannel(body);
            notify(`Added ${created.name}: send it a test to check it works`);
            setAdding(false);
            refresh();
          }}
        />
      )}
    </>
  );
}
