import { ErrorMessage, Loading } from "../../../components/Status";
import { useApiClientActions, useApiClients } from "../api";
import { ApiKeysManager } from "./ApiKeysManager";

/** The company's API keys, read from and changed on the server. */
export function ApiKeys() {
  const clients = useApiClients();
  const actions = useApiClientActions();
  if (clients.isPending) return <Loading />;
  if (clients.error) return <ErrorMessage error={clients.error} onRetry={() => clients.refetch()} />;
  return <ApiKeysManager clients={clients.data.items} actions={actions} />;
}
