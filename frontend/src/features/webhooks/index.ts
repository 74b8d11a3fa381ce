export { WebhooksManager } from "./components/WebhooksManager";
export { SessionDeliveries } from "./components/SessionDeliveries";
