import type { Schemas } from "../../api/client";

export type ApiClient = Schemas["ApiClientView"];

/** A client with its secret, shown once. */
export type ApiClientWithSecret = Schemas["ApiClientWithSecret"];

/** What the page does with the clients; the hooks over the API provide it. */
export interface ApiClientActions {
  create: (name: string) => Promise<ApiClientWithSecret>;
  rotate: (id: string, gracePeriodHours: number) => Promise<ApiClientWithSecret>;
  revoke: (id: string) => Promise<unknown>;
}
