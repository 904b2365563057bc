/** Talking to a Ratify server's REST API as the bench's accounts. */

export interface Account {
  email: string;
  password: string;
  name: string;
}

/** The one account the bench signs up on each Ratify server (the first account: its admin). */
export const BENCH_ACCOUNT: Account = {
  email: 'bench@ratify.test',
  password: 'bench password for ratify 1',
  name: 'Bench',
};

/**
 * A second account, signed up only when a scenario asks for readers (signoff-latency): a viewer
 * of the documents it reads, so its sockets are not the bench account's (the account that
 * signs off, whose presence the server checks on every sign-off).
 */
export const READER_ACCOUNT: Account = {
  email: 'reader@ratify.test',
  password: 'reader password for ratify 1',
  name: 'Reader',
};

export async function failed(what: string, response: Response): Promise<Error> {
  return new Error(`${what}: HTTP ${response.status} ${await response.text()}`);
}

/** A JSON request to a Ratify server's API (`path` starts after `/api`). */
export function apiCall(
  port: number,
  method: string,
  path: string,
  bearer: string | null,
  body?: unknown,
): Promise<Response> {
  const headers: Record<string, string> = {};
  if (bearer !== null) headers.authorization = `Bearer ${bearer}`;
  if (body !== undefined) headers['content-type'] = 'application/json';
  return fetch(`http://127.0.0.1:${port}/api${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
}

export const docPath = (doc: string, rest = ''): string =>
  `/docs/${encodeURIComponent(doc)}${rest}`;

/**
 * Signs up an account on a Ratify server and returns its bearer token and user id, or null for
 * a build without accounts (the route answers 404), which is then driven without credentials.
 */
export async function signUp(
  port: number,
  account: Account,
): Promise<{ token: string; userId: string } | null> {
  const response = await apiCall(port, 'POST', '/auth/signup', null, account);
  if (response.status === 404) return null;
  if (response.status !== 201) throw await failed(`sign up ${account.email}`, response);
  const { token, user } = (await response.json()) as { token: string; user: { id: string } };
  return { token, userId: user.id };
}
