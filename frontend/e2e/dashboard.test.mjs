// @ts-check
// The dashboard end to end: Debian's Chromium driving the built SPA served by a real kyc-server
// seeded with the demo data. Run by scripts/test-frontend.sh, which starts the server.
import assert from "node:assert/strict";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { launchBrowser } from "./browser.mjs";
import {
  BASE_URL,
  PASSWORD,
  RESULTS_DIR,
  apiGet,
  pageProblems,
  signedInPage,
  skipUnlessDocumented,
  tokenFor,
  watchForCspViolations,
} from "./support.mjs";

const DETAILS_READY_BUDGET_MS = 1000;

/** @type {import("playwright-core").Browser} */
let browser;
/** @type {string} */
let operatorToken;
/** The demo sessions of Demo Bank, newest first. */
let sessions = /** @type {any[]} */ ([]);

before(async () => {
  browser = await launchBrowser();
  operatorToken = await tokenFor("operator@demo.test");
  sessions = (await apiGet(operatorToken, "/api/v1/sessions?limit=100")).items;
  assert.ok(sessions.length > 20, "the demo data has sessions");
});

after(async () => {
  await browser?.close();
});

/** The first demo session whose details satisfy `accept`. */
async function findSession(/** @type {(details: any) => boolean} */ accept) {
  for (const summary of sessions) {
    const details = await apiGet(operatorToken, `/api/v1/sessions/${summary.id}`);
    if (accept(details)) return details;
  }
  throw new Error("no demo session fits");
}

/**
 * Milliseconds from the start of the page's navigation until the details page shows the session
 * with every section loaded (attempts, PEP, notes: no "Loading…" left) and all its photos decoded.
 * @param {import("playwright-core").Page} page
 * @param {number} photoCount
 */
async function whenDetailsReady(page, photoCount) {
  const handle = await page.waitForFunction((count) => {
    const images = Array.from(document.querySelectorAll(".photos img"));
    const ready =
      document.querySelector("[data-testid=session-details]") &&
      document.querySelector("table.attempts-table") &&
      document.querySelector("[data-testid=pep] .pep__lists") &&
      document.querySelector("[data-testid=notes] .note-form, [data-testid=notes] .notes") &&
      !document.querySelector("[data-testid=session-details] .loading") &&
      images.length === count &&
      images.every((image) => image instanceof HTMLImageElement && image.complete && image.naturalWidth > 0);
    return ready ? performance.now() : false;
  }, photoCount);
  return Math.round(Number(await handle.jsonValue()));
}

/** Distinct sessions for the tests that change one, so that they do not step on each other. */
const awaitingAction = () => sessions.filter((session) => session.status === "awaiting_action");
/** Sessions awaiting action that the screening gate lets an operator verify (no open or confirmed match). */
const awaitingWithoutMatches = () =>
  awaitingAction().filter((session) => session.pep_status === "clear" || session.pep_status === "not_screened");

test("an operator signs in with email and password and lands on the sessions list", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const page = await context.newPage();
  watchForCspViolations(page);
  await page.goto(`${BASE_URL}/`);
  await page.getByLabel("Email").fill("operator@demo.test");
  await page.getByLabel("Password").fill(PASSWORD);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
  await page.locator("table.sessions-table tbody tr").first().waitFor();
  assert.equal(new URL(page.url()).pathname, "/sessions");
  assert.equal(await page.locator("table.sessions-table tbody tr").count(), 25, "a first page of 25 sessions");
  await page.screenshot({ path: join(RESULTS_DIR, "sessions-list.png") });
  await context.close();
});

test("a wrong password shows the server's reason and stays on the sign-in page", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/login`);
  await page.getByLabel("Email").fill("operator@demo.test");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.getByRole("alert").getByText("wrong email or password").waitFor();
  assert.equal(new URL(page.url()).pathname, "/login");
  await context.close();
});

test("searching by document number finds that session", async () => {
  const target = sessions.find((session) => session.document_number);
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  await page.locator("table.sessions-table tbody tr").first().waitFor();
  await page.keyboard.press("/");
  await page.keyboard.type(target.document_number);
  await page.waitForURL((url) => url.searchParams.get("q") === target.document_number);
  const rows = page.locator("table.sessions-table tbody tr");
  await page.waitForFunction(() => document.querySelectorAll("table.sessions-table tbody tr").length === 1);
  assert.match(await rows.first().innerText(), new RegExp(target.document_number));
  assert.match(await rows.first().innerText(), new RegExp(target.last_name));
  await context.close();
});

test("the status filter narrows the list and lives in the URL", async () => {
  // The rarest status of the demo data, so that the whole filtered list fits on one page.
  const counts = new Map();
  for (const session of sessions) counts.set(session.status, (counts.get(session.status) ?? 0) + 1);
  const [status, count] = [...counts].sort((a, b) => a[1] - b[1])[0] ?? assert.fail("no sessions");
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  await page.getByRole("combobox", { name: "Status" }).selectOption(status);
  await page.waitForURL((url) => url.searchParams.get("status") === status);
  await page.waitForFunction(
    (expected) => document.querySelectorAll("table.sessions-table tbody tr").length === expected,
    Math.min(count, 25),
  );
  const badges = await page.locator("table.sessions-table tbody td:nth-child(7) .badge").allInnerTexts();
  assert.equal(new Set(badges).size, 1, `every row has the status ${status}`);
  await page.reload();
  assert.equal(await page.getByRole("combobox", { name: "Status" }).inputValue(), status, "the filter survives a reload");
  await context.close();
});

test("cursor pages move forward and back", async () => {
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  const firstRow = page.locator("table.sessions-table tbody tr").first();
  await firstRow.waitFor();
  const firstOfPageOne = await firstRow.innerText();
  await page.getByRole("button", { name: /Next/ }).click();
  await page.waitForURL((url) => url.searchParams.has("cursor"));
  await page.getByText("Page 2").waitFor();
  await page.waitForFunction(() => !document.querySelector(".is-stale"));
  assert.notEqual(await firstRow.innerText(), firstOfPageOne);
  await page.getByRole("button", { name: /Previous/ }).click();
  await page.getByText("Page 1").waitFor();
  await page.waitForFunction(() => !document.querySelector(".is-stale"));
  assert.equal(await firstRow.innerText(), firstOfPageOne);
  await context.close();
});

test("a session with MRZ errors shows every section's values, ready within the budget", async () => {
  const session = await findSession((details) => details.mrz_valid === false && details.photos.length > 0);
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  // Ready: the session, its attempts and every photo are on screen. Timed by the browser's own
  // clock, so the test runner's polling does not count. First from the list, as officers do it...
  await page.goto(`${BASE_URL}/sessions?q=${encodeURIComponent(session.summary.document_number ?? session.summary.last_name)}`);
  const link = page.locator(`a.row-link[href="/sessions/${session.id}"]`);
  await link.waitFor();
  await page.evaluate(() =>
    document.addEventListener("click", () => sessionStorage.setItem("clicked_at", String(performance.now())), { capture: true, once: true }),
  );
  await link.click();
  const readyAfterClick = await whenDetailsReady(page, session.photos.length);
  const inAppMs = readyAfterClick - Math.round(Number(await page.evaluate(() => sessionStorage.getItem("clicked_at"))));
  // ...then as a fresh page load of the details URL (bundle cached, as it is all day).
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  const readyMs = await whenDetailsReady(page, session.photos.length);

  const text = (/** @type {string} */ testId) => page.getByTestId(testId).innerText();
  const summary = await text("summary");
  for (const value of [session.summary.first_name, session.summary.last_name, session.summary.document_number, session.summary.personal_number]) {
    if (value) assert.ok(summary.includes(value), `summary shows ${value}`);
  }
  const verification = await text("verification");
  assert.match(verification, /Verified/);
  assert.match(verification, /Liveness passed/);
  assert.match(verification, /Document valid/);
  assert.match(verification, /MRZ valid\s*✗?\s*No/);
  assert.match(verification, new RegExp(`Company\\s*${session.company.name}`));
  if (session.verification.face_match.level) {
    assert.match(verification, new RegExp(`Level ${session.verification.face_match.level} of 7`));
    assert.ok(verification.includes(`FAR ${session.verification.face_match.far}`));
  }
  const activity = await text("customer-activity");
  if (session.customer_activity.client_ip) assert.ok(activity.includes(session.customer_activity.client_ip));
  assert.ok(activity.includes(session.id), "the session id");
  for (const field of session.extra_fields) assert.ok((await text("extra-fields")).includes(field.value));
  const pepLabels = { clear: "Clear", potential_match: "Potential match", confirmed_match: "Confirmed match", not_screened: "Not screened" };
  assert.equal(await page.locator("#pep .card__actions .badge").innerText(), pepLabels[/** @type {keyof typeof pepLabels} */ (session.pep.status)]);
  assert.equal(await page.getByTestId("notes").locator(".note").count(), session.notes_count, "every note");
  assert.equal(
    await page.locator("table.attempts-table thead th").count(),
    session.customer_activity.attempts + 1,
    "one column per attempt beside the row labels",
  );

  await page.screenshot({ path: join(RESULTS_DIR, "session-details.png"), fullPage: true });
  const timings = { page_load_ms: readyMs, from_list_ms: inAppMs, budget_ms: DETAILS_READY_BUDGET_MS };
  writeFileSync(join(RESULTS_DIR, "details-ready.json"), JSON.stringify(timings));
  console.log(`details page ready ${readyMs} ms after a page load, ${inAppMs} ms after a click in the list (budget ${DETAILS_READY_BUDGET_MS} ms)`);
  assert.ok(readyMs <= DETAILS_READY_BUDGET_MS, `details page ready in ${readyMs} ms after a page load`);
  assert.ok(inAppMs <= DETAILS_READY_BUDGET_MS, `details page ready in ${inAppMs} ms after a click`);
  await context.close();
});

test("a photo opens enlarged and zooms with the keyboard", async () => {
  const session = await findSession((details) => details.photos.length > 0);
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByRole("button", { name: /^Enlarge/ }).first().click();
  const dialog = page.getByRole("dialog");
  await dialog.locator("img").waitFor();
  await dialog.locator(".zoom__frame").focus();
  await page.keyboard.press("+");
  await dialog.getByText("150%").waitFor();
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await context.close();
});

test("the MRZ dialog draws the lines with the failing characters highlighted", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/mrz") }, async () => {
  const session = await findSession((details) => details.mrz_valid === false);
  const check = await apiGet(operatorToken, `/api/v1/sessions/${session.id}/mrz`);
  const failing = check.details.filter((/** @type {any} */ detail) => !detail.valid);
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByRole("button", { name: "Check MRZ errors" }).click();
  const dialog = page.getByRole("dialog", { name: /MRZ/ });
  await dialog.waitFor();
  for (const [index, line] of session.mrz.entries()) {
    assert.equal(await dialog.getByTestId(`mrz-line-${index}`).innerText(), line);
  }
  assert.ok((await dialog.locator("mark.mrz__error").count()) > 0, "failing characters are marked");
  const errors = await dialog.getByTestId("mrz-errors").innerText();
  for (const detail of failing) {
    assert.ok(errors.includes(`Category: ${detail.label}`), `lists ${detail.label}`);
    assert.ok(errors.includes(`Error: ${detail.error}`), `explains ${detail.error}`);
  }
  await page.screenshot({ path: join(RESULTS_DIR, "mrz-dialog.png") });
  await page.keyboard.press("Escape");
  await dialog.waitFor({ state: "hidden" });
  await context.close();
});

test("the PEP section lists matches with score, reasons and lists", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/pep") }, async () => {
  const candidate = sessions.find((session) => session.pep_status === "potential_match" || session.pep_status === "confirmed_match");
  assert.ok(candidate, "the demo has a screening match");
  const pep = await apiGet(operatorToken, `/api/v1/sessions/${candidate.id}/pep`);
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${candidate.id}`);
  const section = page.getByTestId("pep");
  await section.getByText(pep.matches[0].name).first().waitFor();
  const text = await section.innerText();
  assert.ok(text.includes(pep.matches[0].list) || pep.lists.some((/** @type {any} */ list) => text.includes(list.name)));
  await context.close();
});

test("an operator adds a note and sees it in the list", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/notes") }, async () => {
  const session = sessions[1];
  const body = `Checked the selfie against the passport photo (${Date.now()})`;
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByLabel("New note").fill(body);
  await page.getByRole("button", { name: "Add note" }).click();
  await page.getByTestId("notes").getByText(body).waitFor();
  await page.reload();
  await page.getByTestId("notes").getByText(body).waitFor();
  await context.close();
});

test("an operator approves a session awaiting action", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/decision") }, async () => {
  const session = awaitingWithoutMatches()[0];
  assert.ok(session, "the demo has a session awaiting action without a screening match");
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByRole("button", { name: "Verify" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Note").fill("Document and selfie checked by hand.");
  await dialog.getByRole("button", { name: "Verify session" }).click();
  await dialog.waitFor({ state: "hidden" });
  const after = await apiGet(operatorToken, `/api/v1/sessions/${session.id}`);
  if (after.status === "verified") {
    await page.locator(".details__title .badge", { hasText: "Verified" }).waitFor();
  } else {
    // Four-eyes review: the first approval of a session that failed a check waits for a second operator.
    assert.equal(after.status, "awaiting_action");
    await page.getByText(/second approval/i).first().waitFor();
  }
  await context.close();
});

test("confirming AHMAD HASSAN AL RASHID's sanctions match leaves Verify refused with the reason shown", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/decision") }, async () => {
  const session = sessions.find((summary) => summary.last_name === "AL RASHID" && summary.status === "awaiting_action");
  assert.ok(session, "the demo has AHMAD HASSAN AL RASHID awaiting action");
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  const banner = page.getByTestId("screening-banner");
  await banner.waitFor();
  const box = await banner.boundingBox();
  assert.ok(box && box.y + box.height <= 900, "the banner is visible above the fold");
  assert.match(await banner.innerText(), /sanctions match.*Not reviewed yet/is);
  assert.match(await page.getByTestId("status-reasons").innerText(), /Screening match/);

  const section = page.getByTestId("pep");
  const confirm = section.getByRole("button", { name: "Confirm match" });
  await confirm.first().waitFor();
  while ((await confirm.count()) > 0) {
    await confirm.first().click();
    const review = page.getByRole("dialog");
    await review.getByLabel("Note").fill("Same person as the SDGT listing: name, year of birth and nationality.");
    await review.getByRole("button", { name: "Save review" }).click();
    await review.waitFor({ state: "hidden" });
  }
  await banner.getByText(/Confirmed sanctions match.*can only be rejected/).first().waitFor();

  await page.getByRole("button", { name: "Verify" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Note").fill("Trying to verify anyway.");
  await dialog.getByRole("button", { name: "Verify session" }).click();
  await dialog.getByRole("alert").getByText(/confirmed sanctions match.*only be rejected/).waitFor();
  const after = await apiGet(operatorToken, `/api/v1/sessions/${session.id}`);
  assert.equal(after.status, "awaiting_action", "refused: the session still awaits action");
  await context.close();
});

test("an operator rejects a session with reasons from the taxonomy", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/decision") }, async () => {
  const session = awaitingWithoutMatches()[1];
  assert.ok(session, "the demo has a second session awaiting action");
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByRole("button", { name: "Reject" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByRole("checkbox", { name: "MRZ issue" }).check();
  await dialog.getByRole("checkbox", { name: "Selfie mismatch" }).check();
  await dialog.getByLabel("Note").fill("MRZ check digit wrong and selfie does not match.");
  await dialog.getByRole("button", { name: "Reject session" }).click();
  await dialog.waitFor({ state: "hidden" });
  await page.locator(".details__title .badge", { hasText: "Rejected" }).waitFor();
  await context.close();
});

test("the PDF report downloads in the interface's language", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/report.pdf") }, async () => {
  const session = sessions[0];
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  const download = async (/** @type {string} */ buttonName) => {
    const [file] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: buttonName }).click()]);
    const path = join(RESULTS_DIR, file.suggestedFilename());
    await file.saveAs(path);
    assert.equal(readFileSync(path).subarray(0, 5).toString(), "%PDF-");
    return file.suggestedFilename();
  };
  assert.match(await download("Download PDF"), /-en\.pdf$/);
  await page.getByRole("status").getByText(/PDF downloaded\. Verification code: \S+/).waitFor();
  await page.getByRole("button", { name: "ქართული" }).click();
  assert.match(await download("PDF-ის ჩამოტვირთვა"), /-ka\.pdf$/);
  await context.close();
});

test("a viewer sees the session but no note form and no decision buttons", { skip: skipUnlessDocumented("/api/v1/sessions/{id}/notes") }, async () => {
  const session = awaitingAction().at(-1) ?? sessions[0];
  const { page, context } = await signedInPage(browser, "viewer@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByTestId("notes").waitFor();
  await page.getByTestId("summary").waitFor();
  assert.equal(await page.getByLabel("New note").count(), 0);
  assert.equal(await page.getByRole("button", { name: "Add note" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Verify" }).count(), 0);
  assert.equal(await page.getByRole("button", { name: "Reject" }).count(), 0);
  await context.close();
});

test("the keyboard alone finds and opens a session", async () => {
  const target = sessions.find((session) => session.document_number && session.last_name);
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  await page.locator("table.sessions-table tbody tr").first().waitFor();
  await page.keyboard.press("/");
  await page.keyboard.type(target.last_name);
  await page.keyboard.press("Enter");
  await page.waitForURL((url) => url.searchParams.get("q") === target.last_name);
  await page.locator(`a.row-link[href="/sessions/${target.id}"]`).waitFor();
  await page.locator("a.row-link").first().focus();
  const rowCount = await page.locator("a.row-link").count();
  for (let row = 0; row < rowCount; row++) {
    if ((await page.evaluate(() => document.activeElement?.getAttribute("href"))) === `/sessions/${target.id}`) break;
    await page.keyboard.press("ArrowDown");
  }
  await page.keyboard.press("Enter");
  await page.waitForURL(`${BASE_URL}/sessions/${target.id}`);
  await page.getByTestId("summary").waitFor();
  await context.close();
});

test("an admin reads the company's activity log and a session's activity", async () => {
  const session = sessions[2];
  const { page, context } = await signedInPage(browser, "admin@demo.test");
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByTestId("session-activity").getByText("Opened the session").first().waitFor();
  await page.getByRole("link", { name: "Activity log" }).click();
  await page.getByRole("heading", { name: "Activity log", level: 1 }).waitFor();
  await page.locator("table.activity-table tbody tr").first().waitFor();
  await page.getByRole("combobox", { name: "Action" }).selectOption("auth.login");
  await page.waitForURL((url) => url.searchParams.get("action") === "auth.login");
  await page.waitForFunction(() => {
    const actions = Array.from(document.querySelectorAll("table.activity-table tbody tr td:nth-child(3)"), (cell) => cell.textContent);
    return actions.length > 0 && actions.every((action) => action === "Signed in");
  });
  await context.close();
});

test("the dashboard draws sessions per day and the admin exports the list as CSV", { skip: skipUnlessDocumented("/api/v1/stats", "/api/v1/sessions/export.csv") }, async () => {
  const { page, context } = await signedInPage(browser, "admin@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  await page.getByRole("link", { name: "Dashboard" }).click();
  await page.getByRole("heading", { name: "Dashboard", level: 1 }).waitFor();
  // uPlot draws on a canvas inside the chart; its legend names every outcome.
  const chart = page.getByTestId("sessions-chart");
  await chart.locator("canvas").waitFor();
  const size = await chart.locator("canvas").evaluate((element) => {
    const canvas = /** @type {HTMLCanvasElement} */ (element);
    return { width: canvas.width, height: canvas.height };
  });
  assert.ok(size.width > 0 && size.height > 0, `the chart has a size: ${JSON.stringify(size)}`);
  await chart.getByText("Verified").first().waitFor();
  assert.ok(Number(await page.getByTestId("stats-sessions").textContent()) > 0, "the demo's sessions are counted");
  await page.getByRole("link", { name: "Sessions", exact: true }).click();
  const download = page.waitForEvent("download");
  await page.getByRole("button", { name: "Export CSV" }).click();
  assert.match((await download).suggestedFilename(), /^sessions-\d{4}-\d{2}-\d{2}\.csv$/);
  await context.close();
});

test("an operator has no activity log", async () => {
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${sessions[2].id}`);
  await page.getByTestId("summary").waitFor();
  assert.equal(await page.getByRole("link", { name: "Activity log" }).count(), 0);
  assert.equal(await page.getByTestId("session-activity").count(), 0);
  await page.goto(`${BASE_URL}/activity`);
  await page.getByText("Only administrators can see the activity log.").waitFor();
  await context.close();
});

test("another company's session URL shows not found", async () => {
  const otherToken = await tokenFor("admin@other.test");
  const [foreign] = (await apiGet(otherToken, "/api/v1/sessions?limit=1")).items;
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions/${foreign.id}`);
  await page.getByRole("heading", { name: "Not found" }).waitFor();
  assert.equal(await page.getByTestId("session-details").count(), 0);
  if (foreign.last_name) assert.equal(await page.getByText(foreign.last_name).count(), 0);
  await context.close();
});

test("the interface switches to Georgian and remembers it", async () => {
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  await page.getByRole("button", { name: "ქართული" }).click();
  await page.getByRole("heading", { name: "სესიები", level: 1 }).waitFor();
  assert.equal(await page.locator("html").getAttribute("lang"), "ka");
  await page.reload();
  await page.getByRole("heading", { name: "სესიები", level: 1 }).waitFor();
  await page.screenshot({ path: join(RESULTS_DIR, "sessions-list-ka.png") });
  await context.close();
});

test("the list and the details page fit a tablet screen", async () => {
  const session = sessions[0];
  const { page, context } = await signedInPage(browser, "operator@demo.test", { width: 820, height: 1180 });
  await page.goto(`${BASE_URL}/sessions/${session.id}`);
  await page.getByTestId("summary").waitFor();
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (overflow ${overflow}px)`);
  await page.screenshot({ path: join(RESULTS_DIR, "session-details-tablet.png") });
  await context.close();
});

test("without a login's cookie the user is sent to sign in, with no word of an ended session", async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(`${BASE_URL}/sessions`);
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  assert.equal(new URL(page.url()).pathname, "/login");
  assert.equal(await page.getByText("Your session has ended").count(), 0, "nobody was signed in to end");
  await context.close();
});

test("no page broke the Content-Security-Policy or threw an error", () => {
  assert.deepEqual(pageProblems, []);
});
