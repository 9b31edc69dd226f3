/**
 * The one client of the api for the mini-program and the bot, typed by the `paths` that openapi-typescript
 * generates from the api's OpenAPI document (`@huoban/contracts`): a path the api does not have, a missing path
 * parameter, a wrong query or a request body that does not match its DTO fails to compile, and the answer is the
 * documented success body. Pure and browser-safe (no imports): each app passes its transport (Taro.request in the
 * mini-program, fetch in the bot), which sends the request and resolves with the parsed body or throws.
 * Used as `@huoban/core/client`.
 */

export type HttpMethod = 'get' | 'put' | 'post' | 'delete';

/** The document paths that have `method` (openapi-typescript writes absent methods as optional `never`). */
export type PathsWith<Paths, M extends HttpMethod> = {
  [P in keyof Paths]: Paths[P] extends Record<M, unknown> ? P : never;
}[keyof Paths] &
  string;

/** The operation of `method` on `path`. */
export type Operation<Paths, P, M extends HttpMethod> = P extends keyof Paths
  ? Paths[P] extends Record<M, infer O>
    ? O
    : never
  : never;

type Params<O> = O extends { parameters: infer X } ? X : object;
type IsNever<T> = [T] extends [never] ? true : false;

/** `{ path: {...} }` when the path has parameters (all required), else nothing. */
type PathInit<O> = Params<O> extends { path: infer X } ? (IsNever<X> extends true ? object : { path: X }) : object;
/** `{ query?: {...} }`, required when a query parameter is. */
type QueryInit<O> =
  Params<O> extends { query: infer X }
    ? IsNever<X> extends true
      ? object
      : { query: X }
    : Params<O> extends { query?: infer X }
      ? IsNever<NonNullable<X>> extends true
        ? object
        : { query?: NonNullable<X> }
      : object;
type JsonOf<B> = B extends { content: { 'application/json': infer J } } ? J : never;
/** `{ body: Dto }` when the operation takes a JSON body (optional when the document says so), else no body. */
type BodyInit<O> = O extends { requestBody: infer B }
  ? IsNever<JsonOf<B>> extends true
    ? object
    : { body: JsonOf<B> }
  : O extends { requestBody?: infer B }
    ? IsNever<JsonOf<NonNullable<B>>> extends true
      ? object
      : { body?: JsonOf<NonNullable<B>> }
    : object;

/** What a call of operation `O` takes besides its path: path parameters, query, JSON body. */
export type RequestInit<O> = PathInit<O> & QueryInit<O> & BodyInit<O>;

type SuccessStatus = 200 | 201 | 202 | 203 | 204;
type ContentOf<R> = R extends { content: { 'application/json': infer J } }
  ? J
  : R extends { content?: never }
    ? undefined
    : unknown;
/** The success body of operation `O` (the union when it answers 200 or 201). */
export type ResponseData<O> = O extends { responses: infer R } ? ContentOf<R[Extract<keyof R, SuccessStatus>]> : never;

/** The rest arguments of a call: optional when nothing in them is required. `X`: the transport's own options. */
type Args<I, X> = object extends I ? [init?: I & X] : [init: I & X];

/** One request as the transport sends it. */
export interface ApiRequest<X> {
  method: Uppercase<HttpMethod>;
  /** the document path (`/api/v1/complaints/{id}`), for errors and logs */
  path: string;
  /** the full URL with path parameters and query */
  url: string;
  /** the JSON body, when the call has one */
  body?: unknown;
  /** the transport's own options of this call (auth, idempotency key, …) */
  options: X;
}

/** Sends a request: resolves with the parsed success body, throws on any failure. */
export type Transport<X> = (request: ApiRequest<X>) => Promise<unknown>;

export interface ApiClientOptions<X> {
  /** where the api answers, without a trailing slash */
  baseUrl: string;
  /** the start of every document path that `baseUrl` already holds (the mini-program's base ends with `/api/v1`) */
  pathPrefix?: string;
  transport: Transport<X>;
}

type Call<Paths, M extends HttpMethod, X> = <P extends PathsWith<Paths, M>>(
  path: P,
  ...init: Args<RequestInit<Operation<Paths, P, M>>, X>
) => Promise<ResponseData<Operation<Paths, P, M>>>;

/** `X`: the transport's own options of a call (never named `path`, `query` or `body`). */
export interface ApiClient<Paths, X = object> {
  get: Call<Paths, 'get', X>;
  post: Call<Paths, 'post', X>;
  put: Call<Paths, 'put', X>;
  delete: Call<Paths, 'delete', X>;
  /** The full URL of a call, for what the transport cannot carry: file uploads and downloads. */
  url<M extends HttpMethod, P extends PathsWith<Paths, M>>(
    method: M,
    path: P,
    ...init: Args<PathInit<Operation<Paths, P, M>> & QueryInit<Operation<Paths, P, M>>, object>
  ): string;
}

export type QueryValue = string | number | boolean | null | undefined | readonly (string | number | boolean)[];

/** "?a=1&b=x%20y&c=1&c=2" without empty values (undefined, null, ''); "" when nothing is left. */
export function buildQuery(query?: Record<string, QueryValue> | object): string {
  if (!query) return '';
  const parts: string[] = [];
  for (const [k, v] of Object.entries(query as Record<string, QueryValue>))
    for (const item of Array.isArray(v) ? v : [v])
      if (item !== undefined && item !== null && item !== '')
        parts.push(`${encodeURIComponent(k)}=${encodeURIComponent(String(item))}`);
  return parts.length ? `?${parts.join('&')}` : '';
}

/** `/complaints/{id}` with `{ id }` filled in (encoded); a missing parameter is an error, never "undefined". */
export function fillPath(path: string, params: Record<string, unknown> = {}): string {
  return path.replace(/\{([^}]+)\}/g, (_, name: string) => {
    const v = params[name];
    if (v === undefined || v === null || v === '') throw new Error(`${path}: path parameter ${name} is missing`);
    return encodeURIComponent(String(v));
  });
}

interface Init {
  path?: Record<string, unknown>;
  query?: Record<string, QueryValue>;
  body?: unknown;
}

export function createApiClient<Paths, X = object>(opts: ApiClientOptions<X>): ApiClient<Paths, X> {
  const base = opts.baseUrl.replace(/\/+$/, '');
  const prefix = opts.pathPrefix ?? '';
  const url = (path: string, init: Init = {}) =>
    `${base}${fillPath(prefix && path.startsWith(prefix) ? path.slice(prefix.length) : path, init.path)}${buildQuery(init.query)}`;
  const call =
    (method: Uppercase<HttpMethod>) =>
    (path: string, init: Init & Record<string, unknown> = {}) => {
      const { path: params, query, body, ...options } = init;
      return opts.transport({
        method,
        path,
        url: url(path, { path: params, query }),
        ...(body !== undefined && { body }),
        options: options as X,
      });
    };
  return {
    get: call('GET'),
    post: call('POST'),
    put: call('PUT'),
    delete: call('DELETE'),
    url: (_method: HttpMethod, path: string, init?: Init) => url(path, init),
  } as unknown as ApiClient<Paths, X>;
}
