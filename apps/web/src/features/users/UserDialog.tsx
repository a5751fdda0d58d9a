import { useEffect, useState } from 'react';
import { Controller, useForm } from 'react-hook-form';
import { zodResolver } from '@hookform/resolvers/zod';
import {
  Alert,
  Button,
  Checkbox,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  MenuItem,
  Typography,
  Stack,
  Switch,
  TextField,
} from '@mui/material';
import { z } from 'zod';
import {
  ROLE_DESCRIPTIONS,
  ROLE_LABELS,
  ROLES,
  createUserRequestSchema,
  newPasswordSchema,
  type User,
} from '@sluice/contracts';
import { ApiError } from '../../lib/apiClient';
import { setServerErrors } from '../../lib/formErrors';
import { useSaveUser } from './useUsers';
import { useNotify } from '../../lib/useNotify';

const editSchema = z.object({
  email: z.string(),
  name: createUserRequestSchema.shape.name,
  role: z.enum(ROLES),
  isActive: z.boolean(),
  mustChangePassword: z.boolean(),
  password: z.union([z.literal(''), newPasswordSchema]),
});
const createSchema = editSchema.extend({
  email: createUserRequestSchema.shape.email,
  password: newPasswordSchema,
});
type FormValues = z.input<typeof editSchema>;

const NEW_USER: FormValues = {
  email: '',
  name: '',
  role: 'viewer',
  isActive: true,
  mustChangePassword: true,
  password: '',
};

interface Props {
  open: boolean;
  user: User | null;
  isSelf: boolean;
  onClose: () => void;
}

export function UserDialog({ open, user, isSelf, onClose }: Props) {
  const save = useSaveUser();
  const notify = useNotify();
  const form = useForm<FormValues>({
    resolver: zodResolver(user ? editSchema : createSchema),
    defaultValues: NEW_USER,
  });
  const { register, control, handleSubmit, reset, setError, setValue, watch, formState } = form;
  const password = watch('password');
  // A password an admin sets for someone else is one to replace: ask for that unless they untick it.
  const [askChosen, setAskChosen] = useState(false);
  useEffect(() => {
    if (user && !isSelf && password && !askChosen) setValue('mustChangePassword', true);
  }, [password, user, isSelf, askChosen, setValue]);

  useEffect(() => {
    if (open) {
      setAskChosen(false);
      reset(
        user
          ? {
              email: user.email,
              name: user.name,
              role: user.role,
              isActive: user.isActive,
              mustChangePassword: user.mustChangePassword,
              password: '',
            }
          : NEW_USER,
      );
    }
  }, [open, user, reset]);

  const onSubmit = handleSubmit(async (values) => {
    try {
      if (user) {
        const update = {
          ...(values.name !== user.name && { name: values.name }),
          ...(values.role !== user.role && { role: values.role }),
          ...(values.isActive !== user.isActive && { isActive: values.isActive }),
          ...(values.password && { password: values.password }),
          ...(values.mustChangePassword !== user.mustChangePassword && {
            mustChangePassword: values.mustChangePassword,
          }),
        };
        if (Object.keys(update).length > 0) await save.mutateAsync({ id: user.id, update });
        notify('User saved');
      } else {
        await save.mutateAsync({
          create: {
            email: values.email,
            name: values.name,
            role: values.role,
            password: values.password,
            mustChangePassword: values.mustChangePassword,
          },
        });
        notify('User created');
      }
      onClose();
    } catch (error) {
      if (error instanceof ApiError) {
        if (error.status === 409) setError('email', { message: 'A user with this email exists' });
        else setServerErrors(setError, error);
      } else {
        setError('root', { message: 'Could not save the user' });
      }
    }
  });

  const errors = formState.errors;
  return (
    <Dialog open={open} onClose={onClose} fullWidth maxWidth="sm">
      <form onSubmit={(e) => void onSubmit(e)} noValidate>
        <DialogTitle>{user ? `Edit ${user.name}` : 'Add user'}</DialogTitle>
        <DialogContent>
          <Stack spacing={2} sx={{ mt: 1 }}>
            {errors.root && <Alert severity="error">{errors.root.message}</Alert>}
            <TextField
              label="Email"
              {...register('email')}
              disabled={!!user}
              error={!!errors.email}
              helperText={errors.email?.message}
            />
            <TextField
              label="Name"
              {...register('name')}
              error={!!errors.name}
              helperText={errors.name?.message}
            />
            <Controller
              control={control}
              name="role"
              render={({ field }) => (
                <TextField
                  select
                  label="Role"
                  {...field}
                  disabled={isSelf}
                  helperText={isSelf ? 'You cannot change your own role' : undefined}
                >
                  {ROLES.map((role) => (
                    <MenuItem
                      key={role}
                      value={role}
                      sx={{ display: 'block', whiteSpace: 'normal' }}
                    >
                      {ROLE_LABELS[role]}
                      <Typography variant="caption" color="text.secondary" component="div">
                        {ROLE_DESCRIPTIONS[role]}
                      </Typography>
                    </MenuItem>
                  ))}
                </TextField>
              )}
            />
            <TextField
              label={user ? 'New password' : 'Password'}
              type="password"
              autoComplete="new-password"
              {...register('password')}
              error={!!errors.password}
              helperText={
                errors.password?.message ??
                (user ? 'Leave blank to keep the current password' : 'At least 10 characters')
              }
            />
            {!isSelf && (
              <Controller
                control={control}
                name="mustChangePassword"
                render={({ field }) => (
                  <FormControlLabel
                    control={
                      <Checkbox
                        checked={field.value}
                        onChange={(e) => {
                          setAskChosen(true);
                          field.onChange(e.target.checked);
                        }}
                      />
                    }
                    label="Ask for a new password at the next sign-in"
                  />
                )}
              />
            )}
            {user && (
              <Controller
                control={control}
                name="isActive"
                render={({ field }) => (
                  <FormControlLabel
                    control={
                      <Switch
                        checked={field.value}
                        onChange={(e) => field.onChange(e.target.checked)}
                        disabled={isSelf}
                      />
                    }
                    label="Active"
                  />
                )}
              />
            )}
          </Stack>
        </DialogContent>
        <DialogActions>
          <Button onClick={onClose}>Cancel</Button>
          <Button type="submit" variant="contained" disabled={formState.isSubmitting}>
            {user ? 'Save changes' : 'Create user'}
          </Button>
        </DialogActions>
      </form>
    </Dialog>
  );
}
