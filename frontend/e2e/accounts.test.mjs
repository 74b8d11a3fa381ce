// @ts-check
// Accounts end to end: inviting a colleague from the Team page, the colleague choosing a password
// in a browser of their own and signing in, a sign-in that survives new tabs without any token in
// storage, and signing out of every tab at once. Run by scripts/test-frontend.sh, which starts the
// server with the demo data.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { launchBrowser } from "./browser.mjs";
import * as OTPAuth from "otpauth";
import { BASE_URL, PASSWORD, signedInPage, tokenFor, watchForCspViolations } from "./support.mjs";

/** @type {import("playwright-core").Browser} */
let browser;

before(async () => {
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
});

/** A password the server's zxcvbn check accepts. */
const COLLEAGUE_PASSWORD = "violet tractor ocean lantern 42";

/**
 * What the page's scripts can read of storage: the dashboard must keep no token there.
 * @param {import("playwright-core").Page} page
 */
async function storedTokens(page) {
  return page.evaluate(() =>
    [localStorage, sessionStorage].flatMap((storage) =>
      Object.keys(storage)
        .map((key) => `${key}=${storage.getItem(key)}`)
        .filter((entry) => /token|eyJ/i.test(entry)),
    ),
  );
}

/**
 * Signs in on the login page, as a person does.
 * @param {import("playwright-core").Page} page
 * @param {string} email
 * @param {string} password
 */
async function signInOnPage(page, email, password) {
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
}

test("an admin invites a colleague, who sets a password from the link in a browser of their own and signs in", async () => {
  const email = `nino.${Date.now()}@demo.test`;
  const { page, context } = await signedInPage(browser, "admin@demo.test");
  await context.grantPermissions(["clipboard-read", "clipboard-write"], { origin: BASE_URL });
  await page.goto(`${BASE_URL}/sessions`);
  await page.getByRole("link", { name: "Team" }).click();
  await page.getByRole("heading", { name: "Team", level: 1 }).waitFor();
  const form = page.getByRole("form", { name: "Invite a member" });
  await form.getByLabel("Email").fill(email);
  await form.getByLabel("Name (optional)").fill("Nino Beridze");
  await form.getByLabel("Role").selectOption("operator");
  await form.getByRole("button", { name: "Invite a member" }).click();
  const shown = (await page.getByTestId("invitation-url").textContent())?.trim() ?? "";
  await page.getByRole("button", { name: "Copy" }).click();
  await page.getByText("Copied").waitFor();
  const link = await page.evaluate(() => navigator.clipboard.readText());
  assert.equal(link, shown, "the copied link is the one shown");
  assert.match(link, /\/invitation#token=/);
  await page.getByRole("button", { name: "Close" }).last().click();
  const row = page.locator(`[data-testid=member][data-email="${email}"]`);
  await row.getByText("Invited").waitFor();

  // The colleague's own browser: nothing shared with the admin's.
  const theirs = await browser.newContext();
  const colleague = await theirs.newPage();
  watchForCspViolations(colleague);
  const requested = /** @type {string[]} */ ([]);
  colleague.on("request", (request) => requested.push(request.url()));
  await colleague.goto(link.replace(/^https?:\/\/[^/]+/, BASE_URL));
  await colleague.getByRole("heading", { name: "Choose your password" }).waitFor();
  assert.equal(new URL(colleague.url()).hash, "", "the token leaves the address bar");
  await colleague.getByLabel("New password", { exact: true }).fill("password1234");
  await colleague.getByLabel("New password again").fill("password1234");
  await colleague.getByRole("button", { name: "Set password" }).click();
  await colleague.getByRole("alert").getByText(/too easy to guess/).waitFor();
  await colleague.getByLabel("New password", { exact: true }).fill(COLLEAGUE_PASSWORD);
  await colleague.getByLabel("New password again").fill(COLLEAGUE_PASSWORD);
  await colleague.getByRole("button", { name: "Set password" }).click();
  await colleague.getByText("Your password is set. Sign in with it now.").waitFor();
  assert.equal(new URL(colleague.url()).pathname, "/login");
  const token = new URL(link).hash.slice("#token=".length);
  assert.ok(requested.every((url) => !url.includes(token)), "the invitation token never travels in a URL");
  assert.equal(await colleague.getByLabel("Email").inputValue(), email);
  await colleague.getByLabel("Password").fill(COLLEAGUE_PASSWORD);
  await colleague.getByRole("button", { name: "Sign in" }).click();
  await colleague.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
  assert.equal(await colleague.locator(".topbar__role").textContent(), "Operator");

  // The admin now sees them active, and deactivates them: their next call ends their session.
  await page.reload();
  await row.getByText("Active").waitFor();
  page.once("dialog", (dialog) => void dialog.accept());
  await row.getByRole("button", { name: "Deactivate" }).click();
  await row.getByText("Deactivated").waitFor();
  await colleague.getByRole("link", { name: "My account" }).click();
  await colleague.getByText("Your session has ended. Please sign in again.").waitFor();
  assert.equal(new URL(colleague.url()).pathname, "/login");

  await theirs.close();
  await context.close();
});

test("a sign-in survives a reload and new tabs with no token in storage, and signing out ends it in every tab", async () => {
  const { page, context } = await signedInPage(browser, "operator@demo.test");
  await page.goto(`${BASE_URL}/sessions`);
  const firstRow = page.locator("table.sessions-table tbody tr").first();
  await firstRow.waitFor();
  assert.deepEqual(await storedTokens(page), []);

  // Ctrl+click on a session opens it in a new tab of the same browser, which signs in from the cookie.
  const [opened] = await Promise.all([context.waitForEvent("page"), firstRow.locator("a").first().click({ modifiers: ["Control"] })]);
  await opened.getByTestId("summary").waitFor();
  assert.match(new URL(opened.url()).pathname, /^\/sessions\//);
  assert.deepEqual(await storedTokens(opened), []);

  // So does a tab opened by hand, and a reload.
  const another = await context.newPage();
  watchForCspViolations(another);
  await another.goto(`${BASE_URL}/queue`);
  await another.getByRole("heading", { name: "Awaiting action", level: 1 }).waitFor();
  await page.reload();
  await firstRow.waitFor();
  assert.deepEqual(await storedTokens(page), []);
  const cookie = (await context.cookies()).find((candidate) => candidate.name === "kyc_refresh");
  assert.ok(cookie?.httpOnly, "the refresh token is an HttpOnly cookie");
  assert.equal(cookie?.path, "/api/v1/auth");

  // Three tabs renewed in turn from one cookie: the server ended nothing, so all are still in.
  await opened.getByRole("link", { name: "Sessions" }).first().click();
  await opened.locator("table.sessions-table tbody tr").first().waitFor();

  await another.getByRole("button", { name: "Sign out" }).click();
  await another.getByRole("button", { name: "Sign in" }).waitFor();
  await page.getByRole("button", { name: "Sign in" }).waitFor();
  await opened.getByRole("button", { name: "Sign in" }).waitFor();
  assert.equal((await context.cookies()).filter((candidate) => candidate.name === "kyc_refresh" && candidate.value).length, 0);
  await page.reload();
  await page.getByRole("button", { name: "Sign in" }).waitFor();

  // Signing in again in one tab brings the others back in.
  await signInOnPage(page, "operator@demo.test", PASSWORD);
  await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
  await opened.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
  await context.close();
});

/**
 * A new active operator, invited and with a password set through the API, for a test that changes
 * how they sign in without touching the demo's users.
 */
async function newColleague() {
  const email = `tamar.${Date.now()}@demo.test`;
  const admin = await tokenFor("admin@demo.test");
  const invited = await fetch(`${BASE_URL}/api/v1/users`, {
    method: "POST",
    headers: { Authorization: `Bearer ${admin}`, "Content-Type": "application/json" },
    body: JSON.stringify({ email, name: "Tamar Kapanadze", role: "operator" }),
  });
  assert.equal(invited.status, 201, await invited.clone().text());
  const { invitation_url } = /** @type {{invitation_url: string}} */ (await invited.json());
  const token = new URL(invitation_url).hash.slice("#token=".length);
  const accepted = await fetch(`${BASE_URL}/api/v1/auth/invitations/accept`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ token, password: COLLEAGUE_PASSWORD }),
  });
  assert.ok(accepted.ok, await accepted.text());
  return email;
}

test("a colleague turns on two-factor sign-in from the secret next to the QR code, then signs in with a code", async () => {
  const email = await newColleague();
  const context = await browser.newContext();
  const page = await context.newPage();
  watchForCspViolations(page);
  await page.goto(`${BASE_URL}/login`);
  await signInOnPage(page, email, COLLEAGUE_PASSWORD);
  await page.getByRole("heading", { name: "Sessions", level: 1 }).waitFor();
  await page.getByRole("link", { name: "My account" }).click();
  await page.getByRole("button", { name: "Set up two-factor sign-in" }).click();
  const secret = ((await page.getByTestId("totp-secret").textContent()) ?? "").trim();
  const totp = new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret), algorithm: "SHA1", digits: 6, period: 30 });
  await page.getByLabel("Code from the app").fill(totp.generate());
  await page.getByRole("button", { name: "Turn on two-factor sign-in" }).click();
  const codes = ((await page.getByTestId("recovery-codes-list").textContent()) ?? "").trim();
  assert.match(codes, /[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}/);
  await page.getByRole("button", { name: "I have saved them" }).click();
  await page.getByRole("form", { name: "Turn off" }).waitFor();

  await page.getByRole("button", { name: "Sign out" }).click();
  await signInOnPage(page, email, COLLEAGUE_PASSWORD);
  await page.getByRole("heading", { name: "Two-factor sign-in" }).waitFor();
  await page.getByLabel("Code").fill("000000");
  await page.getByRole("button", { name: "Verify" }).click();
  await page.getByRole("alert").waitFor();
  // A code is good once: the one that confirmed the enrolment is spent, so wait for the next.
  const confirmedIn = Math.floor(Date.now() / 30_000);
  while (Math.floor(Date.now() / 30_000) === confirmedIn) await new Promise((resolve) => setTimeout(resolve, 500));
  await page.getByLabel("Code").fill(totp.generate());
  await page.getByRole("button", { name: "Verify" }).click();
  // Back where they signed out, signed in, with two-factor sign-in on.
  await page.getByRole("heading", { name: "My account", level: 1 }).waitFor();
  await page.getByRole("form", { name: "Turn off" }).waitFor();
  await context.close();
});
