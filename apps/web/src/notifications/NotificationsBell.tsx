import type { NotificationView } from '@ratify/schema';
import { type MouseEvent, useEffect, useId, useLayoutEffect, useRef, useState } from 'react';
import { useAuth } from '../auth/context';
import { BellIcon } from '../icons';
import { navigate } from '../router';
import { bellLabel, KIND_TEXT, notificationHref } from './state';
import { type NotificationsModel, useNotifications } from './use-notifications';
import './notifications.css';
import { usePopover } from '../use-popover';

const timeFormat = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });

/**
 * The bell in the top bar: how many notifications are unread (mentions, replies, sign-off
 * requests, approvals of one's documents), live; a popover lists them, newest first, each
 * leading to its document (and thread). They stay until read. Nothing when signed out or when
 * this server has no notifications.
 */
export function NotificationsBell() {
  const { user } = useAuth();
  const model = useNotifications(user !== null);
  if (!user || !model.available) return null;
  return <Bell model={model} />;
}

function Bell({ model }: { model: NotificationsModel }) {
  const { open, setOpen, rootRef, buttonRef } = usePopover();
  const panelId = useId();
  const titleId = useId();
  const { items, unread } = model.state;

  const { refresh } = model;
  useEffect(() => {
    if (open) refresh();
  }, [open, refresh]);

  // The popover opens towards the side with room (the bar wraps on narrower windows, which can
  // put the bell at its left edge).
  const panelRef = useRef<HTMLElement>(null);
  const [align, setAlign] = useState<'end' | 'start'>('end');
  useLayoutEffect(() => {
    if (!open || !buttonRef.current || !panelRef.current) return;
    const button = buttonRef.current.getBoundingClientRect();
    setAlign(button.right - panelRef.current.offsetWidth < 8 ? 'start' : 'end');
  }, [open, buttonRef]);

  const follow = (event: MouseEvent<HTMLAnchorElement>, item: NotificationView) => {
    if (item.readAt === null) void model.markRead([item.id]);
    // Modified clicks open a new tab as links do; a plain one navigates here.
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) {
      return;
    }
    event.preventDefault();
    setOpen(false);
    navigate(notificationHref(item));
  };

  return (
    <div className="bell" ref={rootRef}>
      <button
        ref={buttonRef}
        type="button"
        className="bell__button"
        aria-expanded={open}
        aria-controls={panelId}
        aria-label={bellLabel(unread)}
        data-unread={unread}
        onClick={() => setOpen((value) => !value)}
      >
        <BellIcon />
        {unread > 0 && (
          <span className="bell__count" aria-hidden="true">
            {unread > 99 ? '99+' : unread}
          </span>
        )}
      </button>
      <section
        ref={panelRef}
        id={panelId}
        className="bell__panel"
        data-align={align}
        aria-labelledby={titleId}
        hidden={!open}
      >
        <div className="bell__head">
          <h2 id={titleId} className="bell__title">
            Notifications
          </h2>
          <button
            type="button"
            className="button button--small"
            aria-disabled={unread === 0}
            onClick={() => {
              if (unread > 0) void model.markRead();
            }}
          >
            Mark all read
          </button>
        </div>
        {model.error && (
          <p className="error small" role="alert">
            {model.error}
          </p>
        )}
        {items.length === 0 ? (
          <p className="muted small">No notifications yet.</p>
        ) : (
          <ul className="bell__list">
            {items.map((item) => (
              <li
                key={item.id}
                className="bell__item"
                data-notification-id={item.id}
                data-kind={item.kind}
                data-read={item.readAt === null ? 'false' : 'true'}
              >
                <a
                  className="bell__link"
                  href={notificationHref(item)}
                  onClick={(event) => follow(event, item)}
                >
                  <span className="bell__kind">
                    {item.readAt === null && <span className="unread-dot" aria-hidden="true" />}
                    {KIND_TEXT[item.kind]}
                    {item.readAt === null && <span className="visually-hidden"> (unread)</span>}
                  </span>
                  {/* The server's text follows who did it: "Rita mentioned you on …". */}
                  <span className="bell__text">
                    {item.actorName && <strong className="bell__actor">{item.actorName}</strong>}
                    {item.actorName && ' '}
                    {item.text}
                  </span>
                  <span className="bell__meta muted small">
                    {item.docTitle} ·{' '}
                    <time dateTime={item.at}>{timeFormat.format(new Date(item.at))}</time>
                  </span>
                </a>
              </li>
            ))}
          </ul>
        )}
      </section>
    </div>
  );
}
