// The one HTTP client of the dashboard: typed by the generated schema, authenticated with the
// signed-in user's bearer token (renewed silently), and turning RFC 9457 problems into `ApiProblem` errors.
import createClient from "openapi-fetch";
import type { components, paths } from "./schema";
import { endSession, getToken } from "../lib/auth";
import { refreshSession } from "../lib/session";

export type Schemas = components["schemas"];
// The closed sets of values, as the OpenAPI document lists them (generated, never retyped).
export {
  documentTypeValues,
  pepStatusValues,
  roleValues,
  sessionStatusValues,
  spoofFilterValues,
  teamRoleValues,
} from "./schema";
export type Problem = Schemas["Problem"];

export class ApiProblem extends Error {
  readonly status: number;
  readonly type: string;

  constructor(status: number, detail: string, type = "about:blank") {
    super(detail);
    this.name = "ApiProblem";
    this.status = status;
    this.type = type;
  }
}

/**
 * Every call carries the signed-in user's bearer token. When the server answers 401 the token ran
 * out (or was revoked): the session renews it silently once and repeats the call; when that is
 * refused too, the user is signed out and told so. The auth endpoints' own 401s (a wrong password,
 * a wrong code) say nothing about the session.
 */
async function sendAuthenticated(request: Request): Promise<Response> {
  // A call may bring its own bearer (the short-lived token of a sign-in that still needs a second
  // factor); it is sent as is and not renewed.
  const token = request.headers.has("Authorization") ? null : getToken();
  if (token) request.headers.set("Authorization", `Bearer ${token}`);
  const again = token ? request.clone() : null;
  const response = await globalThis.fetch(request);
  if (response.status !== 401 || !again || isAuthEndpoint(request)) return response;
  if ((await refreshSession()) !== "refreshed") {
    endSession();
    return response;
  }
  again.headers.set("Authorization", `Bearer ${getToken()}`);
  const repeated = await globalThis.fetch(again);
  if (repeated.status === 401) endSession();
  return repeated;
}

const isAuthEndpoint = (request: Request) => new URL(request.url).pathname.startsWith("/api/v1/auth/");

export const api = createClient<paths>({
  baseUrl: globalThis.location?.origin ?? "",
  // Looked up on every call so that tests can replace `fetch`.
  fetch: sendAuthenticated,
});

interface FetchResult<Data> {
  data?: Data;
  error?: unknown;
  response: Response;
}

/** The response body of a successful call; throws `ApiProblem` with the server's `detail` otherwise. */
export async function unwrap<Data>(call: Promise<FetchResult<Data>>): Promise<Data> {
  const { data, error, response } = await call;
  if (!response.ok || error !== undefined) throw problemOf(response, error);
  return data as Data;
}

export function problemOf(response: Response, body: unknown): ApiProblem {
  if (isProblem(body)) return new ApiProblem(body.status, body.detail || body.title, body.type);
  return new ApiProblem(response.status, response.statusText || `HTTP ${response.status}`);
}

function isProblem(body: unknown): body is Problem {
  return typeof body === "object" && body !== null && "status" in body && ("detail" in body || "title" in body);
}

export const isNotFound = (error: unknown) => error instanceof ApiProblem && error.status === 404;
