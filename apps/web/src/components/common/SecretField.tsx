import { forwardRef, useState } from 'react';
import { IconButton, InputAdornment, TextField, type TextFieldProps } from '@mui/material';
import Visibility from '@mui/icons-material/Visibility';
import VisibilityOff from '@mui/icons-material/VisibilityOff';

/** A password-like field with a show/hide toggle; never autofilled with a saved password. */
export const SecretField = forwardRef<HTMLInputElement, TextFieldProps>(
  function SecretField(props, ref) {
    const [shown, setShown] = useState(false);
    const name = typeof props.label === 'string' ? props.label.toLowerCase() : 'secret';
    return (
      <TextField
        {...props}
        inputRef={ref}
        type={shown ? 'text' : 'password'}
        autoComplete="new-password"
        slotProps={{
          ...props.slotProps,
          input: {
            endAdornment: (
              <InputAdornment position="end">
                <IconButton
                  aria-label={shown ? `Hide ${name}` : `Show ${name}`}
                  onClick={() => setShown(!shown)}
                  edge="end"
                  size="small"
                  disabled={props.disabled}
                >
                  {shown ? <VisibilityOff fontSize="small" /> : <Visibility fontSize="small" />}
                </IconButton>
              </InputAdornment>
            ),
          },
        }}
      />
    );
  },
);
