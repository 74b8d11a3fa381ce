export { SessionList } from "./components/SessionList";
export { StatusBadge } from "./components/StatusBadge";
