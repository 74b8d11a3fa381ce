// Query keys shared across features, so that one feature's mutation can refresh what another shows
// without importing it.
export const keys = {
  sessions: ["sessions"] as const,
  sessionList: (filters: unknown) => ["sessions", "list", filters] as const,
  session: (id: string) => ["sessions", "detail", id] as const,
  sessionPart: (id: string, part: string) => ["sessions", "detail", id, part] as const,
  photo: (url: string) => ["photo", url] as const,
  auditLog: (filters: unknown) => ["audit", filters] as const,
};
