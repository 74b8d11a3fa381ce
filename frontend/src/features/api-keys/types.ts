// The shapes of the API client endpoints as the contract describes them (GET/POST /api-clients,
// POST /api-clients/{id}/rotate, DELETE /api-clients/{id}). Typed here only until the server's
// openapi.yaml documents them; then they come from the generated schema like every other type.

export interface ApiClient {
  id: string;
  name: string;
  client_id: string;
  created_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
  previous_secret_expires_at: string | null;
}

/** A client with its secret, shown once. */
export interface ApiClientWithSecret extends ApiClient {
  client_secret: string;
}

/** What the page does with the clients; the hooks over the API provide it. */
export interface ApiClientActions {
  create: (name: string) => Promise<ApiClientWithSecret>;
  rotate: (id: string, gracePeriodHours: number) => Promise<ApiClientWithSecret>;
  revoke: (id: string) => Promise<unknown>;
}
