import { useEffect, useState } from "react";
import { QueryClient, QueryClientProvider } from "@tanstack/react-query";
import { BrowserRouter } from "react-router";
import { subscribe, getToken } from "../lib/auth";
import { LanguageProvider } from "../lib/i18n";
import { AppRoutes } from "./routes";

function makeQueryClient() {
  return new QueryClient({
    defaultOptions: {
      queries: { staleTime: 30_000, refetchOnWindowFocus: false, retry: 1 },
    },
  });
}

export function App() {
  const [queryClient] = useState(makeQueryClient);

  // Nothing fetched for one user may be shown to the next: signing out empties the cache.
  useEffect(() => subscribe(() => getToken() === null && queryClient.clear()), [queryClient]);

  return (
    <LanguageProvider>
      <QueryClientProvider client={queryClient}>
        <BrowserRouter>
          <AppRoutes />
        </BrowserRouter>
      </QueryClientProvider>
    </LanguageProvider>
  );
}
