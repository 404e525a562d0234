/**
 * A function reached over HTTP (CloudBase HTTP 访问服务): the integration request it receives and the integration
 * response it answers, as CloudBase's docs describe them ("通过 HTTP 访问云函数"). The local backend builds the same
 * event for the same paths, so the function runs unchanged in both worlds.
 */

/** CloudBase's integration request 集成请求. */
export interface HttpEvent {
  /** The request path; with path pass-through off it may be given without the access path (both are handled). */
  path: string;
  httpMethod: string;
  headers: Record<string, string | undefined>;
  queryStringParameters?: Record<string, string | undefined> | null;
  body?: string | null;
  isBase64Encoded?: boolean;
  requestContext?: Record<string, unknown>;
}

/** CloudBase's integration response 集成响应: it becomes the HTTP response as given. */
export interface HttpResponse {
  statusCode: number;
  headers: Record<string, string>;
  body: string;
  isBase64Encoded: false;
}

/** A function with an HTTP access path (one per function): the build deploys the path, the local backend serves it. */
export interface HttpService {
  /** The function (cloudfunctions/<name>) the path reaches. */
  name: string;
  /** The access path, e.g. `/open311/v2`: everything under it reaches the function. */
  path: string;
  handle(event: HttpEvent, options?: { now?: () => Date }): Promise<HttpResponse>;
}

/** What an HTTP event looks like to an entry point (the mini-program's events carry `action`, timers `Type`). */
export const isHttpEvent = (event: unknown): event is HttpEvent =>
  typeof event === 'object' &&
  event !== null &&
  typeof (event as HttpEvent).httpMethod === 'string' &&
  typeof (event as HttpEvent).path === 'string';

export const jsonResponse = (statusCode: number, body: unknown): HttpResponse => ({
  statusCode,
  headers: { 'content-type': 'application/json; charset=utf-8', 'cache-control': 'no-store' },
  body: JSON.stringify(body),
  isBase64Encoded: false,
});

/** The body as text, decoded when CloudBase sent it in Base64. */
export const bodyText = (event: HttpEvent): string =>
  event.isBase64Encoded ? Buffer.from(event.body ?? '', 'base64').toString('utf8') : (event.body ?? '');

/** A header by name, whatever its case. */
export function header(event: HttpEvent, name: string): string {
  const wanted = name.toLowerCase();
  const key = Object.keys(event.headers ?? {}).find((k) => k.toLowerCase() === wanted);
  return key ? (event.headers[key] ?? '') : '';
}
