export { AuditLog } from "./components/AuditLog";
export { SessionActivity } from "./components/SessionActivity";
