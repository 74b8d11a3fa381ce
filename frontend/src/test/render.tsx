import type { ReactElement } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { render } from "@testing-library/react";
import { MemoryRouter } from "react-router";
import { vi } from "vitest";
import { LanguageProvider, type Language } from "../lib/i18n";

interface Options {
  language?: Language;
  route?: string;
}

/** Renders `ui` inside the app's providers: language, a fresh query cache and an in-memory router. */
export function renderWithProviders(ui: ReactElement, { language = "en", route = "/" }: Options = {}) {
  const queryClient = new QueryClient({ defaultOptions: { queries: { retry: false }, mutations: { retry: false } } });
  return render(
    <LanguageProvider initial={language}>
      <QueryClientProvider client={queryClient}>
        <MemoryRouter initialEntries={[route]}>{ui}</MemoryRouter>
      </QueryClientProvider>
    </LanguageProvider>,
  );
}

/** Answers every request with `respond`, and records the requests. */
export function stubFetch(respond: (request: Request) => Response | Promise<Response>) {
  const requests: Request[] = [];
  vi.stubGlobal("fetch", async (request: Request) => {
    requests.push(request.clone());
    return respond(request);
  });
  return requests;
}

export function json(body: unknown, status = 200, contentType = "application/json") {
  return new Response(JSON.stringify(body), { status, headers: { "Content-Type": contentType } });
}

export const problem = (status: number, detail: string) =>
  json({ type: "/problems/x", title: "Problem", status, detail }, status, "application/problem+json");

/** An unsigned token with the given claims: the UI only reads claims, the server checks signatures. */
export function tokenFor(claims: Record<string, unknown>) {
  const encode = (value: unknown) => btoa(JSON.stringify(value)).replace(/=+$/, "").replace(/\+/g, "-").replace(/\//g, "_");
  const exp = Math.floor(Date.now() / 1000) + 900;
  return `${encode({ alg: "HS256" })}.${encode({ sub: "user-1", company_id: "company-1", exp, ...claims })}.signature`;
}
