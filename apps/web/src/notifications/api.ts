/** The signed-in user's notifications (apps/server/src/http/notifications.ts). */
import type { NotificationView } from '@ratify/schema';
import { ApiError, apiRequest as request } from '../api';

export const STREAM_PATH = '/api/notifications/stream';

/** Newest first, read ones too; null when this server has no notifications. */
export async function listNotifications(
  limit = 50,
): Promise<{ notifications: NotificationView[]; unread: number } | null> {
  try {
    return await request<{ notifications: NotificationView[]; unread: number }>(
      `/api/notifications?limit=${limit}`,
    );
  } catch (error) {
    if (error instanceof ApiError && (error.status === 404 || error.status === 405)) return null;
    throw error;
  }
}

/** Mark these read (all of them when `ids` is omitted); answers the unread count left. */
export async function markNotificationsRead(ids?: readonly string[]): Promise<number> {
  const body = ids === undefined ? {} : { ids };
  return (
    await request<{ unread: number }>('/api/notifications/read', {
      method: 'POST',
      body: JSON.stringify(body),
    })
  ).unread;
}
