/** Action groups the audit filter offers: each matches every `group:…` action. */
export const ACTION_GROUPS: { value: string; label: string }[] = [
  { value: 'auth', label: 'Sign-ins and passwords' },
  { value: 'users', label: 'Users' },
  { value: 'connections', label: 'Connections' },
  { value: 'catalog', label: 'Catalog' },
  { value: 'ai', label: 'AI assistant calls' },
  { value: 'tokens', label: 'API tokens' },
  { value: 'alerts', label: 'Alerts' },
];

export const RESOURCE_TYPES: { value: string; label: string }[] = [
  { value: 'connection', label: 'Connection' },
  { value: 'user', label: 'User' },
  { value: 'api_token', label: 'API token' },
  { value: 'notification_channel', label: 'Alert channel' },
  { value: 'provisioning_file', label: 'Provisioning file' },
];

const ACTION_LABELS: Record<string, string> = {
  'auth:login': 'Signed in',
  'auth:login_failed': 'Sign-in failed',
  'auth:logout': 'Signed out',
  'auth:logout_everywhere': 'Signed out everywhere',
  'auth:password_changed': 'Changed their password',
  'auth:password_change_failed': 'Password change refused',
  'users:create': 'Created a user',
  'users:update': 'Changed a user',
  'users:password_reset': 'Reset a password',
  'connections:create': 'Created a connection',
  'connections:update': 'Changed a connection',
  'connections:delete': 'Deleted a connection',
  'connections:test': 'Tested a connection',
  'connections:enable': 'Enabled a connection',
  'connections:disable': 'Disabled a connection',
  'connections:query': 'Ran a query',
  'connections:schema_sync': 'Schema sync',
  'connections:schema_sync_queued': 'Queued a schema sync',
  'connections:schema_sync_cancel': 'Cancelled a schema sync',
  'connections:ai_access_set': 'Set AI access',
  'connections:accept_host_key': 'Accepted an SSH host key',
  'connections:write_credential_set': 'Set the write credential',
  'connections:write_credential_removed': 'Removed the write credential',
  'connections:provision': 'Applied a provisioning file',
  'catalog:column_tagged': 'Tagged a column',
  'ai:tool_call': 'AI assistant call',
  'tokens:create': 'Created an API token',
  'tokens:revoke': 'Revoked an API token',
  'alerts:channel_create': 'Added an alert channel',
  'alerts:channel_update': 'Changed an alert channel',
  'alerts:channel_delete': 'Deleted an alert channel',
  'alerts:channel_test': 'Sent a test alert',
};

/** "Changed a connection" for `connections:update`; an unknown action as it is. */
export const actionLabel = (action: string) => ACTION_LABELS[action] ?? action;

export const resourceTypeLabel = (type: string) =>
  RESOURCE_TYPES.find((r) => r.value === type)?.label ?? type;
