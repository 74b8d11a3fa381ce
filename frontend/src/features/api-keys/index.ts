export { ApiKeys } from "./components/ApiKeys";
export { ApiKeysManager } from "./components/ApiKeysManager";
export type { ApiClient, ApiClientActions, ApiClientWithSecret } from "./types";
