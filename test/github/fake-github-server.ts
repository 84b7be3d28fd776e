import http from 'node:http';
import type { AddressInfo } from 'node:net';

/**
 * A real HTTP server on loopback that implements the issue-comments routes the bot uses, records
 * every request, and can be told to fail the next requests, so the client is tested against the
 * wire rather than against a mock of fetch.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query, e.g. `/repos/acme/shop/issues/7/comments?per_page=100`. */
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface StoredComment {
  id: number;
  issue: number;
  body: string;
  login: string;
}

export interface ScriptedFailure {
  method?: string;
  status: number;
  headers?: Record<string, string>;
  body?: string;
  /** How many matching requests fail (default 1). */
  times?: number;
}

export interface FakeGitHub {
  /** The REST root to give the client, e.g. http://127.0.0.1:PORT/api/v3 */
  apiUrl: string;
  origin: string;
  requests: RecordedRequest[];
  comments: StoredComment[];
  addComment(issue: number, body: string, login?: string): StoredComment;
  failNext(failure: ScriptedFailure): void;
  /** Page size the server uses when the client asks for more (GitHub caps per_page at 100). */
  pageSize: number;
  close(): Promise<void>;
}

export async function startFakeGitHub(options: { prefix?: string } = {}): Promise<FakeGitHub> {
  const prefix = options.prefix ?? '';
  const requests: RecordedRequest[] = [];
  const comments: StoredComment[] = [];
  const failures: ScriptedFailure[] = [];
  let nextId = 1000;
  let origin = '';

  const toJson = (comment: StoredComment) => ({
    id: comment.id,
    body: comment.body,
    user: { login: comment.login, type: 'Bot' },
    html_url: `https://github.com/acme/shop/pull/${comment.issue}#issuecomment-${comment.id}`,
  });

  const server = http.createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = request.method ?? 'GET';
      const url = request.url ?? '/';
      requests.push({ method, url, headers: request.headers, body });
      const send = (status: number, payload?: unknown, headers: Record<string, string> = {}) => {
        const text = payload === undefined ? '' : JSON.stringify(payload);
        response.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
        response.end(text);
      };

      const failure = failures.find((candidate) => candidate.method === undefined || candidate.method === method);
      if (failure) {
        failure.times = (failure.times ?? 1) - 1;
        if (failure.times <= 0) failures.splice(failures.indexOf(failure), 1);
        response.writeHead(failure.status, { 'content-type': 'application/json; charset=utf-8', ...failure.headers });
        response.end(failure.body ?? JSON.stringify({ message: http.STATUS_CODES[failure.status] ?? 'error' }));
        return;
      }

      const parsed = new URL(url, origin);
      if (!parsed.pathname.startsWith(`${prefix}/repos/acme/shop/`)) return send(404, { message: 'Not Found' });
      const rest = parsed.pathname.slice(`${prefix}/repos/acme/shop/`.length);
      let match = /^issues\/(\d+)\/comments$/.exec(rest);
      if (match && method === 'GET') {
        const issue = Number(match[1]);
        const perPage = Math.min(Number(parsed.searchParams.get('per_page') ?? 30), fake.pageSize);
        const page = Number(parsed.searchParams.get('page') ?? 1);
        const all = comments.filter((comment) => comment.issue === issue);
        const slice = all.slice((page - 1) * perPage, page * perPage);
        const lastPage = Math.max(1, Math.ceil(all.length / perPage));
        const links: string[] = [];
        const pageUrl = (n: number) => `${origin}${prefix}/repos/acme/shop/issues/${issue}/comments?per_page=${perPage}&page=${n}`;
        if (page < lastPage) links.push(`<${pageUrl(page + 1)}>; rel="next"`, `<${pageUrl(lastPage)}>; rel="last"`);
        if (page > 1) links.push(`<${pageUrl(1)}>; rel="first"`, `<${pageUrl(page - 1)}>; rel="prev"`);
        return send(200, slice.map(toJson), links.length > 0 ? { link: links.join(', ') } : {});
      }
      if (match && method === 'POST') {
        const created = fake.addComment(Number(match[1]), (JSON.parse(body) as { body: string }).body, 'github-actions[bot]');
        return send(201, toJson(created));
      }
      match = /^issues\/comments\/(\d+)$/.exec(rest);
      if (match) {
        const index = comments.findIndex((comment) => comment.id === Number(match![1]));
        if (index < 0) return send(404, { message: 'Not Found' });
        if (method === 'PATCH') {
          comments[index]!.body = (JSON.parse(body) as { body: string }).body;
          return send(200, toJson(comments[index]!));
        }
        if (method === 'DELETE') {
          comments.splice(index, 1);
          response.writeHead(204);
          response.end();
          return;
        }
      }
      return send(404, { message: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;

  const fake: FakeGitHub = {
    apiUrl: `${origin}${prefix}`,
    origin,
    requests,
    comments,
    pageSize: 100,
    addComment(issue, text, login = 'someone') {
      const comment = { id: nextId++, issue, body: text, login };
      comments.push(comment);
      return comment;
    },
    failNext(failure) {
      failures.push({ ...failure });
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
  return fake;
}
