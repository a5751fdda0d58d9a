import { useState } from 'react';
import { MenuItem, Stack, TextField } from '@mui/material';
import { Controller } from 'react-hook-form';
import {
  HEALTH_CHECK_INTERVALS,
  HEALTH_CHECK_LABELS,
  isSyncSchedulePreset,
  SYNC_SCHEDULE_LABELS,
  SYNC_SCHEDULE_PRESETS,
} from '@sluice/contracts';
import type { ConnectionFormState } from './useConnectionForm';

const CUSTOM = 'custom';

/** When the schema is read again on its own: a preset, or a cron expression of one's own. */
export function SyncScheduleField({ state }: { state: ConnectionFormState }) {
  const { control } = state.form;
  const next = state.connection?.nextSyncAt;
  return (
    <Controller
      control={control}
      name="syncSchedule"
      render={({ field, fieldState }) => (
        <ScheduleInputs
          value={field.value}
          onChange={field.onChange}
          error={fieldState.error?.message}
          next={next ?? null}
        />
      )}
    />
  );
}

function ScheduleInputs(props: {
  value: string;
  onChange: (v: string) => void;
  error: string | undefined;
  next: string | null;
}) {
  const preset = isSyncSchedulePreset(props.value);
  const [custom, setCustom] = useState(!preset);
  const help =
    props.error ??
    (props.next
      ? `Next: ${new Date(props.next).toLocaleString()}`
      : 'Sluice also reads the schema when you save a change of target');
  return (
    <Stack direction={{ xs: 'column', sm: 'row' }} spacing={2}>
      <TextField
        select
        label="Schema sync"
        value={custom ? CUSTOM : props.value}
        onChange={(e) => {
          const chosen = e.target.value;
          setCustom(chosen === CUSTOM);
          props.onChange(chosen === CUSTOM ? (preset ? '0 3 * * *' : props.value) : chosen);
        }}
        helperText={custom ? 'Minute hour day month weekday, in the instance’s time zone' : help}
        error={!custom && !!props.error}
        sx={{ flex: 1, maxWidth: { sm: 420 } }}
      >
        {SYNC_SCHEDULE_PRESETS.map((p) => (
          <MenuItem key={p} value={p}>
            {SYNC_SCHEDULE_LABELS[p]}
          </MenuItem>
        ))}
        <MenuItem value={CUSTOM}>Custom (cron)</MenuItem>
      </TextField>
      {custom && (
        <TextField
          label="Cron expression"
          value={props.value}
          onChange={(e) => props.onChange(e.target.value)}
          error={!!props.error}
          helperText={help}
          sx={{ flex: 1, maxWidth: { sm: 420 } }}
          slotProps={{ htmlInput: { spellCheck: false } }}
        />
      )}
    </Stack>
  );
}

/** How often Sluice checks that the connection still answers. */
export function HealthIntervalField({ state }: { state: ConnectionFormState }) {
  return (
    <Controller
      control={state.form.control}
      name="healthCheckInterval"
      render={({ field }) => (
        <TextField
          select
          label="Health check"
          {...field}
          helperText="A connection test on a schedule; its history is on the connection"
          sx={{ maxWidth: { sm: 420 } }}
        >
          {HEALTH_CHECK_INTERVALS.map((i) => (
            <MenuItem key={i} value={i}>
              {HEALTH_CHECK_LABELS[i]}
            </MenuItem>
          ))}
        </TextField>
      )}
    />
  );
}
