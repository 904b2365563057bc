import type { PresentUser } from './api';
import { colorForName, initialsOf } from './identity';

const HEX_COLOR = /^#[0-9a-f]{6}$/i;

/** Small avatars of who has a review open; colours come from other clients, so they are checked. */
export function PresentList({ users }: { users: PresentUser[] }) {
  if (users.length === 0) return <span className="muted">—</span>;
  return (
    <ul className="present-list" aria-label={`${users.length} in this review now`}>
      {users.map((user) => (
        <li
          key={`${user.name}:${user.color}`}
          className="avatar avatar--small"
          title={user.name}
          style={{ background: HEX_COLOR.test(user.color) ? user.color : colorForName(user.name) }}
        >
          <span aria-hidden="true">{initialsOf(user.name)}</span>
          <span className="visually-hidden">{user.name}</span>
        </li>
      ))}
    </ul>
  );
}
