// @ts-check
// What every browser test needs: the server's address, signing in, and knowing which endpoints the
// server's committed OpenAPI document offers (tests of endpoints not there yet are skipped).
import { readFileSync, mkdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
export const BASE_URL = process.env.KYC_BASE_URL ?? "http://127.0.0.1:8080";
export const PASSWORD = process.env.KYC_DEMO_PASSWORD ?? "";
export const RESULTS_DIR = join(here, "..", "test-results");
mkdirSync(RESULTS_DIR, { recursive: true });

const openapi = readFileSync(join(here, "..", "..", "openapi.yaml"), "utf8");

/** Whether `openapi.yaml` documents `path` (as written there, e.g. "/api/v1/sessions/{id}/mrz"). */
/** @param {string} path */
export function documents(path) {
  return openapi.split("\n").some((line) => line.trimEnd() === `  ${path}:`);
}

/**
 * `false` when every path is in openapi.yaml, else the reason to skip, printed so the run says
 * what it is waiting for. Checked at run time, so the tests start running when the endpoint lands.
 * @param {string[]} paths
 */
export function skipUnlessDocumented(...paths) {
  const missing = paths.filter((path) => !documents(path));
  if (missing.length === 0) return false;
  const reason = `waiting for ${missing.join(", ")} in openapi.yaml`;
  console.log(`SKIP: ${reason}`);
  return reason;
}

/** @param {string} email */
export async function tokenFor(email) {
  const response = await fetch(`${BASE_URL}/api/v1/auth/login`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ email, password: PASSWORD }),
  });
  if (!response.ok) throw new Error(`login of ${email} failed: ${response.status} ${await response.text()}`);
  return /** @type {{access_token: string}} */ (await response.json()).access_token;
}

/**
 * A GET of the API as `token`, for finding test subjects (a session with MRZ errors, say).
 * @param {string} token
 * @param {string} path
 */
export async function apiGet(token, path) {
  const response = await fetch(`${BASE_URL}${path}`, { headers: { Authorization: `Bearer ${token}` } });
  if (!response.ok) throw new Error(`GET ${path}: ${response.status} ${await response.text()}`);
  return response.json();
}

/**
 * A browser page already signed in as `email`, the way the dashboard keeps a sign-in: the login
 * leaves the refresh token in the context's HttpOnly cookie, and the page signs in from it when it
 * starts (nothing is put in storage).
 * @param {import("playwright-core").Browser} browser
 * @param {string} email
 */
export async function signedInPage(browser, email, { width = 1280, height = 900 } = {}) {
  const context = await browser.newContext({ viewport: { width, height }, acceptDownloads: true });
  await signInContext(context, email);
  const page = await context.newPage();
  watchForCspViolations(page);
  return { page, context };
}

/**
 * Logs `email` in within `context`, so that its pages share the refresh cookie as tabs do.
 * @param {import("playwright-core").BrowserContext} context
 * @param {string} email
 * @param {string} [password]
 */
export async function signInContext(context, email, password = PASSWORD) {
  const response = await context.request.post(`${BASE_URL}/api/v1/auth/login`, {
    data: { email, password, refresh_cookie: true },
  });
  if (!response.ok()) throw new Error(`login of ${email} failed: ${response.status()} ${await response.text()}`);
  const cookies = await context.cookies();
  if (!cookies.some((cookie) => cookie.name === "kyc_refresh" && cookie.httpOnly)) {
    throw new Error("the login set no HttpOnly refresh cookie");
  }
}

/** Content-Security-Policy refusals and uncaught errors seen by any page; a test asserts there were none. */
export const pageProblems = /** @type {string[]} */ ([]);

/** @param {import("playwright-core").Page} page */
export function watchForCspViolations(page) {
  page.on("console", (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) pageProblems.push(message.text());
  });
  page.on("pageerror", (error) => pageProblems.push(`page error: ${error.message}`));
}
