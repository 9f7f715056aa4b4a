// A hostile server on loopback: it answers with whatever the test says, typically an error body that echoes a
// secret it received (a consumer key, a bearer token, a client secret, an API token, a sensitive value) in some
// encoding and content type.
import { createServer, type IncomingHttpHeaders } from 'node:http';
import { onTestFinished } from 'vitest';
import { type JsonStyle, jsonString } from './secret-forms.js';

export { encodeValue, JSON_STYLES, type JsonStyle, leaksIn, secretForms, VALUE_ENCODINGS, type ValueEncoding } from './secret-forms.js';

/** A request the server received. */
export interface Received {
  method: string;
  /** Path and query, as sent. */
  path: string;
  headers: IncomingHttpHeaders;
  body: string;
}

/** What the server answers. */
export interface Reply {
  status?: number;
  contentType?: string;
  body?: string;
}

export interface LoopbackServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** Every request received, in order. */
  received: Received[];
  /** Replaces the handler (for a server shared by many property runs). */
  handle(handler: (request: Received) => Reply): void;
  close(): Promise<void>;
}

/** Serves `handler` on 127.0.0.1 (an ephemeral port); closed when the test ends unless `keep` (then call close()). */
export async function loopbackServer(handler: (request: Received) => Reply = () => ({ status: 404 }), keep = false): Promise<LoopbackServer> {
  let current = handler;
  const received: Received[] = [];
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { method: req.method ?? 'GET', path: req.url ?? '/', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      received.push(request);
      let reply: Reply;
      try {
        reply = current(request);
      } catch (error) {
        reply = { status: 599, contentType: 'text/plain', body: `echo server handler failed: ${(error as Error).message}` };
      }
      const body = Buffer.from(reply.body ?? '', 'utf8');
      res.writeHead(reply.status ?? 200, { 'content-type': reply.contentType ?? 'application/json', 'content-length': String(body.length) });
      res.end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  const close = async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  };
  if (!keep) onTestFinished(close);
  return {
    origin: `http://127.0.0.1:${port}`,
    received,
    handle: (next) => {
      current = next;
    },
    close,
  };
}

/** JSON text of a value, in a given style. */
export function jsonText(value: unknown, style: JsonStyle): string {
  if (typeof value === 'string') return jsonString(value, style);
  if (Array.isArray(value)) return `[${value.map((v) => jsonText(v, style)).join(',')}]`;
  if (value && typeof value === 'object') {
    return `{${Object.entries(value)
      .map(([k, v]) => `${jsonString(k, style)}:${jsonText(v, style)}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** Content types an error body comes in. */
export const CONTENT_TYPES = ['application/json', 'text/html', 'text/plain', 'application/x-www-form-urlencoded'] as const;
export type ContentType = (typeof CONTENT_TYPES)[number];

/**
 * An error body that carries `message` in every field the SDK's three error formats read (OVH's
 * `{class, message, errorCode, details}`, OAuth's `{error, error_description}`, Web PaaS's `{message, detail, title}`),
 * keys included: JSON in the given style (whatever the content type says), or, with `page`, an HTML or text page;
 * a form for the form content type.
 */
export function echoBody(message: string, contentType: ContentType, style: JsonStyle, page = false): string {
  if (contentType === 'application/x-www-form-urlencoded') {
    return new URLSearchParams({ error: 'invalid_request', error_description: message, message }).toString();
  }
  if (page) return contentType === 'text/html' ? `<!DOCTYPE html><html><body><h1>Error</h1><p>${message}</p></body></html>` : `Error: ${message}`;
  return jsonText(
    {
      class: 'Client::BadRequest',
      errorCode: 'ECHO',
      message,
      error: 'invalid_request',
      error_description: message,
      title: message,
      detail: { field: message, [message]: [message] },
      details: { echo: message, [message]: message },
    },
    style,
  );
}
