import { Controller } from 'react-hook-form';
import { FormControlLabel, MenuItem, Switch, TextField } from '@mui/material';
import type { OptionField } from '@sluice/contracts';
import type { ConnectionFormState } from './useConnectionForm';

const wide = { gridColumn: { sm: '1 / -1' } } as const;

/** One option field of the chosen type, drawn from its descriptor: text, choice, switch or PEM. */
export function OptionInput({
  option,
  state,
}: {
  option: OptionField;
  state: ConnectionFormState;
}) {
  const { register, control, formState } = state.form;
  const name = `options.${option.name}` as const;
  const error = formState.errors.options?.[option.name];
  if (option.kind === 'choice') {
    return (
      <Controller
        control={control}
        name={name}
        render={({ field }) => (
          <TextField
            select
            label={option.label}
            value={String(field.value || option.choices?.[0]?.value || '')}
            onChange={field.onChange}
          >
            {option.choices?.map((choice) => (
              <MenuItem key={choice.value} value={choice.value}>
                {choice.label}
              </MenuItem>
            ))}
          </TextField>
        )}
      />
    );
  }
  if (option.kind === 'switch') {
    return (
      <Controller
        control={control}
        name={name}
        render={({ field }) => (
          <FormControlLabel
            control={
              <Switch
                checked={field.value === true}
                onChange={(e) => field.onChange(e.target.checked)}
              />
            }
            label={option.label}
          />
        )}
      />
    );
  }
  return (
    <TextField
      label={option.label}
      required={option.required}
      {...(option.kind === 'pem' && { multiline: true, minRows: 3, spellCheck: false, sx: wide })}
      {...register(name)}
      error={!!error}
      helperText={error?.message ?? option.help}
    />
  );
}
