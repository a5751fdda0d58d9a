import type {
  CreateChannelRequest,
  DeliveryResult,
  NotificationChannel,
  UpdateChannelRequest,
} from '@sluice/contracts';
import { api } from '../../lib/apiClient';

export const fetchChannels = () => api<NotificationChannel[]>('/notification-channels');
export const createChannel = (body: CreateChannelRequest) =>
  api<NotificationChannel>('/notification-channels', { method: 'POST', body });
export const updateChannel = (id: string, body: UpdateChannelRequest) =>
  api<NotificationChannel>(`/notification-channels/${id}`, { method: 'PATCH', body });
export const deleteChannel = (id: string) =>
  api<void>(`/notification-channels/${id}`, { method: 'DELETE' });
export const sendTestAlert = (id: string) =>
  api<DeliveryResult>(`/notification-channels/${id}/test`, { method: 'POST' });
