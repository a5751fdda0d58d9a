import { createTheme } from '@mui/material';

/** Light and dark palettes; MUI picks by the system's preference. */
export const theme = createTheme({
  colorSchemes: {
    light: {
      palette: {
        primary: { main: '#0b6e79' },
        secondary: { main: '#6d4aff' },
        // MUI's default orange is 3:1 on white: too faint for a small "can write" chip.
        warning: { main: '#b45309' },
      },
    },
    dark: { palette: { primary: { main: '#5cc6d0' }, secondary: { main: '#b39dff' } } },
  },
  shape: { borderRadius: 8 },
  typography: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, sans-serif' },
});
