import type { AlertEvent, DbType, NotificationKind } from '@sluice/contracts';

/** One alert, whatever the channel. */
export interface Alert {
  event: AlertEvent;
  connection: { id: string; name: string; dbType: DbType } | null;
  errorCode: string | null;
  message: string;
  hint: string | null;
  /** Where to open it in Sluice. */
  url: string;
  at: string;
}

const TITLES: Record<AlertEvent, (name: string) => string> = {
  'connection.down': (name) => `${name} is down`,
  'connection.recovered': (name) => `${name} has recovered`,
  'sync.failed': (name) => `The schema sync of ${name} failed`,
  test: () => 'Sluice test alert',
};

const EMOJI: Record<AlertEvent, string> = {
  'connection.down': ':red_circle:',
  'connection.recovered': ':large_green_circle:',
  'sync.failed': ':warning:',
  test: ':bell:',
};

export function titleOf(alert: Alert): string {
  return TITLES[alert.event](alert.connection?.name ?? '');
}

function detailOf(alert: Alert): string {
  return alert.errorCode ? `${alert.errorCode}: ${alert.message}` : alert.message;
}

/** The JSON body a channel of `kind` is sent. */
export function bodyFor(kind: NotificationKind, alert: Alert): object {
  const title = titleOf(alert);
  if (kind === 'slack')
    return {
      text: [
        `${EMOJI[alert.event]} *${title}*`,
        detailOf(alert),
        ...(alert.hint ? [`_${alert.hint}_`] : []),
        `<${alert.url}|Open in Sluice>`,
      ].join('\n'),
    };
  if (kind === 'teams')
    return {
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
            type: 'AdaptiveCard',
            version: '1.4',
            body: [
              { type: 'TextBlock', text: title, weight: 'Bolder', size: 'Medium', wrap: true },
              { type: 'TextBlock', text: detailOf(alert), wrap: true },
              ...(alert.hint
                ? [{ type: 'TextBlock', text: alert.hint, wrap: true, isSubtle: true }]
                : []),
            ],
            actions: [{ type: 'Action.OpenUrl', title: 'Open in Sluice', url: alert.url }],
          },
        },
      ],
    };
  return { ...alert, title };
}
