// A Response look-alike over a body that has already been read whole: what the SDK's fetch resolves with.
// A real `Response` (undici's) costs a Headers object, a body stream and its reader per call, for a body that is
// already one buffer in memory; ky and the transport only read `status`, `ok`, `headers.get()` and `text()` on the
// way to the caller. ky accepts any object whose `Object.prototype.toString` is `[object Response]` and treats it as
// a Response, so this one keeps fetch's semantics for everything it offers (the `bodyUsed` rules, a second read
// rejecting with a TypeError, `clone()`), and builds a real Response only if `body`, `blob()` or `formData()` is used.
// test/lean-response.test.ts pins what it supports.

let utf8: TextDecoder | undefined;

const UNUSABLE = 'Body is unusable: Body has already been read';
const CONSUMED = 'Response.clone: Body has already been consumed.';
// RFC 9110's token: what a header name may be made of.
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The headers of a response received by the SDK's Node fetch, over Node's `rawHeaders` (name, value, name, value…)
 * as they came: nothing is copied, lower-cased or sorted until asked for. Read-only, as a fetch response's are:
 * `set`, `append` and `delete` throw a TypeError.
 * @example new LeanHeaders(['Content-Type', 'application/json']).get('content-type') // 'application/json'
 */
export class LeanHeaders implements Headers {
  readonly #raw: readonly string[];

  /** `raw` is a flat list of names and values, as `IncomingMessage.rawHeaders`; it is kept, not copied. */
  constructor(raw: readonly string[]) {
    this.#raw = raw;
  }

  /** The value of every header called `name` (any case), joined with `, `; `null` when there is none. */
  get(name: string): string | null {
    const value = rawHeader(this.#raw, name.toLowerCase());
    if (value === null) checkName('get', name);
    return value;
  }

  /** Whether a header called `name` (any case) is present. */
  has(name: string): boolean {
    if (rawHeader(this.#raw, name.toLowerCase()) !== null) return true;
    checkName('has', name);
    return false;
  }

  /** Every `Set-Cookie` value, one per header, in the order received. */
  getSetCookie(): string[] {
    const raw = this.#raw;
    const cookies: string[] = [];
    for (let i = 0; i + 1 < raw.length; i += 2) if ((raw[i] as string).toLowerCase() === 'set-cookie') cookies.push(raw[i + 1] as string);
    return cookies;
  }

  /** Calls `callback(value, name, headers)` for each header, as fetch's Headers do (see `entries()`). */
  forEach(callback: (value: string, key: string, parent: Headers) => void, thisArg?: unknown): void {
    for (const [name, value] of this.#sorted()) callback.call(thisArg, value, name, this);
  }

  /** `[name, value]` pairs, names lower-cased and sorted, repeated headers joined with `, ` except `Set-Cookie`. */
  entries(): HeadersIterator<[string, string]> {
    return this.#sorted()[Symbol.iterator]() as HeadersIterator<[string, string]>;
  }

  /** The lower-cased names, sorted (`Set-Cookie` once per value), as `entries()`. */
  keys(): HeadersIterator<string> {
    return this.#sorted()
      .map(([name]) => name)
      [Symbol.iterator]() as HeadersIterator<string>;
  }

  /** The values, in the order of `keys()`. */
  values(): HeadersIterator<string> {
    return this.#sorted()
      .map(([, value]) => value)
      [Symbol.iterator]() as HeadersIterator<string>;
  }

  /** Same as `entries()`. */
  [Symbol.iterator](): HeadersIterator<[string, string]> {
    return this.entries();
  }

  /** Throws: a response's headers are read-only (`TypeError: immutable`, as fetch's). */
  set(_name: string, _value: string): void {
    throw new TypeError('immutable');
  }

  /** Throws: a response's headers are read-only (`TypeError: immutable`, as fetch's). */
  append(_name: string, _value: string): void {
    throw new TypeError('immutable');
  }

  /** Throws: a response's headers are read-only (`TypeError: immutable`, as fetch's). */
  delete(_name: string): void {
    throw new TypeError('immutable');
  }

  /** `Object.prototype.toString` reads `[object Headers]`. */
  get [Symbol.toStringTag](): string {
    return 'Headers';
  }

  /** A copy with the same headers (they are never modified, so the list is shared). */
  copy(): LeanHeaders {
    return new LeanHeaders(this.#raw);
  }

  // Fetch's "sort and combine": lower-cased names in order, repeated ones joined, Set-Cookie kept apart.
  #sorted(): Array<[string, string]> {
    const raw = this.#raw;
    const byName = new Map<string, string[]>();
    for (let i = 0; i + 1 < raw.length; i += 2) {
      const name = (raw[i] as string).toLowerCase();
      const values = byName.get(name);
      if (values) values.push(raw[i + 1] as string);
      else byName.set(name, [raw[i + 1] as string]);
    }
    const list: Array<[string, string]> = [];
    for (const name of [...byName.keys()].sort()) {
      const values = byName.get(name) as string[];
      if (name === 'set-cookie') for (const value of values) list.push([name, value]);
      else list.push([name, values.join(', ')]);
    }
    return list;
  }
}

/**
 * A header's value from Node's raw list (name, value, name, value…), `key` in lower case: every value joined with
 * `, ` (or only the first, with `first`), or `null` when there is none. One pass; names compared by length first,
 * then as sent (servers mostly send lower case).
 */
export function rawHeader(raw: readonly string[], key: string, first = false): string | null {
  let value: string | null = null;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const n = raw[i] as string;
    if (n.length === key.length && (n === key || n.toLowerCase() === key)) {
      if (first) return raw[i + 1] as string;
      value = value === null ? (raw[i + 1] as string) : `${value}, ${raw[i + 1] as string}`;
    }
  }
  return value;
}

function checkName(method: string, name: string): void {
  if (!TOKEN.test(name)) throw new TypeError(`Headers.${method}: "${name}" is an invalid header name.`);
}

/**
 * A fetch `Response` over a body already read whole. `Object.prototype.toString` reads `[object Response]`, so ky
 * takes it for one; `instanceof Response` is false. Supported as fetch's: `status`, `statusText`, `ok`, `headers`,
 * `url`, `redirected`, `type`, `bodyUsed`, `text()`, `json()`, `arrayBuffer()`, `bytes()`, `clone()`; `body`,
 * `blob()` and `formData()` go through a real Response built on first use.
 * @example const response = new LeanResponse(new TextEncoder().encode('{"a":1}'), 200, 'OK', new Headers(), url, false, 'basic');
 */
export class LeanResponse implements Response {
  /** The HTTP status code. */
  readonly status: number;
  /** The status message. */
  readonly statusText: string;
  /** True for a 2xx status. */
  readonly ok: boolean;
  /** The response headers. */
  readonly headers: Headers;
  /** The URL of the response, after redirects, without its fragment. */
  readonly url: string;
  /** True when the response comes from a redirect. */
  readonly redirected: boolean;
  /** `basic` for a response fetched from the network. */
  readonly type: ResponseType;
  /** The body; `null` when the response has none (204, 304, HEAD…). */
  readonly #bytes: Uint8Array | null;
  #used = false;
  /** A real Response over the same bytes, once `body`, `blob()` or `formData()` asked for one: it then owns the body. */
  #real: Response | undefined;

  constructor(
    body: Uint8Array | null,
    status: number,
    statusText: string,
    headers: Headers,
    url: string,
    redirected: boolean,
    type: ResponseType = 'basic',
  ) {
    this.#bytes = body;
    this.status = status;
    this.statusText = statusText;
    this.ok = status >= 200 && status <= 299;
    this.headers = headers;
    this.url = url;
    this.redirected = redirected;
    this.type = type;
  }

  /** `Object.prototype.toString` reads `[object Response]`: what ky checks. */
  get [Symbol.toStringTag](): string {
    return 'Response';
  }

  /** The body as a stream, built on first access (it then owns the body); `null` when there is none. */
  get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#bytes === null ? null : this.#realResponse().body;
  }

  /** True once the body has been read (or its stream read from or cancelled). */
  get bodyUsed(): boolean {
    return this.#real === undefined ? this.#used : this.#real.bodyUsed;
  }

  /** The body decoded as UTF-8 (a leading BOM dropped); rejects with a TypeError when it was already read. */
  async text(): Promise<string> {
    if (this.#real !== undefined) return this.#real.text();
    const bytes = this.#take();
    if (bytes === null) return '';
    utf8 ??= new TextDecoder();
    return utf8.decode(bytes);
  }

  /** The body parsed as JSON; rejects with a SyntaxError when it is not JSON, a TypeError when already read. */
  async json(): Promise<unknown> {
    return JSON.parse(await this.text());
  }

  /** A copy of the body's bytes in a new ArrayBuffer. */
  async arrayBuffer(): Promise<ArrayBuffer> {
    if (this.#real !== undefined) return this.#real.arrayBuffer();
    const bytes = this.#take();
    return bytes === null ? new ArrayBuffer(0) : (new Uint8Array(bytes).buffer as ArrayBuffer);
  }

  /** A copy of the body's bytes. */
  async bytes(): Promise<Uint8Array<ArrayBuffer>> {
    if (this.#real !== undefined) return this.#real.bytes();
    const bytes = this.#take();
    return bytes === null ? new Uint8Array(0) : new Uint8Array(bytes);
  }

  /** The body as a Blob typed with the response's Content-Type (through a real Response). */
  blob(): Promise<Blob> {
    return this.#realResponse().blob();
  }

  /** The body parsed as form data (through a real Response). */
  formData(): Promise<FormData> {
    return this.#realResponse().formData();
  }

  /** An independent copy, body included; throws a TypeError once the body has been read. */
  clone(): Response {
    const headers = this.headers instanceof LeanHeaders ? this.headers.copy() : new Headers(this.headers);
    if (this.#real === undefined && this.#used) throw new TypeError(CONSUMED);
    const copy = new LeanResponse(this.#bytes, this.status, this.statusText, headers, this.url, this.redirected, this.type);
    // The real one throws the same TypeError when its body was read or its stream is locked.
    if (this.#real !== undefined) copy.#real = this.#real.clone();
    return copy;
  }

  /** The bytes, marking the body used; a body already read is a TypeError. A null body reads as empty, every time. */
  #take(): Uint8Array | null {
    if (this.#used) throw new TypeError(UNUSABLE);
    if (this.#bytes !== null) this.#used = true;
    return this.#bytes;
  }

  #realResponse(): Response {
    if (this.#real === undefined) {
      const type = this.headers.get('content-type');
      this.#real = new Response(this.#bytes as Uint8Array<ArrayBuffer> | null, type === null ? undefined : { headers: { 'content-type': type } });
      // Already read here: the real one must say so too (bodyUsed, a locked and disturbed stream).
      if (this.#used) this.#real.arrayBuffer().catch(() => {});
    }
    return this.#real;
  }
}
