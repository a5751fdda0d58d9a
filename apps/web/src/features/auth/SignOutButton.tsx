import { useState } from 'react';
import { Button, ButtonGroup, Menu, MenuItem } from '@mui/material';
import ArrowDropDownIcon from '@mui/icons-material/ArrowDropDown';
import LogoutIcon from '@mui/icons-material/Logout';
import { useSession } from './useSession';

/** Sign out here, or, from its menu, everywhere this user is signed in. */
export function SignOutButton() {
  const { signOut, signOutEverywhere } = useSession();
  const [anchor, setAnchor] = useState<HTMLElement | null>(null);
  return (
    <>
      <ButtonGroup variant="text" color="inherit" aria-label="Sign-out actions">
        <Button color="inherit" startIcon={<LogoutIcon />} onClick={() => void signOut()}>
          Sign out
        </Button>
        <Button
          color="inherit"
          size="small"
          aria-label="More sign-out options"
          aria-haspopup="menu"
          aria-expanded={anchor ? 'true' : undefined}
          onClick={(event) => setAnchor(event.currentTarget)}
        >
          <ArrowDropDownIcon />
        </Button>
      </ButtonGroup>
      <Menu anchorEl={anchor} open={!!anchor} onClose={() => setAnchor(null)}>
        <MenuItem
          onClick={() => {
            setAnchor(null);
            void signOutEverywhere();
          }}
        >
          Sign out everywhere
        </MenuItem>
      </Menu>
    </>
  );
}
